import { useApi } from '@backstage/core-plugin-api';
import {
  ProjectEvent,
  ProjectStreamEvent,
  SupabaseProject,
} from '@supabase-backstage/plugin-supabase-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ProjectRef, supabaseApiRef } from '../api';
import { useProjectStream } from './useProjectStream';

export interface ProjectState {
  project?: SupabaseProject;
  /** The timeline, oldest first. */
  events: ProjectEvent[];
  loading: boolean;
  error?: Error;
  /** The status stream said the project is gone. */
  deleted: boolean;
  /** The status stream gave up; the page no longer updates by itself. */
  streamError?: Error;
  /** Loads the project and its timeline again (e.g. after changing it). */
  reload?: () => void;
  /** Shows the project an action answered (e.g. Deleting), unless a newer one is shown. */
  accept?: (project: SupabaseProject) => void;
}

function mergeEvents(
  current: ProjectEvent[],
  incoming: ProjectEvent[],
): ProjectEvent[] {
  const byId = new Map(current.map(event => [event.id, event]));
  for (const event of incoming) {
    byId.set(event.id, event);
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** The newer of two versions of a project; a late load must not undo a pushed update. */
function newer(
  a: SupabaseProject | undefined,
  b: SupabaseProject,
): SupabaseProject {
  return a && Date.parse(a.updatedAt) > Date.parse(b.updatedAt) ? a : b;
}

function isFor(ref: ProjectRef, other: ProjectRef) {
  return ref.namespace === other.namespace && ref.name === other.name;
}

/**
 * A project and its timeline, loaded once and then kept current by the
 * status stream (no polling).
 */
export function useProject(ref: ProjectRef): ProjectState {
  const api = useApi(supabaseApiRef);
  const { namespace, name } = ref;
  const [state, setState] = useState<Omit<ProjectState, 'streamError'>>({
    events: [],
    loading: true,
    deleted: false,
  });
  // Drops the answer of a load that a newer load has overtaken.
  const loadId = useRef(0);

  const load = useCallback(async () => {
    const id = ++loadId.current;
    const target = { namespace, name };
    try {
      const [project, { items }] = await Promise.all([
        api.getProject(target),
        api.listEvents(target),
      ]);
      if (id === loadId.current) {
        setState(previous => ({
          project: newer(previous.project, project),
          events: mergeEvents(previous.events, items),
          loading: false,
          // A load that started before the deletion answers late.
          deleted: previous.deleted,
        }));
      }
    } catch (error) {
      if (id === loadId.current) {
        setState(previous => ({
          ...previous,
          loading: false,
          error: error as Error,
        }));
      }
    }
  }, [api, namespace, name]);

  useEffect(() => {
    setState({ events: [], loading: true, deleted: false });
    load();
  }, [load]);

  const onEvent = useCallback(
    (event: ProjectStreamEvent) => {
      const target = { namespace, name };
      if (event.type === 'project' && isFor(target, event.project)) {
        const project = event.project;
        setState(previous => ({
          ...previous,
          project: newer(previous.project, project),
          // Pushed after a deletion: created again.
          deleted: false,
        }));
      } else if (event.type === 'event' && isFor(target, event)) {
        const pushed = event.event;
        setState(previous => ({
          ...previous,
          events: mergeEvents(previous.events, [pushed]),
        }));
      } else if (event.type === 'deleted' && isFor(target, event)) {
        setState(previous => ({ ...previous, deleted: true }));
      }
    },
    [namespace, name],
  );

  const accept = useCallback((project: SupabaseProject) => {
    setState(previous => ({
      ...previous,
      project: newer(previous.project, project),
    }));
  }, []);

  const stream = useProjectStream({ namespace, name }, onEvent, load);
  return { ...state, streamError: stream.error, reload: load, accept };
}
