import { nanoTimestamp } from '../util';

/** One log line of a container, as the kubelet keeps it. */
export interface LogLine {
  /** RFC 3339 with nanoseconds. */
  time: string;
  /** The text, without the line break. */
  text: string;
  /** The last line of a container that ended without a line break. */
  partial?: boolean;
}

export interface LogReadOptions {
  timestamps?: boolean;
  tailLines?: number;
  sinceTime?: number;
  limitBytes?: number;
}

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * The log of one container instance (one run; a restart starts a new
 * instance). Lines keep the order in which they were written (stdout and
 * stderr go to one pipe). Bounded like the kubelet's rotated log file: the
 * oldest lines are dropped beyond `maxBytes`.
 */
export class ContainerLog {
  /** Kept lines are `lines[head..]`; the slots before `head` were dropped. */
  private lines: Array<LogLine | undefined> = [];
  private head = 0;
  /** Lines dropped since the start: the absolute index of `lines[head]`. */
  private dropped = 0;
  private bytes = 0;
  private pending = '';
  private ended = false;
  private readonly listeners = new Set<() => void>();
  private rewrite: (text: string) => string = text => text;

  constructor(private readonly maxBytes = DEFAULT_MAX_BYTES) {}

  /** Rewrites each line before it is kept (the node maps paths back). */
  rewriteLines(rewrite: (text: string) => string) {
    this.rewrite = rewrite;
  }

  /** Appends output; complete lines are published at once. */
  write(chunk: string) {
    if (this.ended) return;
    const text = this.pending + chunk;
    const parts = text.split('\n');
    this.pending = parts.pop() ?? '';
    const time = nanoTimestamp();
    for (const part of parts) this.push({ time, text: part });
    // Very long lines are split as the CRI does (16 KiB).
    while (this.pending.length > 16 * 1024) {
      this.push({
        time,
        text: this.pending.slice(0, 16 * 1024),
        partial: true,
      });
      this.pending = this.pending.slice(16 * 1024);
    }
    this.notify();
  }

  /** Appends one whole line. */
  writeLine(text: string) {
    this.write(`${text}\n`);
  }

  /** The container instance ended: flush and wake readers. */
  end() {
    if (this.ended) return;
    if (this.pending) {
      this.push({ time: nanoTimestamp(), text: this.pending, partial: true });
      this.pending = '';
    }
    this.ended = true;
    this.notify();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** The absolute index just past the last line: where a follower starts. */
  get endCursor(): number {
    return this.dropped + this.lines.length - this.head;
  }

  private push(raw: LogLine) {
    const line = { ...raw, text: this.rewrite(raw.text) };
    this.lines.push(line);
    this.bytes += line.text.length + 1;
    while (this.bytes > this.maxBytes && this.lines.length - this.head > 1) {
      this.bytes -= this.lines[this.head]!.text.length + 1;
      this.lines[this.head] = undefined;
      this.head++;
      this.dropped++;
    }
    // Compact now and then rather than shifting the array on every line.
    if (this.head > 4096 && this.head * 2 > this.lines.length) {
      this.lines = this.lines.slice(this.head);
      this.head = 0;
    }
  }

  private kept(): LogLine[] {
    return this.lines.slice(this.head) as LogLine[];
  }

  /** The lines kept now, filtered as `tailLines` and `sinceTime` ask. */
  snapshot(options: LogReadOptions = {}): LogLine[] {
    let out = this.kept();
    if (options.sinceTime !== undefined) {
      const since = options.sinceTime;
      out = out.filter(l => Date.parse(l.time) >= since);
    }
    if (options.tailLines !== undefined && options.tailLines >= 0) {
      out = options.tailLines === 0 ? [] : out.slice(-options.tailLines);
    }
    return out;
  }

  /**
   * The lines from absolute index `cursor` on, up to about `maxBytes`, and
   * the cursor after them. A reader that fell behind the kept window (the
   * log was rotated under it) continues at the oldest kept line.
   */
  readFrom(
    cursor: number,
    maxBytes: number,
  ): { lines: LogLine[]; next: number } {
    let index = Math.max(cursor, this.dropped) - this.dropped + this.head;
    const out: LogLine[] = [];
    let size = 0;
    while (index < this.lines.length && size < maxBytes) {
      const line = this.lines[index++]!;
      out.push(line);
      size += line.text.length + 1;
    }
    return { lines: out, next: this.dropped + index - this.head };
  }

  /** Calls `listener` after every append and at the end; returns an unsubscribe. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private notify() {
    for (const listener of [...this.listeners]) listener();
  }

  /** The whole text, for termination messages and tests. */
  text(): string {
    return (
      this.kept()
        .map(l => (l.partial ? l.text : `${l.text}\n`))
        .join('') + this.pending
    );
  }
}

export function formatLogLine(line: LogLine, timestamps: boolean): string {
  const text = line.partial ? line.text : `${line.text}\n`;
  return timestamps ? `${line.time} ${text}` : text;
}

/** The logs of every container instance of every pod on the node. */
export class PodLogStore {
  private readonly logs = new Map<string, ContainerLog[]>();

  constructor(private readonly maxBytesPerContainer = DEFAULT_MAX_BYTES) {}

  /** Starts the log of a new instance of a container. */
  startInstance(podUid: string, container: string): ContainerLog {
    const key = `${podUid}/${container}`;
    const list = this.logs.get(key) ?? [];
    const log = new ContainerLog(this.maxBytesPerContainer);
    list.push(log);
    // The kubelet keeps the current and the previous instance only.
    while (list.length > 2) list.shift();
    this.logs.set(key, list);
    return log;
  }

  current(podUid: string, container: string): ContainerLog | undefined {
    const list = this.logs.get(`${podUid}/${container}`);
    return list?.[list.length - 1];
  }

  previous(podUid: string, container: string): ContainerLog | undefined {
    const list = this.logs.get(`${podUid}/${container}`);
    return list && list.length > 1 ? list[list.length - 2] : undefined;
  }

  dropPod(podUid: string) {
    for (const key of [...this.logs.keys()]) {
      if (key.startsWith(`${podUid}/`)) {
        for (const log of this.logs.get(key) ?? []) log.end();
        this.logs.delete(key);
      }
    }
  }
}
