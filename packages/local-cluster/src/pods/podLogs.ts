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

type LineListener = (line: LogLine) => void;

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/**
 * The log of one container instance (one run; a restart starts a new
 * instance). Lines keep the order in which they were written (stdout and
 * stderr go to one pipe). Bounded like the kubelet's rotated log file: the
 * oldest lines are dropped beyond `maxBytes`.
 */
export class ContainerLog {
  private readonly lines: LogLine[] = [];
  private bytes = 0;
  private pending = '';
  private ended = false;
  private readonly listeners = new Set<{
    onLine: LineListener;
    onEnd: () => void;
  }>();

  constructor(private readonly maxBytes = DEFAULT_MAX_BYTES) {}

  /** Appends output; complete lines are published at once. */
  write(chunk: string) {
    if (this.ended) return;
    const text = this.pending + chunk;
    const parts = text.split('\n');
    this.pending = parts.pop() ?? '';
    for (const part of parts) this.push({ time: nanoTimestamp(), text: part });
    // Very long lines are split as the CRI does (16 KiB).
    while (this.pending.length > 16 * 1024) {
      this.push({
        time: nanoTimestamp(),
        text: this.pending.slice(0, 16 * 1024),
        partial: true,
      });
      this.pending = this.pending.slice(16 * 1024);
    }
  }

  /** Appends one whole line. */
  writeLine(text: string) {
    this.write(`${text}\n`);
  }

  /** The container instance ended: flush and close followers. */
  end() {
    if (this.ended) return;
    if (this.pending) {
      this.push({ time: nanoTimestamp(), text: this.pending, partial: true });
      this.pending = '';
    }
    this.ended = true;
    for (const l of [...this.listeners]) l.onEnd();
    this.listeners.clear();
  }

  get isEnded(): boolean {
    return this.ended;
  }

  private push(line: LogLine) {
    this.lines.push(line);
    this.bytes += line.text.length + 1;
    while (this.bytes > this.maxBytes && this.lines.length > 1) {
      const dropped = this.lines.shift()!;
      this.bytes -= dropped.text.length + 1;
    }
    for (const l of [...this.listeners]) l.onLine(line);
  }

  /** The lines kept now, filtered as `tailLines` and `sinceTime` ask. */
  snapshot(options: LogReadOptions = {}): LogLine[] {
    let out = this.lines;
    if (options.sinceTime !== undefined) {
      const since = options.sinceTime;
      out = out.filter(l => Date.parse(l.time) >= since);
    }
    if (options.tailLines !== undefined && options.tailLines >= 0) {
      out = options.tailLines === 0 ? [] : out.slice(-options.tailLines);
    }
    return [...out];
  }

  /** Follows new lines until the instance ends; returns an unsubscribe. */
  follow(onLine: LineListener, onEnd: () => void): () => void {
    if (this.ended) {
      onEnd();
      return () => {};
    }
    const entry = { onLine, onEnd };
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  /** The whole text, for termination messages and tests. */
  text(): string {
    return (
      this.lines.map(l => (l.partial ? l.text : `${l.text}\n`)).join('') +
      this.pending
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
