/* Which of the pipeline's calls reach the API server, counted by verb and
 * kind: what a figure of requests per project is made of. */
import type { ClusterClient } from '../../plugins/supabase-backend/src/kubernetes/ClusterClient';

/** The kind a client call is about, from its arguments. */
function kindOf(method: string, args: unknown[]): string {
  if (method === 'list') return String(args[1]);
  if (method === 'readPodLog' || method === 'followPodLog') return 'Pod log';
  return (args[0] as { kind?: string } | undefined)?.kind ?? '';
}

/**
 * Wraps the client the caches read through: every call but the watches (and
 * the caches' own lists and watches, which go through the private `call`)
 * is one request, counted as e.g. "get Job".
 */
export function countCalls(client: ClusterClient) {
  const counts = new Map<string, number>();
  const counted = new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      const method = String(property);
      if (typeof value !== 'function' || ['watch', 'call'].includes(method)) {
        return value;
      }
      return (...args: unknown[]) => {
        const call = `${method} ${kindOf(method, args)}`.trim();
        counts.set(call, (counts.get(call) ?? 0) + 1);
        return value.apply(target, args);
      };
    },
  });
  /** The counts since `before` (or all), most frequent first. */
  const since = (before: Record<string, number> = {}) =>
    Object.fromEntries(
      [...counts]
        .map(([call, count]): [string, number] => [
          call,
          count - (before[call] ?? 0),
        ])
        .filter(([, count]) => count > 0)
        .sort(([, a], [, b]) => b - a),
    );
  return { client: counted, since };
}
