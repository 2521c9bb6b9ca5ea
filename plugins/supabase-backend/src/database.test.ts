import { TestDatabases } from '@backstage/backend-test-utils';

// Migrations on a real PostgreSQL, on a machine that may be busy.
jest.setTimeout(120_000);

// The store runs on both databases Backstage supports in production and in
// `yarn start`. POSTGRES_15 is a throwaway server with password auth started
// by the package's Jest globalSetup.
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe('test databases', () => {
  it('includes a real PostgreSQL', () => {
    expect(databases.supports('POSTGRES_15')).toBe(true);
  });

  it.each(databases.eachSupportedId())(
    'connects to %p and round-trips a value',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const rows = await knex.raw(`SELECT 'supabase' AS value`);
      const value = Array.isArray(rows) ? rows[0].value : rows.rows[0].value;
      expect(value).toBe('supabase');
    },
  );
});
