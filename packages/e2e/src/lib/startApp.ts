import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';

/** The repository root: this file is packages/e2e/src/lib/startApp.ts. */
// A test package, never built: __dirname is where the source is.
// eslint-disable-next-line no-restricted-syntax
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

const BACKSTAGE_CLI = require.resolve('@backstage/cli/bin/backstage-cli');
const NODE_TRANSFORM = require.resolve(
  '@backstage/cli/config/nodeTransform.cjs',
);

/** The app and its backend, running. */
export interface RunningApp {
  /** Where both the frontend and the API answer, e.g. http://127.0.0.1:41234. */
  baseUrl: string;
  /** Everything the backend printed so far. */
  log(): string;
  /** Stops the backend and everything it started (local cluster, PostgreSQL, pods). */
  stop(): Promise<void>;
}

export interface StartAppOptions {
  /** How long the backend may take to answer; default 120 s. */
  timeoutMs?: number;
  /** Extra configuration, merged over the root app-config.yaml. */
  config?: Record<string, unknown>;
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Output of a child process, kept whole for the failure message. */
class ProcessOutput {
  private readonly chunks: string[] = [];
  add = (chunk: Buffer) => {
    this.chunks.push(chunk.toString('utf8'));
  };
  // Backstage's logger colours its output; a failure message reads better without.
  text = () => stripVTControlCharacters(this.chunks.join(''));
  tail = (lines = 80) => this.text().split('\n').slice(-lines).join('\n');
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise(resolve => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/**
 * Builds packages/app into packages/app/dist, as `yarn workspace app build`
 * does; the backend's app plugin serves it. Takes 20-60 s.
 */
export async function buildApp(timeoutMs = 240_000): Promise<void> {
  const output = new ProcessOutput();
  const child = spawn(process.execPath, [BACKSTAGE_CLI, 'package', 'build'], {
    cwd: path.join(REPO_ROOT, 'packages/app'),
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', output.add);
  child.stderr!.on('data', output.add);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited(child);
  clearTimeout(timer);
  if (child.exitCode !== 0) {
    throw new Error(
      `Building packages/app failed (exit ${
        child.exitCode ?? child.signalCode
      }):\n${output.tail()}`,
    );
  }
}

async function answers(url: string, check: (body: string) => boolean) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return response.ok && check(await response.text());
  } catch {
    return false;
  }
}

/**
 * Starts packages/backend as `yarn start` does (the root app-config.yaml: the
 * local cluster, a throwaway PostgreSQL, SQLite, guest sign-in), on free ports
 * and with the built frontend served on the same origin. Resolves once
 * `/api/supabase/health` and the frontend answer.
 */
export async function startApp(
  options: StartAppOptions = {},
): Promise<RunningApp> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const port = await freePort();
  // 127.0.0.1 rather than localhost: the backend listens on IPv4 only.
  const baseUrl = `http://127.0.0.1:${port}`;
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'supabase-e2e-'));
  const configs = [
    {
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: { port, host: '127.0.0.1' },
        cors: { origin: baseUrl },
      },
      // Its own kubeconfig: the demo's shared one in the repository belongs
      // to ./scripts/start.sh, whose test may run beside this app, and an
      // app removes its kubeconfig when it stops.
      localDemo: { kubeconfigPath: path.join(workDir, 'kubeconfig') },
    },
    options.config ?? {},
  ];
  // Each a config file after the root one; JSON is YAML to Backstage.
  const configArgs = configs.flatMap((config, index) => {
    const file = path.join(workDir, `app-config.e2e-${index}.json`);
    fs.writeFileSync(file, JSON.stringify(config, null, 2));
    return ['--config', file];
  });

  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development' };
  // Jest's own variables would make Backstage's packages act as under test.
  delete env.JEST_WORKER_ID;
  const output = new ProcessOutput();
  const child = spawn(
    process.execPath,
    [
      '--require',
      NODE_TRANSFORM,
      'src/index.ts',
      '--config',
      path.join(REPO_ROOT, 'app-config.yaml'),
      ...configArgs,
    ],
    {
      cwd: path.join(REPO_ROOT, 'packages/backend'),
      env,
      // Its own process group, so that stop() reaches everything it started.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout!.on('data', output.add);
  child.stderr!.on('data', output.add);
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // Already gone.
    }
  };
  // Never leave the backend behind, even when the test run is cut short.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  const stop = async () => {
    process.off('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      // A graceful stop first: the backend stops its local cluster and
      // PostgreSQL and removes their temporary folders.
      child.kill('SIGTERM');
      await Promise.race([
        exited(child),
        new Promise(resolve => setTimeout(resolve, 15_000)),
      ]);
    }
    killGroup('SIGKILL');
    fs.rmSync(workDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(
        `The backend exited (${
          child.exitCode ?? child.signalCode
        }) before it answered. Its log:\n${output.tail(120)}`,
      );
    }
    const ready =
      (await answers(`${baseUrl}/api/supabase/health`, body =>
        body.includes('ok'),
      )) && (await answers(baseUrl, body => body.includes('<div id="root">')));
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `The backend did not answer at ${baseUrl} within ${
          timeoutMs / 1000
        } s. Its log:\n${output.tail(120)}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }

  return { baseUrl, log: output.text, stop };
}
