import { randomInt, randomUUID } from 'node:crypto';

/** `metav1.Time`: RFC 3339 with second precision. */
/**
 * A deep copy of JSON data (objects, arrays, strings, numbers, booleans,
 * null). Unlike `structuredClone`, the copy is made of this module's own
 * objects and arrays, so it compares equal (`isDeepStrictEqual`) to objects
 * built here, wherever the original came from.
 */
export function copyJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyJson) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = copyJson(v);
    return out as T;
  }
  return value;
}

export function timestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `metav1.MicroTime`: RFC 3339 with microseconds. */
export function microTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

let lastNanos = 0n;

/**
 * An RFC 3339 timestamp with nanoseconds, as the kubelet prefixes log lines
 * with for `timestamps=true`. Strictly increasing within the process.
 */
export function nanoTimestamp(): string {
  const wall =
    BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
  const nanos = wall > lastNanos ? wall : lastNanos + 1n;
  lastNanos = nanos;
  const ms = Number(nanos / 1_000_000n);
  const frac = (nanos % 1_000_000_000n).toString().padStart(9, '0');
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, `.${frac}Z`);
}

export function newUid(): string {
  return randomUUID();
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** The 5 random characters `generateName` appends (apiserver's SimpleNameGenerator). */
export function randomSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  }
  return out;
}

export function generateName(base: string): string {
  const maxGeneratedNameLength = 63 - 5;
  const prefix =
    base.length > maxGeneratedNameLength
      ? base.slice(0, maxGeneratedNameLength)
      : base;
  return `${prefix}${randomSuffix()}`;
}

/** A short human duration as kubectl shows it: `5s`, `3m12s`, `2d`. */
export function humanDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (days < 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (days < 365 * 2) return `${days}d`;
  return `${Math.floor(days / 365)}y`;
}

export function sinceTimestamp(
  ts: string | undefined,
  now = Date.now(),
): string {
  if (!ts) return '<unknown>';
  return humanDuration(now - Date.parse(ts));
}

/** A simple FNV-1a hash, as used for `pod-template-hash` (not the same value as Kubernetes). */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Encodes a number with the alphabet `rand.SafeEncodeString` uses. */
export function safeEncode(n: number): string {
  let out = '';
  let v = n;
  do {
    out += SUFFIX_ALPHABET[v % SUFFIX_ALPHABET.length];
    v = Math.floor(v / SUFFIX_ALPHABET.length);
  } while (v > 0);
  return out;
}

/** A timer set that can be cleared at once when the cluster stops. */
export class Timers {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  set(fn: () => void, ms: number): NodeJS.Timeout | undefined {
    if (this.stopped) return undefined;
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, Math.max(0, ms));
    this.timers.add(t);
    return t;
  }

  clear(t: NodeJS.Timeout | undefined) {
    if (!t) return;
    clearTimeout(t);
    this.timers.delete(t);
  }

  stop() {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  get isStopped(): boolean {
    return this.stopped;
  }
}

/**
 * A deduplicating work queue: keys added while queued are processed once,
 * on a later turn of the event loop (never inside the write that caused it).
 */
export class WorkQueue {
  private readonly queued = new Set<string>();
  private scheduled = false;
  private stopped = false;

  constructor(private readonly process: (key: string) => void) {}

  add(key: string) {
    if (this.stopped) return;
    this.queued.add(key);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  private drain() {
    this.scheduled = false;
    const keys = [...this.queued];
    this.queued.clear();
    for (const key of keys) {
      if (this.stopped) return;
      try {
        this.process(key);
      } catch (error) {
        process.emitWarning(
          `local-cluster controller failed on ${key}: ${
            (error as Error)?.stack ?? error
          }`,
        );
      }
    }
  }

  stop() {
    this.stopped = true;
    this.queued.clear();
  }
}
