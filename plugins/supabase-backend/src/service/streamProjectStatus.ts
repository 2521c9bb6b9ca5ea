import {
  ProjectEvent,
  SupabaseProject,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectRecord, ProjectStore } from '../database/ProjectStore';
import { ProjectChanges } from '../worker/ProjectChanges';
import { EventStream } from './eventStream';

/** Re-read the store this often, for changes other replicas made. */
const STORE_RECHECK_MS = 2_000;

/**
 * Streams project changes: `project` with the new state, `event` for each new
 * timeline entry, `deleted` when a project is gone. Pushes at once for
 * changes made in this process; re-reads the store now and then for the rest.
 */
export async function streamProjectStatus(
  deps: { store: ProjectStore; changes: ProjectChanges },
  filter: {
    namespace?: string;
    name?: string;
    /** Whether the caller may read the project (its permission decision). */
    admits: (project: ProjectRecord) => boolean;
  },
  stream: EventStream,
  toApi: (project: ProjectRecord) => SupabaseProject,
): Promise<void> {
  const seen = new Map<string, { updatedAt: string; lastEventId: number }>();
  const matches = (p: { namespace: string; name: string }) =>
    (!filter.namespace || p.namespace === filter.namespace) &&
    (!filter.name || p.name === filter.name);

  const sendProject = async (project: ProjectRecord) => {
    if (!filter.admits(project)) return;
    const previous = seen.get(project.uid);
    if (previous?.updatedAt === project.updatedAt) return;
    stream.send('project', toApi(project));
    let lastEventId = previous?.lastEventId ?? 0;
    if (filter.name) {
      const events: ProjectEvent[] = await deps.store.listEvents(project.uid);
      for (const event of events.filter(e => e.id > lastEventId)) {
        if (previous) {
          stream.send('event', {
            namespace: project.namespace,
            name: project.name,
            event,
          });
        }
        lastEventId = Math.max(lastEventId, event.id);
      }
    }
    seen.set(project.uid, { updatedAt: project.updatedAt, lastEventId });
  };

  const recheck = async () => {
    if (filter.namespace && filter.name) {
      const project = await deps.store.getProject({
        namespace: filter.namespace,
        name: filter.name,
      });
      if (project) await sendProject(project);
      else if (seen.size > 0) {
        stream.send('deleted', {
          namespace: filter.namespace,
          name: filter.name,
        });
        seen.clear();
      }
      return;
    }
    for (const [uid] of seen) {
      const project = await deps.store.getProjectByUid(uid);
      if (project) await sendProject(project);
    }
  };

  await recheck();
  let busy = Promise.resolve();
  const queue = (fn: () => Promise<void>) => {
    busy = busy.then(fn).catch(() => {});
  };
  const unsubscribe = deps.changes.subscribe(change => {
    if (!matches(change)) return;
    queue(async () => {
      if (change.deleted) {
        seen.delete(change.uid);
        stream.send('deleted', {
          namespace: change.namespace,
          name: change.name,
        });
        return;
      }
      const project = await deps.store.getProjectByUid(change.uid);
      if (project) await sendProject(project);
    });
  });
  const timer = setInterval(() => queue(recheck), STORE_RECHECK_MS);
  await new Promise<void>(resolve =>
    stream.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  clearInterval(timer);
  unsubscribe();
}
