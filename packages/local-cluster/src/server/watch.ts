/**
 * `watch=true`: a stream of newline-delimited JSON events (ADDED, MODIFIED,
 * DELETED, and ERROR with a 410 Status when the asked-for resourceVersion is
 * too old), filtered by namespace and selectors the way the API server's
 * watch cache filters them: an object that stops matching is sent as
 * DELETED, one that starts matching as ADDED.
 */
import type { ServerResponse } from 'node:http';
import { expired } from '../api/errors';
import { resourceKey, type ResourceType } from '../api/resources';
import { matches, type Selector } from '../store/selectors';
import type { ObjectStore } from '../store/store';
import type { StoreEvent } from '../store/watchHub';
import type { KubeObject } from '../types';

export interface WatchRequest {
  type: ResourceType;
  namespace?: string;
  selector: Selector;
  /** Unset or "0": start with the current objects as ADDED. */
  resourceVersion?: string;
  timeoutSeconds?: number;
  /** Fault injection: close the connection abruptly after this long. */
  dropAfterMs?: number;
  /** What each event carries instead of the object (e.g. a one-row Table). */
  transform?: (object: KubeObject) => unknown;
}

type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** Translates a store event into what this watch sends, if anything. */
function translate(
  request: WatchRequest,
  event: StoreEvent,
): { type: WatchEventType; object: KubeObject } | undefined {
  const ns = request.type.namespaced ? request.namespace : undefined;
  if (event.resourceKey !== resourceKey(request.type)) return undefined;
  if (ns && event.object.metadata.namespace !== ns) return undefined;
  const now = matches(request.selector, event.object);
  const before = event.previous
    ? matches(request.selector, event.previous)
    : false;
  if (event.type === 'MODIFIED') {
    if (now && before) return { type: 'MODIFIED', object: event.object };
    if (now) return { type: 'ADDED', object: event.object };
    if (before) return { type: 'DELETED', object: event.object };
    return undefined;
  }
  return now ? { type: event.type, object: event.object } : undefined;
}

/**
 * The JSON of a stored object, written once however many watches send it:
 * stored objects are frozen, so it cannot go stale.
 */
const serialized = new WeakMap<KubeObject, string>();
function jsonOf(object: KubeObject): string {
  let json = serialized.get(object);
  if (json === undefined) {
    json = JSON.stringify(object);
    if (Object.isFrozen(object)) serialized.set(object, json);
  }
  return json;
}

export function serveWatch(
  store: ObjectStore,
  request: WatchRequest,
  res: ServerResponse,
) {
  const buffered: StoreEvent[] = [];
  let live = false;
  let lastSent = 0;
  const send = (type: string, object: unknown) => {
    res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const sendObject = (type: WatchEventType, object: KubeObject) => {
    if (request.transform) {
      send(type, request.transform(object));
      return;
    }
    res.write(`{"type":${JSON.stringify(type)},"object":${jsonOf(object)}}\n`);
  };
  const deliver = (event: StoreEvent) => {
    if (event.resourceVersion <= lastSent) return;
    lastSent = event.resourceVersion;
    const out = translate(request, event);
    if (out) sendObject(out.type, out.object);
  };
  // Subscribe before reading the history so that nothing falls in between.
  const unsubscribe = store.hub.subscribe(event => {
    if (live) deliver(event);
    else buffered.push(event);
  });
  const timers: NodeJS.Timeout[] = [];
  const close = () => {
    unsubscribe();
    timers.forEach(clearTimeout);
  };
  res.on('close', close);

  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    'Transfer-Encoding': 'chunked',
  });
  res.flushHeaders();

  const rv = request.resourceVersion;
  if (!rv || rv === '0') {
    const ns = request.type.namespaced ? request.namespace : undefined;
    for (const obj of store.peekAll(request.type, ns)) {
      if (matches(request.selector, obj)) sendObject('ADDED', obj);
    }
    lastSent = store.resourceVersion;
  } else {
    const from = Number(rv);
    const history = Number.isFinite(from) ? store.hub.since(from) : undefined;
    if (!history) {
      const oldest = store.hub.oldestResourceVersion();
      send('ERROR', expired(`too old resource version: ${rv} (${oldest})`));
      res.end();
      close();
      return;
    }
    lastSent = from;
    history.forEach(deliver);
  }
  live = true;
  buffered.splice(0).forEach(deliver);

  if (request.timeoutSeconds !== undefined && request.timeoutSeconds > 0) {
    timers.push(
      setTimeout(() => {
        res.end();
        close();
      }, request.timeoutSeconds * 1000),
    );
  }
  if (request.dropAfterMs !== undefined && request.dropAfterMs > 0) {
    timers.push(
      setTimeout(() => {
        close();
        res.destroy();
      }, request.dropAfterMs),
    );
  }
}
