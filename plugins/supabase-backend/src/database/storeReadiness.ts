import { DatabaseService } from '@backstage/backend-plugin-api';

/** Readiness of Backstage's database: it answers a query. */
export function storeReadinessCheck(database: DatabaseService) {
  return {
    name: 'store',
    async check() {
      const knex = await database.getClient();
      await knex.raw('select 1');
    },
  };
}
