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

/** Whether the test cluster's PostgreSQL has a database of that name. */
export async function databaseExists(
  cluster: TestCluster,
  name: string,
): Promise<boolean> {
  const rows = await queryDatabase(
    cluster,
    `SELECT 1 FROM pg_database WHERE datname = '${name}'`,
  );
  return rows.length === 1;
}
