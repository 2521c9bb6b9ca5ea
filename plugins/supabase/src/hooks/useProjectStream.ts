import { useApi } from '@backstage/core-plugin-api';
import { ProjectStreamEvent } from '@supabase-backstage/plugin-supabase-common';
import { useEffect, useRef, useState } from 'react';
import {
  ProjectStreamFilter,
  StreamConnectionState,
  supabaseApiRef,
} from '../api';

export interface ProjectStreamState {
  connection: StreamConnectionState;
  /** Set when the stream gave up (e.g. permission denied). */
  error?: Error;
}

/**
 * Follows the status stream while mounted. `onResync` runs whenever the
 * stream opens again after a drop: events sent while it was down are lost,
 * so the caller reloads what it shows.
 *
 * Pass `undefined` as the filter to stay disconnected.
 */
export function useProjectStream(
  filter: ProjectStreamFilter | undefined,
  onEvent: (event: ProjectStreamEvent) => void,
  onResync: () => void,
): ProjectStreamState {
  const api = useApi(supabaseApiRef);
  const [state, setState] = useState<ProjectStreamState>({
    connection: 'connecting',
  });
  // The latest callbacks, without reconnecting when they change identity.
  const callbacks = useRef({ onEvent, onResync });
  callbacks.current = { onEvent, onResync };

  const enabled = filter !== undefined;
  const namespace = filter?.namespace;
  const name = filter?.name;
  useEffect(() => {
    if (!enabled) {
      return undefined;
    }
    const controller = new AbortController();
    let opened = false;
    api
      .streamProjects(
        { namespace, name },
        {
          onEvent: event => callbacks.current.onEvent(event),
          onConnectionChange: connection => {
            setState({ connection });
            if (connection === 'open') {
              if (opened) {
                callbacks.current.onResync();
              }
              opened = true;
            }
          },
        },
        { signal: controller.signal },
      )
      .catch((error: Error) => {
        if (!controller.signal.aborted) {
          setState(previous => ({ ...previous, error }));
        }
      });
    return () => controller.abort();
  }, [api, enabled, namespace, name]);

  return state;
}
