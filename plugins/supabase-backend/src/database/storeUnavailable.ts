/** Socket errors that mean the database server cannot be reached. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * SQLSTATE classes and codes of a server that is down, starting or
 * overloaded: connection exceptions (08), insufficient resources (53),
 * operator intervention such as a shutdown (57P01-57P03).
 */
function isUnavailableSqlState(code: string): boolean {
  return (
    code.startsWith('08') ||
    code.startsWith('53') ||
    ['57P01', '57P02', '57P03'].includes(code)
  );
}

/**
 * True when an error from the store means Backstage's database cannot be
 * reached right now (as opposed to a bad query or a conflict): the driver's
 * connection errors and knex's timeout waiting for a connection.
 */
export function isStoreUnavailable(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown; message?: unknown };
  if (e?.name === 'KnexTimeoutError') return true;
  if (typeof e?.code === 'string') {
    if (NETWORK_CODES.has(e.code)) return true;
    if (/^[0-9A-Z]{5}$/.test(e.code) && isUnavailableSqlState(e.code)) {
      return true;
    }
  }
  return (
    typeof e?.message === 'string' &&
    /^Connection terminated|connection (is )?closed|Client has encountered a connection error/i.test(
      e.message,
    )
  );
}
