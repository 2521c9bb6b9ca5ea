import { useApi } from '@backstage/core-plugin-api';
import { DbInitStatus } from '@supabase-backstage/plugin-supabase-common';
import { useEffect, useRef } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ProjectRef, supabaseApiRef } from '../api';

export interface DbInitStatusState {
  status?: DbInitStatus;
  loading: boolean;
  error?: Error;
  reload(): void;
}

/**
 * The db-init runs of a project. There is no stream of its own: it reloads
 * when `version` changes (the project was pushed with a new update time) and
 * when the caller calls `reload` (an attempt started or ended in the log
 * stream). The previous answer stays shown while a reload runs.
 */
export function useDbInitStatus(
  ref: ProjectRef,
  version: string | undefined,
): DbInitStatusState {
  const api = useApi(supabaseApiRef);
  const { namespace, name } = ref;
  const state = useAsyncRetry(
    () => api.getDbInitStatus({ namespace, name }),
    [api, namespace, name],
  );
  const retry = useRef(state.retry);
  retry.current = state.retry;
  const shownVersion = useRef(version);
  useEffect(() => {
    if (shownVersion.current !== version) {
      shownVersion.current = version;
      retry.current();
    }
  }, [version]);
  return {
    status: state.value,
    loading: state.loading && !state.value,
    error: state.error,
    reload: state.retry,
  };
}
