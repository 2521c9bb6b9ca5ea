/* Waiting for many projects to reach Running, as the big benchmarks do. */
import type { ProjectStore } from '../../plugins/supabase-backend/src/database/ProjectStore';
import { waitFor } from './stats';

/**
 * How many projects are Running: the store's count, not a page (a page holds
 * at most 500 projects).
 */
export async function countRunning(store: ProjectStore): Promise<number> {
  const { totalCount } = await store.listProjects({
    phase: 'Running',
    limit: 1,
  });
  return totalCount;
}

/**
 * Waits until `projects` projects are Running, looking twice a second (a
 * long run's looks cost the backend little); says how far it has got on
 * stderr every half minute.
 */
export async function waitAllRunning(
  store: ProjectStore,
  projects: number,
  timeoutMs: number,
): Promise<void> {
  const started = Date.now();
  let running = 0;
  const progress = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    console.error(`${seconds} s: ${running} of ${projects} Running`);
  }, 30_000);
  try {
    await waitFor(
      async () => {
        running = await countRunning(store);
        return running >= projects ? true : undefined;
      },
      timeoutMs,
      'all projects Running',
      500,
    );
  } finally {
    clearInterval(progress);
  }
}
