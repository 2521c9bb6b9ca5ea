/* db-init of the whole SQL set on a local PostgreSQL: run-migrations.sh with
 * the real psql on a fresh database (everything applied) and again (all
 * skipped), timed as wholes. */
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startLocalPostgres } from '@supabase-backstage/local-postgres';
import { summary } from './lib/stats';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
// Another copy of the set (an older build, say) to compare with.
const SQL_DIR =
  process.env.BENCH_SQL_DIR ?? path.resolve(__dirname, '..', 'sql');
const SCRIPT = path.join(SQL_DIR, 'run-migrations.sh');

async function main() {
  const server = await startLocalPostgres();
  const run = (database: string) =>
    new Promise<number>((resolve, reject) => {
      const start = performance.now();
      execFile(
        'sh',
        [SCRIPT],
        {
          env: {
            PATH: process.env.PATH!,
            HOME: os.tmpdir(),
            ...server.env,
            PGDATABASE: database,
            POSTGRES_USER: server.user,
            POSTGRES_PASSWORD: server.password,
            JWT_SECRET: 'a-jwt-secret-of-at-least-thirty-two-chars',
            JWT_EXP: '3600',
          },
        },
        error => (error ? reject(error) : resolve(performance.now() - start)),
      );
    });
  const first: number[] = [];
  const again: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const db = await server.createDatabase(`bench_${i}`);
    first.push(await run(db));
    again.push(await run(db));
  }
  await server.stop();
  console.log(
    JSON.stringify({
      bench: 'db-init-whole-set',
      run: 'fresh database',
      unit: 'ms',
      ...summary(first),
    }),
  );
  console.log(
    JSON.stringify({
      bench: 'db-init-whole-set',
      run: 'second run (all skipped)',
      unit: 'ms',
      ...summary(again),
    }),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
