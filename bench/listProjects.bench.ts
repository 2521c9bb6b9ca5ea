/* Listing 10,000 projects through the store, on SQLite and PostgreSQL: p95
 * of a first page, a filtered page and a deep page. */
import { performance } from 'node:perf_hooks';
import { createStore, openStoreDatabase, StoreDatabase } from './lib/store';
import { summary } from './lib/stats';

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 10_000);
const ROUNDS = 200;

async function measure(kind: StoreDatabase) {
  const db = await openStoreDatabase(kind);
  const store = await createStore(db.knex);
  const phases = ['Pending', 'Running', 'Failed'];
  for (let i = 0; i < PROJECTS; i++) {
    const project = await store.createProject({
      namespace: `team-${i % 20}`,
      name: `project-${i}`,
      spec: { database: { secretRef: 'db' } },
      owner: `user:default/u${i % 50}`,
    });
    const phase = phases[i % 3];
    if (phase !== 'Pending') {
      await db
        .knex('supabase_projects')
        .where({ uid: project.uid })
        .update({ phase });
    }
  }
  const results: Record<string, unknown> = {};
  const queries = {
    firstPage: { limit: 50 },
    filtered: { namespace: 'team-7', phase: 'Running' as const, limit: 50 },
    search: { search: 'project-99', limit: 50 },
    deepPage: { limit: 50, offset: 9_000 },
  };
  for (const [label, query] of Object.entries(queries)) {
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const start = performance.now();
      const page = await store.listProjects(query);
      times.push(performance.now() - start);
      if (page.totalCount === 0) throw new Error(`no results for ${label}`);
    }
    results[label] = summary(times);
  }
  await db.stop();
  return results;
}

async function main() {
  for (const kind of ['sqlite', 'postgres'] as const) {
    console.log(
      JSON.stringify({
        bench: 'list-projects',
        database: kind,
        projects: PROJECTS,
        unit: 'ms',
        ...(await measure(kind)),
      }),
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
