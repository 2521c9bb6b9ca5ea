import { formatAge, formatDuration } from './time';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [999, '0s'],
    [42_000, '42s'],
    [60_000, '1m'],
    [725_000, '12m5s'],
    [10_000, '10s'],
    [3_600_000 + 5000, '1h'],
    [3 * 86_400_000 + 4 * 3_600_000 + 59_000, '3d4h'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatAge', () => {
  it('counts from the timestamp to now', () => {
    expect(
      formatAge('2026-01-01T00:00:00Z', Date.parse('2026-01-01T02:30:00Z')),
    ).toBe('2h30m');
  });
});
