import { Client } from 'pg';
import { TestCluster } from './startTestCluster';

/**
 * Runs one query on the test cluster's PostgreSQL, as its admin unless a
 * login is given, in its default database unless another is named, and
 * closes the connection.
 */
export async function queryDatabase<T = Record<string, any>>(
  cluster: TestCluster,
  sql: string,
  login: { user: string; password: string } = {
    user: cluster.postgres.user,
    password: cluster.postgres.password,
  },
  database: string = cluster.postgres.database,
): Promise<T[]> {
  const client = new Client({
    host: cluster.postgres.host,
    port: cluster.postgres.port,
    database,
    ...login,
  });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}
