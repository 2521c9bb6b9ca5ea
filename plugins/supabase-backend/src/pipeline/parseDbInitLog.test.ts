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

describe('parseDbInitLog: databases and their claims', () => {
  it('reads the claim, the created database and the files not attempted', () => {
    const log = [
      'supabase-init: database=supabase_team_a_shop created=true',
      'supabase-init: claim database=supabase_team_a_shop claimant=team-a/shop result=claimed',
      'supabase-init: file=00-initial-schema.sql result=applied errors=0 checksum=a',
      'supabase-init: file=01-roles.sql result=failed errors=1 checksum=b',
      'supabase-init: file=02-jwt.sql result=not-attempted',
      'supabase-init: file=custom/seed.sql result=not-attempted',
      'supabase-init: summary applied=1 skipped=0 failed=1 errors=1 not_attempted=2',
    ].join('\n');
    const parsed = parseDbInitLog(log);
    expect(parsed.database).toEqual({
      name: 'supabase_team_a_shop',
      created: true,
    });
    expect(parsed.claim).toEqual({
      database: 'supabase_team_a_shop',
      claimant: 'team-a/shop',
      result: 'claimed',
    });
    expect(parsed.fileResults.map(f => [f.file, f.result])).toEqual([
      ['00-initial-schema.sql', 'applied'],
      ['01-roles.sql', 'failed'],
      ['02-jwt.sql', 'not-attempted'],
      ['custom/seed.sql', 'not-attempted'],
    ]);
    expect(parsed.release).toBeUndefined();
  });

  it('names the project holding a claimed database', () => {
    const log =
      'supabase-init: error=database-claimed claimant=team-a/shop message=Database "shop" belongs to project team-a/shop; use another database.\n';
    expect(parseDbInitLog(log).errors).toEqual([
      {
        code: 'database-claimed',
        claimant: 'team-a/shop',
        message:
          'Database "shop" belongs to project team-a/shop; use another database.',
      },
    ]);
  });

  it('reads a release, and a release with nothing to release', () => {
    expect(
      parseDbInitLog(
        'supabase-init: released database=shop claimant=team-a/shop\n',
      ).release,
    ).toEqual({ database: 'shop', claimant: 'team-a/shop', released: true });
    expect(
      parseDbInitLog(
        'supabase-init: released database=shop claimant=team-a/shop result=none\n',
      ).release,
    ).toEqual({ database: 'shop', claimant: 'team-a/shop', released: false });
  });
});
