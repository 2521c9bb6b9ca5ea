import { LogBuffer } from './LogBuffer';

function lines(from: number, to: number): string {
  let text = '';
  for (let i = from; i <= to; i++) {
    text += `line ${i}\n`;
  }
  return text;
}

describe('LogBuffer', () => {
  it('shows everything while the log is short', () => {
    const buffer = new LogBuffer(10);
    buffer.append('a\nb');
    buffer.append('c\n');
    expect(buffer.view()).toEqual({
      text: 'a\nbc\n',
      totalLines: 2,
      hiddenLines: 0,
    });
  });

  it('keeps appending up to half as many lines again, then shows the last maxLines', () => {
    const buffer = new LogBuffer(10);
    buffer.append(lines(1, 15));
    expect(buffer.view().hiddenLines).toBe(0);

    buffer.append(lines(16, 16));
    const view = buffer.view();
    expect(view.text).toBe(lines(7, 16));
    expect(view.totalLines).toBe(16);
    expect(view.hiddenLines).toBe(6);
    expect(buffer.text).toBe(lines(1, 16));
  });

  it('counts a trailing partial line as a line', () => {
    const buffer = new LogBuffer(2);
    buffer.append('1\n2\n3\n4');
    expect(buffer.view()).toEqual({
      text: '3\n4',
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
    expect(view.text.startsWith('line 90001\n')).toBe(true);
    expect(view.text.endsWith('line 100000\n')).toBe(true);
  });
});
