import { searchLog } from './searchLog';

const log = [
  'psql: starting',
  'supabase-init: file=00-initial-schema.sql result=applied',
  'NOTICE: something',
  'supabase-init: file=01-roles.sql result=applied',
  'supabase-init: summary applied=2',
].join('\n');

describe('searchLog', () => {
  it('numbers matching lines as in the whole log and ignores case', () => {
    expect(
      searchLog(log, 'SUPABASE-INIT: file', { offset: 0, limit: 10 }),
    ).toEqual({
      query: 'SUPABASE-INIT: file',
      total: 2,
      offset: 0,
      matches: [
        {
          line: 2,
          text: 'supabase-init: file=00-initial-schema.sql result=applied',
        },
        { line: 4, text: 'supabase-init: file=01-roles.sql result=applied' },
      ],
    });
  });

  it('returns the page asked for with the total', () => {
    const result = searchLog(log, 'supabase-init', { offset: 1, limit: 1 });
    expect(result.total).toBe(3);
    expect(result.matches).toEqual([
      { line: 4, text: 'supabase-init: file=01-roles.sql result=applied' },
    ]);
  });

  it('counts a final line without a newline and a trailing newline alike', () => {
    expect(
      searchLog(`${log}\n`, 'summary', { offset: 0, limit: 5 }).matches,
    ).toEqual([{ line: 5, text: 'supabase-init: summary applied=2' }]);
    expect(searchLog('a\n\nb', 'b', { offset: 0, limit: 5 }).matches).toEqual([
      { line: 3, text: 'b' },
    ]);
  });

  it('finds nothing in an empty log', () => {
    expect(searchLog('', 'x', { offset: 0, limit: 5 })).toEqual({
      query: 'x',
      total: 0,
      offset: 0,
      matches: [],
    });
  });
});
