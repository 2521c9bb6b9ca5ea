import { DbInitLogSearchResult } from '@supabase-backstage/plugin-supabase-common';

/** One page of a search: which matches to return. */
export interface LogSearchPage {
  offset: number;
  limit: number;
}

/**
 * Finds the lines of a log that contain `query`, ignoring case, numbered as
 * in the whole log, and returns the page asked for with the total count.
 * It walks the text line by line without splitting it, so a large archived
 * log costs one pass and no copy.
 */
export function searchLog(
  log: string,
  query: string,
  page: LogSearchPage,
): DbInitLogSearchResult {
  const needle = query.toLowerCase();
  const matches: DbInitLogSearchResult['matches'] = [];
  let total = 0;
  let line = 0;
  let start = 0;
  while (start < log.length) {
    const newline = log.indexOf('\n', start);
    const end = newline === -1 ? log.length : newline;
    line += 1;
    const text = log.slice(start, end);
    if (text.toLowerCase().includes(needle)) {
      if (total >= page.offset && matches.length < page.limit) {
        matches.push({ line, text });
      }
      total += 1;
    }
    start = end + 1;
  }
  return { query, total, offset: page.offset, matches };
}
