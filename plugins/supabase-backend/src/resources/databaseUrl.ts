import type { DatabaseConnection } from './secrets';

/**
 * A libpq connection URL to the project's database as `role`: user and
 * password percent-encoded (any characters work), an IPv6 host in brackets,
 * the database name and the project's sslmode. The one place such a URL is
 * made: the components' Secret and the connection string a developer
 * reveals both come from here.
 */
export function databaseUrl(
  db: Pick<DatabaseConnection, 'host' | 'port' | 'database' | 'sslMode'>,
  role: string,
  password: string,
): string {
  const host = db.host.includes(':') ? `[${db.host}]` : db.host;
  return `postgres://${encodeURIComponent(role)}:${encodeURIComponent(
    password,
  )}@${host}:${db.port}/${encodeURIComponent(
    db.database,
  )}?sslmode=${encodeURIComponent(db.sslMode)}`;
}
