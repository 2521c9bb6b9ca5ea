import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { guestToken } from './lib/guestApi';
import { REPO_ROOT } from './lib/startApp';

/**
 * `./scripts/start.sh` as a developer runs it: it says where to open the app,
 * stays quiet, and a Ctrl-C (SIGINT to its process group, as a terminal sends
 * it) stops everything it started and removes every temporary folder.
 * It starts the whole app (frontend dev server, backend, local cluster,
 * PostgreSQL) on ports 3000 and 7007.
 */

const READY = 'Open http://localhost:3000';

/** Processes whose environment carries the marker: everything the script started. */
function processesWith(marker: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    try {
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
      if (environ.includes(marker)) {
        const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        found.push(`${pid}: ${cmdline.replace(/\0/g, ' ')}`);
      }
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: () => string,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out: ${what()}`);
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

/**
 * Whether no scheduled task of these plugins runs now or starts within
 * `ms`, as Backstage's scheduler reports them. A task still waiting for its
 * first run (the search index waits 3 s after the start) is due too.
 */
async function scheduledTasksQuietFor(
  pluginIds: string[],
  ms: number,
): Promise<boolean> {
  const baseUrl = 'http://127.0.0.1:7007';
  const headers = { Authorization: `Bearer ${await guestToken(baseUrl)}` };
  for (const pluginId of pluginIds) {
    const response = await fetch(
      `${baseUrl}/api/${pluginId}/.backstage/scheduler/v1/tasks`,
      { headers },
    );
    if (!response.ok) return false;
    const { tasks } = (await response.json()) as {
      tasks: { taskState: { status: string; startsAt?: string } | null }[];
    };
    for (const { taskState } of tasks) {
      if (!taskState || taskState.status !== 'idle') return false;
      if (
        taskState.startsAt &&
        Date.parse(taskState.startsAt) < Date.now() + ms
      ) {
        return false;
      }
    }
  }
  return true;
}

describe('./scripts/start.sh', () => {
  const marker = `START_SH_TEST=${randomUUID()}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'start-sh-test-'));
  // PostgreSQL runs as its own user (never as root) and must reach its folder.
  fs.chmodSync(tmp, 0o755);
  const kubeconfig = path.join(REPO_ROOT, '.local/local-cluster/kubeconfig');
  let script: ChildProcess | undefined;
  let output = '';
  const text = () => stripVTControlCharacters(output);

  afterAll(() => {
    // Whatever a failed run left: never leave the app running.
    for (const line of processesWith(marker)) {
      try {
        process.kill(Number(line.split(':')[0]), 'SIGKILL');
      } catch {
        // Gone.
      }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('starts quietly and stops on Ctrl-C, leaving no process and no temporary folder', async () => {
    const [key, value] = marker.split('=');
    // As from a developer's shell: Jest's own variables would make the app
    // and Backstage's packages act as under test.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TMPDIR: tmp,
      [key]: value,
    };
    delete env.NODE_ENV;
    delete env.JEST_WORKER_ID;
    script = spawn('bash', [path.join(REPO_ROOT, 'scripts/start.sh')], {
      cwd: REPO_ROOT,
      // Its own process group, as a terminal's foreground job has; every
      // temporary folder goes under `tmp`.
      detached: true,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    script.stdout!.on('data', chunk => (output += chunk));
    script.stderr!.on('data', chunk => (output += chunk));
    const exited = new Promise<number | string>(resolve =>
      script!.once('exit', (code, signal) => resolve(code ?? signal!)),
    );

    // The ready line and the demo's Secrets after it, which may come in a
    // later chunk of output.
    const SECRETS = 'default/local-postgres-unreachable';
    await until(
      () =>
        (text().includes(READY) && text().includes(SECRETS)) ||
        script!.exitCode !== null,
      300_000,
      () => `no "${READY}" line. Output:\n${text()}`,
    );
    expect(text()).toContain(READY);
    expect(text()).toContain(SECRETS);
    // The local cluster and PostgreSQL are up: their folders exist.
    expect(fs.readdirSync(tmp).length).toBeGreaterThan(0);
    expect(fs.existsSync(kubeconfig)).toBe(true);

    // A few requests, then a look at what the script printed.
    for (const url of [
      'http://127.0.0.1:7007/api/supabase/health',
      'http://127.0.0.1:3000/',
    ]) {
      expect((await fetch(url)).ok).toBe(true);
    }
    await new Promise(resolve => setTimeout(resolve, 2_000));
    expect(text()).not.toMatch(/HTTP\/1\.1" \d{3}/);
    expect(text()).not.toContain('events backend not found');

    // Ctrl-C between scheduled runs: the search indexes the catalog 3 s
    // after the start, the catalog reads the projects every 30 s, and a run
    // that a stopping backend cuts logs the other plugin's 503 "shutting
    // down". Shutting down takes a second or two.
    await until(
      () => scheduledTasksQuietFor(['search', 'catalog'], 8_000),
      120_000,
      () => `no quiet moment between scheduled runs. Output:\n${text()}`,
    );
    process.kill(-script.pid!, 'SIGINT');
    const result = await Promise.race([
      exited,
      new Promise(resolve =>
        setTimeout(() => resolve('still running'), 120_000),
      ),
    ]);
    expect(result).toBe(130);
    await until(
      () => processesWith(marker).length === 0,
      30_000,
      () => `processes left:\n${processesWith(marker).join('\n')}`,
    );
    // Every folder the demo made is gone. Node tools keep a compiled-code
    // cache (v8-compile-cache-<uid>) in TMPDIR, meant to outlive the run and
    // be reused by the next start: not the demo's data.
    expect(
      fs.readdirSync(tmp).filter(entry => !/^v8-compile-cache-/.test(entry)),
    ).toEqual([]);
    expect(fs.existsSync(kubeconfig)).toBe(false);
    expect(text()).not.toMatch(/timed out|Error/);
  }, 480_000);
});
