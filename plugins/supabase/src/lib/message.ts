/** How long a summary may be before it is cut. */
export const SUMMARY_MAX_LENGTH = 160;

/**
 * The gist of a status message, for a table cell: its first line, without a
 * trailing lead-in to what the following lines hold (such as "Last log
 * lines:"), cut at {@link SUMMARY_MAX_LENGTH} characters.
 */
export function summarizeMessage(message: string): string {
  let summary = message.split('\n', 1)[0].trim();
  if (summary.endsWith(':')) {
    // "... backoff limit). Last log lines:" → "... backoff limit)."
    const sentenceEnd = summary.lastIndexOf('. ');
    if (sentenceEnd > 0) summary = summary.slice(0, sentenceEnd + 1);
  }
  if (summary.length > SUMMARY_MAX_LENGTH) {
    summary = `${summary.slice(0, SUMMARY_MAX_LENGTH - 1).trimEnd()}…`;
  }
  return summary;
}
