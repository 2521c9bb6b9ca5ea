import type { V1Secret } from '@kubernetes/client-node';

/** A Secret's values, decoded. Values never leave the backend. */
export function secretData(secret: V1Secret): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    values[key] = Buffer.from(value, 'base64').toString('utf8');
  }
  for (const [key, value] of Object.entries(secret.stringData ?? {})) {
    values[key] = value;
  }
  return values;
}
