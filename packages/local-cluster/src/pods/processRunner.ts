/**
 * Runs a container's command as a real local process: the stand-in for a
 * container runtime for the images the machine can run (postgres images:
 * `sh` and `psql` come from the machine).
 *
 * stdout and stderr share one pipe (`2>&1` applied before `exec`), so the
 * log keeps the exact order in which the program wrote them. The process
 * gets its own process group; stopping the container signals the whole
 * group, SIGTERM first and SIGKILL after the grace period, as the runtime
 * does with a container's processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ContainerLog } from './podLogs';

/** How a container instance ended. */
export interface ContainerExit {
  exitCode: number;
  reason: 'Completed' | 'Error' | 'StartError' | 'ContainerCannotRun';
  message?: string;
  signal?: string;
}

/** A started container instance, real or simulated. */
export interface ContainerHandle {
  readonly exited: Promise<ContainerExit>;
  /** Asks the container to stop: SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs: number): void;
  /** Whether the container reports ready (readiness), for simulated ones. */
  isReady(): boolean;
  readonly pid?: number;
}

export interface ProcessSpec {
  /** `command` + `args`, already expanded and rewritten. */
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  log: ContainerLog;
}

const SIGNALS: Record<string, number> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGTERM: 15,
  SIGPIPE: 13,
  SIGABRT: 6,
  SIGSEGV: 11,
};

const liveGroups = new Set<number>();
let exitHookInstalled = false;

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Containers never outlive the server.
  process.on('exit', () => {
    for (const pid of liveGroups) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Resolves the program like the runtime: a path, or a search of `PATH`. */
export function resolveExecutable(
  program: string,
  envPath: string,
): string | undefined {
  if (program.includes('/'))
    return isExecutableFile(program) ? program : undefined;
  for (const dir of envPath.split(':')) {
    if (!dir) continue;
    const candidate = path.join(dir, program);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function startError(program: string, exists: boolean): ContainerExit {
  let why = `exec: "${program}": executable file not found in $PATH`;
  if (exists) why = `exec: "${program}": permission denied`;
  else if (program.includes('/')) {
    why = `exec: "${program}": stat ${program}: no such file or directory`;
  }
  return {
    exitCode: 128,
    reason: 'StartError',
    message: `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: ${why}: unknown`,
  };
}

export function startProcess(spec: ProcessSpec): ContainerHandle {
  const [program, ...args] = spec.argv;
  const resolved = program
    ? resolveExecutable(program, spec.env.PATH ?? '')
    : undefined;
  if (!resolved) {
    const exit = startError(program ?? '', !!program && fs.existsSync(program));
    spec.log.end();
    return {
      exited: Promise.resolve(exit),
      stop() {},
      isReady: () => false,
    };
  }
  installExitHook();
  let child: ChildProcess;
  try {
    child = spawn('/bin/sh', ['-c', 'exec "$0" "$@" 2>&1', resolved, ...args], {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    spec.log.end();
    return {
      exited: Promise.resolve({
        exitCode: 128,
        reason: 'StartError',
        message: String(error),
      }),
      stop() {},
      isReady: () => false,
    };
  }
  const pid = child.pid!;
  liveGroups.add(pid);
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => spec.log.write(chunk));
  child.stderr!.on('data', (chunk: string) => spec.log.write(chunk));

  let killTimer: NodeJS.Timeout | undefined;
  let exitedFlag = false;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // the group is gone
    }
  };

  const exited = new Promise<ContainerExit>(resolve => {
    let result: ContainerExit | undefined;
    let closeTimer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (closeTimer) clearTimeout(closeTimer);
      if (killTimer) clearTimeout(killTimer);
      liveGroups.delete(pid);
      spec.log.end();
      resolve(result!);
    };
    child.once('error', error => {
      result ??= {
        exitCode: 128,
        reason: 'StartError',
        message: error.message,
      };
      exitedFlag = true;
      finish();
    });
    child.once('exit', (code, signal) => {
      exitedFlag = true;
      const exitCode = code ?? 128 + (SIGNALS[signal ?? ''] ?? 0);
      result = {
        exitCode,
        reason: exitCode === 0 ? 'Completed' : 'Error',
        signal: signal ?? undefined,
      };
      // The container ends with its main process: nothing else survives.
      killGroup('SIGKILL');
      closeTimer = setTimeout(finish, 2000);
    });
    child.once('close', () => {
      if (result) finish();
    });
  });

  return {
    pid,
    exited,
    isReady: () => !exitedFlag,
    stop(graceMs: number) {
      if (exitedFlag) return;
      killGroup('SIGTERM');
      if (killTimer) clearTimeout(killTimer);
      killTimer = setTimeout(() => killGroup('SIGKILL'), Math.max(0, graceMs));
    },
  };
}
