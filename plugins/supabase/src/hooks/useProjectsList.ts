import { useApi } from '@backstage/core-plugin-api';
import {
  ListProjectsQuery,
  ProjectStreamEvent,
  SupabaseProject,
  stringifyProjectRef,
} from '@supabase-backstage/plugin-supabase-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { supabaseApiRef } from '../api';
import { useProjectStream } from './useProjectStream';

export interface ProjectsListState {
  items: SupabaseProject[];
  totalCount: number;
  /** True until the first page arrives, and while a new query loads. */
  loading: boolean;
  error?: Error;
  retry(): void;
}

/** Creations and deletions elsewhere reload the page at most this often. */
const RELOAD_THROTTLE_MS = 2000;

/**
 * One page of projects. Rows on the page follow the status stream; a project
 * that appears or disappears reloads the page (throttled, as a hundred
 * projects may be created at once).
 */
export function useProjectsList(query: ListProjectsQuery): ProjectsListState {
  const api = useApi(supabaseApiRef);
  const key = JSON.stringify(query);
  const state = useAsyncRetry(
    () => api.listProjects(JSON.parse(key) as ListProjectsQuery),
    [api, key],
  );
  const [items, setItems] = useState<SupabaseProject[]>([]);
  // The rows on screen, for the stream handler to tell updates from arrivals.
  const shownIds = useRef(new Set<string>());
  useEffect(() => {
    if (state.value) {
      setItems(state.value.items);
      shownIds.current = new Set(state.value.items.map(stringifyProjectRef));
    }
  }, [state.value]);

  const retry = useRef(state.retry);
  retry.current = state.retry;
  const reloadTimer = useRef<ReturnType<typeof setTimeout>>();
  const scheduleReload = useCallback(() => {
    if (reloadTimer.current === undefined) {
      reloadTimer.current = setTimeout(() => {
        reloadTimer.current = undefined;
        retry.current();
      }, RELOAD_THROTTLE_MS);
    }
  }, []);
  useEffect(() => () => clearTimeout(reloadTimer.current), []);

  const onEvent = useCallback(
    (event: ProjectStreamEvent) => {
      if (event.type === 'project') {
        const pushed = event.project;
        const id = stringifyProjectRef(pushed);
        if (!shownIds.current.has(id)) {
          scheduleReload();
          return;
        }
        setItems(current =>
          current.map(item =>
            stringifyProjectRef(item) === id ? pushed : item,
          ),
        );
      } else if (event.type === 'deleted') {
        scheduleReload();
      }
    },
    [scheduleReload],
  );
  useProjectStream(
    { namespace: query.namespace || undefined },
    onEvent,
    scheduleReload,
  );

  return {
    items,
    totalCount: state.value?.totalCount ?? 0,
    loading: state.loading,
    error: state.error,
    retry: state.retry,
  };
}
