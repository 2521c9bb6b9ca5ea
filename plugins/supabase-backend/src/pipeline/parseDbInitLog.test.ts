import { parseDbInitLog } from './parseDbInitLog';

describe('parseDbInitLog', () => {
  it('reads per-file results and warnings, ignoring other lines', () => {
    const log = [
      'Waiting for the database...',
      'supabase-init: file=00-initial-schema.sql result=applied errors=0 checksum=abc',
      'psql:/scripts/01-roles.sql:3: ERROR:  role "x" does not exist',
      'supabase-init: file=01-roles.sql result=failed errors=2 checksum=def',
      'supabase-init: file=02-jwt.sql result=skipped errors=0 checksum=ghi',
      'supabase-init: warning=wal_level message=Realtime needs wal_level=logical; set it and restart',
      'supabase-init: error=roles-claimed message=The roles are claimed (supabase-backstage roles version=ab claimant=a/b). Fix it.',
      'supabase-init: summary applied=1 skipped=1 failed=1 errors=2',
    ].join('\n');
    expect(parseDbInitLog(log)).toEqual({
      fileResults: [
        {
          file: '00-initial-schema.sql',
          result: 'applied',
          errors: 0,
          checksum: 'abc',
        },
        { file: '01-roles.sql', result: 'failed', errors: 2, checksum: 'def' },
        { file: '02-jwt.sql', result: 'skipped', errors: 0, checksum: 'ghi' },
      ],
      warnings: [
        {
          code: 'wal_level',
          message: 'Realtime needs wal_level=logical; set it and restart',
        },
      ],
      errors: [
        {
          code: 'roles-claimed',
          message:
            'The roles are claimed (supabase-backstage roles version=ab claimant=a/b). Fix it.',
        },
      ],
    });
  });

  it('keeps the last result of a file that appears twice', () => {
    const log =
      'supabase-init: file=a.sql result=failed errors=1\n' +
      'supabase-init: file=a.sql result=applied errors=0\n';
    expect(parseDbInitLog(log).fileResults).toEqual([
      { file: 'a.sql', result: 'applied', errors: 0 },
    ]);
  });

  it('returns nothing for a log without result lines', () => {
    expect(parseDbInitLog('could not connect\n')).toEqual({
      fileResults: [],
      warnings: [],
      errors: [],
    });
  });
});
