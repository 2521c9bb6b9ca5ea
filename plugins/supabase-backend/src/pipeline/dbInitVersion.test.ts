import { dbInitVersion, versionChanges } from './dbInitVersion';

const sqlSet = {
  files: [],
  runner: '',
  initSql: '',
  version: 'sqlv1',
};

describe('dbInitVersion', () => {
  const settings = {
    keysVersion: 'keys',
    jwtExpirySeconds: 3600,
    rolesVersion: 'roles123',
  };

  it('changes with the database, as a setting, so another database is initialized', () => {
    const here = dbInitVersion(sqlSet, undefined, {
      ...settings,
      databaseVersion: 'aaaa',
    });
    const there = dbInitVersion(sqlSet, undefined, {
      ...settings,
      databaseVersion: 'bbbb',
    });
    expect(here).not.toBe(there);
    expect(
      dbInitVersion(sqlSet, undefined, {
        ...settings,
        databaseVersion: 'aaaa',
      }),
    ).toBe(here);
    // Never held back as an SQL upgrade would be.
    expect(versionChanges(here, there)).toEqual({
      sql: false,
      jwt: true,
      roles: false,
      settings: true,
    });
  });
});
