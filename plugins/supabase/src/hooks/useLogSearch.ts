import { useApi } from '@backstage/core-plugin-api';
import { DbInitLogMatch } from '@supabase-backstage/plugin-supabase-common';
import { useCallback, useEffect, useState } from 'react';
import { ProjectRef, supabaseApiRef } from '../api';
import { useDebouncedValue } from './useDebouncedValue';

/** Matches the server returns at a time. */
export const LOG_SEARCH_PAGE = 200;
const TYPING_PAUSE_MS = 250;

export interface LogSearchState {
  /** The query the matches are for (typing settles before a search). */
  query: string;
  matches: DbInitLogMatch[];
  /** Matching lines in the whole log. */
  total: number;
  loading: boolean;
  error?: Error;
  /** Fetches the next page of matches. */
  loadMore(): void;
}

const IDLE = { query: '', matches: [], total: 0, loading: false };

/**
 * Searches an attempt's whole archived log on the server, not only the lines
 * the viewer holds: once typing pauses, a page of matches with their line
 * numbers, and more pages on request. `target` is undefined while there is no
 * archived log to search.
 */
export function useLogSearch(
  ref: ProjectRef,
  target: { run: number; attempt: number } | undefined,
  query: string,
): LogSearchState {
  const api = useApi(supabaseApiRef);
  const settled = useDebouncedValue(query.trim(), TYPING_PAUSE_MS);
  const [state, setState] = useState<Omit<LogSearchState, 'loadMore'>>(IDLE);
  const { namespace, name } = ref;
  const run = target?.run;
  const attempt = target?.attempt;

  const fetchPage = useCallback(
    async (offset: number, signal?: AbortSignal) => {
      if (run === undefined || attempt === undefined || !settled) {
        setState(IDLE);
        return;
      }
      // A new query starts from no matches; more pages add to them.
      setState(previous =>
        offset === 0
          ? { ...IDLE, query: settled, loading: true }
          : { ...previous, loading: true },
      );
      try {
        const result = await api.searchDbInitLog(
          { namespace, name },
          { run, attempt },
          { query: settled, offset, limit: LOG_SEARCH_PAGE },
        );
        if (signal?.aborted) return;
        setState(previous => ({
          query: settled,
          total: result.total,
          matches:
            offset === 0
              ? result.matches
              : [...previous.matches, ...result.matches],
          loading: false,
        }));
      } catch (error) {
        if (signal?.aborted) return;
        setState({ ...IDLE, query: settled, error: error as Error });
      }
    },
    [api, namespace, name, run, attempt, settled],
  );

  useEffect(() => {
    const controller = new AbortController();
    fetchPage(0, controller.signal);
    return () => controller.abort();
  }, [fetchPage]);

  const loadMore = useCallback(() => {
    fetchPage(state.matches.length);
  }, [fetchPage, state.matches.length]);

  return { ...state, loadMore };
}
