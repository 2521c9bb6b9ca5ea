/** What the log viewer shows of a buffer. */
export interface LogView {
  /** The last lines of the log, at most `maxLines`; the last may be unfinished. */
  lines: readonly string[];
  /** The log's own number of `lines[0]`: 1 for the first line of the log. */
  firstLine: number;
  /** Lines in the whole log. */
  totalLines: number;
  /** Lines before the shown ones. */
  hiddenLines: number;
}

export const EMPTY_LOG_VIEW: LogView = {
  lines: [],
  firstLine: 1,
  totalLines: 0,
  hiddenLines: 0,
};

/**
 * The whole text of one log, and a fixed window on its last `maxLines` lines
 * for display. Appending splits only the new text into lines; once the window
 * is full, every new line pushes the oldest one out, so the viewer always
 * holds the same number of lines and its scroll height stays put.
 */
export class LogBuffer {
  private readonly chunks: string[] = [];
  private joined: string | undefined = '';
  /** Finished lines in the window. */
  private readonly finished: string[] = [];
  /** The unfinished last line, if the text does not end with a newline. */
  private unfinished = '';
  /** Finished lines pushed out of the window. */
  private dropped = 0;

  constructor(readonly maxLines: number) {}

  append(text: string): void {
    if (!text) {
      return;
    }
    this.chunks.push(text);
    this.joined = undefined;
    const parts = (this.unfinished + text).split('\n');
    this.unfinished = parts.pop()!;
    for (const line of parts) {
      this.finished.push(line);
    }
    const excess =
      this.finished.length + (this.unfinished ? 1 : 0) - this.maxLines;
    if (excess > 0) {
      this.finished.splice(0, excess);
      this.dropped += excess;
    }
  }

  /** Everything received, for copy. */
  get text(): string {
    if (this.joined === undefined) {
      // Joined once, and kept as the one chunk the next appends follow.
      this.joined = this.chunks.join('');
      this.chunks.splice(0, this.chunks.length, this.joined);
    }
    return this.joined;
  }

  view(): LogView {
    const lines = this.unfinished
      ? [...this.finished, this.unfinished]
      : this.finished.slice();
    return {
      lines,
      firstLine: this.dropped + 1,
      totalLines: this.dropped + lines.length,
      hiddenLines: this.dropped,
    };
  }
}
