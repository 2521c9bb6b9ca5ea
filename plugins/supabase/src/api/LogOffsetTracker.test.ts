import { LogOffsetTracker } from './LogOffsetTracker';

describe('LogOffsetTracker', () => {
  it('passes new text through and drops ranges already seen', () => {
    const tracker = new LogOffsetTracker();
    expect(tracker.accept({ attempt: 1, offset: 0, text: 'abc' })).toEqual({
      attempt: 1,
      offset: 0,
      text: 'abc',
    });
    expect(tracker.accept({ attempt: 1, offset: 0, text: 'abc' })).toBe(
      undefined,
    );
    expect(tracker.accept({ attempt: 1, offset: 1, text: 'bc' })).toBe(
      undefined,
    );
  });

  it('keeps only the unseen tail of an overlapping chunk', () => {
    const tracker = new LogOffsetTracker();
    tracker.accept({ attempt: 1, offset: 0, text: 'abc' });
    expect(tracker.accept({ attempt: 1, offset: 1, text: 'bcdef' })).toEqual({
      attempt: 1,
      offset: 3,
      text: 'def',
    });
  });

  it('tracks each attempt on its own', () => {
    const tracker = new LogOffsetTracker();
    tracker.accept({ attempt: 1, offset: 0, text: 'first' });
    expect(
      tracker.accept({ attempt: 2, offset: 0, text: 'second' })?.text,
    ).toBe('second');
  });
});
