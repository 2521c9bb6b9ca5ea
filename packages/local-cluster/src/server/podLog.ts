/**
 * `GET .../pods/{name}/log`: the container's output as plain text, with
 * `follow` streaming new lines until the container ends, as the kubelet
 * serves it through the API server.
 */
import type { ServerResponse } from 'node:http';
import { badRequest } from '../api/errors';
import type { Kubelet, LogRequest } from '../pods/kubelet';
import { formatLogLine, type LogLine } from '../pods/podLogs';

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

function boolParam(query: URLSearchParams, key: string): boolean {
  const raw = query.get(key);
  return raw === 'true' || raw === '1';
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
    follow: boolParam(query, 'follow'),
    previous: boolParam(query, 'previous'),
    timestamps: boolParam(query, 'timestamps'),
    tailLines: intParam(query, 'tailLines', 0),
    limitBytes: intParam(query, 'limitBytes', 1),
    sinceTime,
  };
}

export function servePodLog(
  kubelet: Kubelet,
  namespace: string,
  name: string,
  request: LogRequest,
  res: ServerResponse,
) {
  const opened = kubelet.openLog(namespace, name, request);
  let budget = request.limitBytes ?? Infinity;
  const write = (line: LogLine): boolean => {
    let text = formatLogLine(line, !!request.timestamps);
    if (Buffer.byteLength(text) > budget) {
      text = Buffer.from(text).subarray(0, budget).toString('utf8');
    }
    budget -= Buffer.byteLength(text);
    res.write(text);
    return budget > 0;
  };
  res.writeHead(200, {
    'Content-Type': 'text/plain',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  for (const line of opened.lines) {
    if (!write(line)) {
      res.end();
      return;
    }
  }
  if (!opened.follow) {
    res.end();
    return;
  }
  const stop = opened.follow.follow(
    line => {
      if (!write(line)) {
        stop();
        res.end();
      }
    },
    () => res.end(),
  );
  res.on('close', () => stop());
}
