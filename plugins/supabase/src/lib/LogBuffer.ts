/** What the log viewer shows of a buffer. */
export interface LogView {
  /** The visible tail of the log. */
  text: string;
  /** Lines in the whole log. */
  totalLines: number;
  /** Lines before the visible tail. */
  hiddenLines: number;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    count += 1;
  }
  return count;
}

/**
 * The whole text of one log, and a window on its last lines for display.
 *
 * Backstage's LogViewer re-parses everything unless the new text starts with
 * the previous one. So the window does not slide line by line: it grows by
 * appending until it holds half as many lines again as `maxLines`, then jumps
 * to the last `maxLines`. Most updates stay cheap appends, and the viewer
 * never holds more than `1.5 * maxLines` lines.
 */
export class LogBuffer {
  private whole = '';
  private newlines = 0;
  private windowStart = 0;
  private windowNewlines = 0;

  constructor(readonly maxLines: number) {}

  append(text: string): void {
    if (!text) {
      return;
    }
    const added = countNewlines(text);
    this.whole += text;
    this.newlines += added;
    this.windowNewlines += added;
    if (this.linesFrom(this.windowNewlines) > this.maxLines * 1.5) {
      this.shrinkWindow();
    }
  }

  /** Everything received, for copy. */
  get text(): string {
    return this.whole;
  }

  view(): LogView {
    return {
      text: this.windowStart ? this.whole.slice(this.windowStart) : this.whole,
      totalLines: this.linesFrom(this.newlines),
      hiddenLines: this.newlines - this.windowNewlines,
    };
  }

  /** Lines in a stretch ending at the end of the log with this many newlines. */
  private linesFrom(newlines: number): number {
    return this.endsMidLine() ? newlines + 1 : newlines;
  }

  private endsMidLine(): boolean {
    return this.whole.length > 0 && !this.whole.endsWith('\n');
  }

  private shrinkWindow(): void {
    // A final newline ends the last line, so one more hop is needed then.
    const hops = this.endsMidLine() ? this.maxLines : this.maxLines + 1;
    let position = this.whole.length;
    for (let i = 0; i < hops; i++) {
      position = this.whole.lastIndexOf('\n', position - 1);
    }
    this.windowStart = position + 1;
    this.windowNewlines = hops - 1;
  }
}
