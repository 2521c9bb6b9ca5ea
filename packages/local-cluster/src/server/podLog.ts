/**
 * `GET .../pods/{name}/log`: the container's output as plain text, with
 * `follow` streaming new lines until the container ends, as the kubelet
 * serves it through the API server.
 */
import type { ServerResponse } from 'node:http';
import { badRequest } from '../api/errors';
import type { Kubelet, LogRequest } from '../pods/kubelet';
import { formatLogLine, type LogLine } from '../pods/podLogs';
import { queryFlag } from './queryFlag';

function intParam(
  query: URLSearchParams,
  key: string,
  min: number,
): number | undefined {
  const raw = query.get(key);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    throw badRequest(`invalid value for ${key}: ${JSON.stringify(raw)}`);
  }
  return n;
}

/** Reads the log options of the query, with the API server's checks. */
export function parseLogRequest(query: URLSearchParams): LogRequest {
  const sinceSeconds = intParam(query, 'sinceSeconds', 1);
  const sinceTimeRaw = query.get('sinceTime');
  if (sinceSeconds !== undefined && sinceTimeRaw) {
    throw badRequest(
      'at most one of `sinceTime` or `sinceSeconds` may be specified',
    );
  }
  let sinceTime: number | undefined;
  if (sinceTimeRaw) {
    sinceTime = Date.parse(sinceTimeRaw);
    if (Number.isNaN(sinceTime)) {
      throw badRequest(
        `invalid value for sinceTime: ${JSON.stringify(sinceTimeRaw)}`,
      );
    }
  } else if (sinceSeconds !== undefined) {
    sinceTime = Date.now() - sinceSeconds * 1000;
  }
  return {
    container: query.get('container') || undefined,
    follow: queryFlag(query, 'follow'),
    previous: queryFlag(query, 'previous'),
    timestamps: queryFlag(query, 'timestamps'),
    tailLines: intParam(query, 'tailLines', 0),
    limitBytes: intParam(query, 'limitBytes', 1),
    sinceTime,
  };
}

/** Lines are sent in chunks of about this size. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Serves the log; with `follow`, streams new lines as they come, at the
 * pace the client reads (a slow reader holds the stream, not memory).
 */
export function servePodLog(
  kubelet: Kubelet,
  namespace: string,
  name: string,
  request: LogRequest,
  res: ServerResponse,
) {
  const opened = kubelet.openLog(namespace, name, request);
  let budget = request.limitBytes ?? Infinity;
  /** Writes what the byte limit allows; false once it is reached. */
  const write = (lines: LogLine[]): { more: boolean; flowing: boolean } => {
    let text = lines
      .map(line => formatLogLine(line, !!request.timestamps))
      .join('');
    let size = Buffer.byteLength(text);
    if (size > budget) {
      text = Buffer.from(text).subarray(0, budget).toString('utf8');
      size = budget;
    }
    budget -= size;
    const flowing = text ? res.write(text) : true;
    return { more: budget > 0, flowing };
  };
  res.writeHead(200, {
    'Content-Type': 'text/plain',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  const first = write(opened.lines);
  const log = opened.follow;
  if (!log || !first.more) {
    res.end();
    return;
  }

  let closed = false;
  let wake: (() => void) | undefined;
  const wait = (subscribe: (fire: () => void) => () => void) =>
    new Promise<void>(resolve => {
      const unsubscribe = subscribe(() => {
        unsubscribe();
        wake = undefined;
        resolve();
      });
      wake = () => {
        unsubscribe();
        resolve();
      };
    });
  res.on('close', () => {
    closed = true;
    wake?.();
  });

  const pump = async () => {
    let cursor = opened.cursor;
    let flowing = first.flowing;
    while (!closed) {
      if (!flowing) {
        await wait(fire => {
          res.once('drain', fire);
          return () => res.off('drain', fire);
        });
        flowing = true;
        continue;
      }
      const { lines, next } = log.readFrom(cursor, CHUNK_BYTES);
      if (lines.length) {
        cursor = next;
        const result = write(lines);
        if (!result.more) break;
        flowing = result.flowing;
        continue;
      }
      if (log.isEnded) break;
      await wait(fire => log.onChange(fire));
    }
    if (!closed) res.end();
  };
  pump().catch(() => res.destroy());
}
