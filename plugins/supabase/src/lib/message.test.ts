import { SUMMARY_MAX_LENGTH, summarizeMessage } from './message';

describe('summarizeMessage', () => {
  it('keeps a one-line message as it is', () => {
    expect(summarizeMessage('Secret team-a/db has no key "password"')).toBe(
      'Secret team-a/db has no key "password"',
    );
  });

  it('keeps the first line and drops a lead-in to the lines after it', () => {
    expect(
      summarizeMessage(
        'The db-init Job failed after 4 attempts (BackoffLimitExceeded). Last log lines:\npsql: error: connection refused\nsupabase-init: summary',
      ),
    ).toBe('The db-init Job failed after 4 attempts (BackoffLimitExceeded).');
  });

  it('keeps a first line ending in a colon that has no sentence before it', () => {
    expect(summarizeMessage('Components not available:\nkong')).toBe(
      'Components not available:',
    );
  });

  it('cuts a long line', () => {
    const summary = summarizeMessage('x'.repeat(500));
    expect(summary).toHaveLength(SUMMARY_MAX_LENGTH);
    expect(summary.endsWith('…')).toBe(true);
  });
});
