import { LogBuffer } from './LogBuffer';

function lines(from: number, to: number): string {
  let text = '';
  for (let i = from; i <= to; i++) {
    text += `line ${i}\n`;
  }
  return text;
}

function numbered(from: number, to: number): string[] {
  return lines(from, to).trimEnd().split('\n');
}

describe('LogBuffer', () => {
  it('shows everything while the log is short', () => {
    const buffer = new LogBuffer(10);
    buffer.append('a\nb');
    buffer.append('c\n');
    expect(buffer.view()).toEqual({
      lines: ['a', 'bc'],
      firstLine: 1,
      totalLines: 2,
      hiddenLines: 0,
    });
    expect(buffer.text).toBe('a\nbc\n');
  });

  it('keeps a fixed window of the last maxLines lines, numbered as in the log', () => {
    const buffer = new LogBuffer(10);
    buffer.append(lines(1, 15));
    expect(buffer.view()).toEqual({
      lines: numbered(6, 15),
      firstLine: 6,
      totalLines: 15,
      hiddenLines: 5,
    });

    buffer.append(lines(16, 16));
    const view = buffer.view();
    expect(view.lines).toEqual(numbered(7, 16));
    expect(view.firstLine).toBe(7);
    expect(buffer.text).toBe(lines(1, 16));
    buffer.append('more');
    expect(buffer.text).toBe(`${lines(1, 16)}more`);
  });

  it('counts an unfinished last line as a line, and finishes it with the next chunk', () => {
    const buffer = new LogBuffer(2);
    buffer.append('1\n2\n3\n4');
    expect(buffer.view()).toEqual({
      lines: ['3', '4'],
      firstLine: 3,
      totalLines: 4,
      hiddenLines: 2,
    });
    buffer.append('5\n');
    expect(buffer.view()).toEqual({
      lines: ['3', '45'],
      firstLine: 3,
      totalLines: 4,
      hiddenLines: 2,
    });
  });

  it('windows a 100,000-line log to its tail', () => {
    const buffer = new LogBuffer(10_000);
    buffer.append(lines(1, 100_000));
    const view = buffer.view();
    expect(view.totalLines).toBe(100_000);
    expect(view.hiddenLines).toBe(90_000);
    expect(view.firstLine).toBe(90_001);
    expect(view.lines[0]).toBe('line 90001');
    expect(view.lines[view.lines.length - 1]).toBe('line 100000');
  });
});
