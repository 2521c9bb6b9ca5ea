import {
  ProjectPhase,
  isProjectPhase,
} from '@supabase-backstage/plugin-supabase-common';
import { useCallback, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router-dom';

export interface ProjectsFilters {
  namespace: string;
  phase?: ProjectPhase;
  search: string;
  /** 0-based. */
  page: number;
  pageSize: number;
}

export const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;

function toInt(value: string | null, fallback: number) {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed >= 0 ? parsed : fallback;
}

/**
 * The projects table's filters and page, kept in the URL so that a filtered
 * view can be shared and survives going to a project and back.
 */
export function useProjectsFilters() {
  const [params, setParams] = useSearchParams();

  const filters = useMemo((): ProjectsFilters => {
    const phase = params.get('phase');
    const pageSize = toInt(params.get('pageSize'), DEFAULT_PAGE_SIZE);
    return {
      namespace: params.get('namespace') ?? '',
      phase: isProjectPhase(phase) ? phase : undefined,
      search: params.get('search') ?? '',
      page: toInt(params.get('page'), 0),
      pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
    };
  }, [params]);

  // React Router's functional setSearchParams starts from the params of the
  // last render, so two changes in one tick (two filters settling together)
  // would lose one: start from the newest params instead.
  const latest = useRef(params);
  latest.current = params;
  const update = useCallback(
    (
      changes: Partial<
        Record<keyof ProjectsFilters, string | number | undefined>
      >,
    ) => {
      const next = new URLSearchParams(latest.current);
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined || value === '') {
          next.delete(key);
        } else {
          next.set(key, String(value));
        }
      }
      latest.current = next;
      setParams(next, { replace: true });
    },
    [setParams],
  );

  /** A filter changed: back to the first page. */
  const setFilter = useCallback(
    (
      changes: Partial<Pick<ProjectsFilters, 'namespace' | 'phase' | 'search'>>,
    ) => update({ ...changes, page: undefined }),
    [update],
  );

  const setPage = useCallback(
    (page: number, pageSize: number) =>
      update({ page: page || undefined, pageSize }),
    [update],
  );

  return { filters, setFilter, setPage };
}
