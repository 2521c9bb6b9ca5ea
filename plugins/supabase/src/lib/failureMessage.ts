import { ResponseError } from '@backstage/errors';

/**
 * What to tell the user when an action failed: for a refusal (403),
 * Backstage's permission wording with the permission the server named;
 * otherwise the server's message.
 */
export function failureMessage(error: Error): string {
  if (!ResponseError.is(error)) return error.message;
  const message = error.body.error.message;
  if (error.statusCode === 403) {
    return `Permission denied. ${message}. Ask your Backstage administrator for access.`;
  }
  return message;
}
