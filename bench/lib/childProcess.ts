/* A benchmark part in a Node process of its own (the local cluster, a
 * backend replica), driven over the IPC channel: the parent sends requests
 * and gets one answer each; the child may also send events of its own. */
import { ChildProcess, fork } from 'node:child_process';

interface Request {
  id: number;
  kind: string;
  payload?: unknown;
}

interface Answer {
  id: number;
  result?: unknown;
  error?: string;
}

/** What a child process sends that is not an answer. */
export interface ChildEvent {
  event: string;
  [key: string]: unknown;
}

/** A running child process, seen from the parent. */
export interface Child {
  process: ChildProcess;
  request<T>(kind: string, payload?: unknown): Promise<T>;
  /** Resolves with the first event of this name. */
  nextEvent(name: string): Promise<ChildEvent>;
  onEvent(listener: (event: ChildEvent) => void): void;
  /** Resolves when the process has exited (at once if it has). */
  exited: Promise<void>;
}

/**
 * Starts `file` (TypeScript, through the same transform as `yarn bench`)
 * with `env` added to this process's environment.
 */
export function forkChild(file: string, env: Record<string, string>): Child {
  const child = fork(file, [], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (value: any) => void; reject: (error: Error) => void }
  >();
  const listeners: Array<(event: ChildEvent) => void> = [];
  child.on('message', (message: Answer | ChildEvent) => {
    if ('event' in message) {
      listeners.forEach(listener => listener(message));
      return;
    }
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) {
      waiter?.reject(new Error(message.error));
    } else {
      waiter?.resolve(message.result);
    }
  });
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => {
      for (const waiter of pending.values()) {
        waiter.reject(new Error(`${file} exited`));
      }
      pending.clear();
      resolve();
    }),
  );
  return {
    process: child,
    request<T>(kind: string, payload?: unknown) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, kind, payload } satisfies Request);
      });
    },
    nextEvent(name) {
      return new Promise(resolve => {
        const listener = (event: ChildEvent) => {
          if (event.event !== name) return;
          listeners.splice(listeners.indexOf(listener), 1);
          resolve(event);
        };
        listeners.push(listener);
      });
    },
    onEvent(listener) {
      listeners.push(listener);
    },
    exited,
  };
}

/**
 * In the child: answers the parent's requests with these handlers and tells
 * it the child is `ready` (with what it needs to know). The process exits
 * after `stop`, and stops and exits when its parent is gone.
 */
export function serveParent(
  handlers: {
    stop: () => Promise<void>;
    [kind: string]: (payload: any) => unknown;
  },
  ready: Record<string, unknown>,
): void {
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= handlers.stop());
  process.once('disconnect', () => stop().finally(() => process.exit(0)));
  process.on('message', async (request: Request) => {
    try {
      if (request.kind === 'stop') {
        await stop();
        process.send!({ id: request.id } satisfies Answer, () =>
          process.exit(0),
        );
        return;
      }
      const handler = handlers[request.kind];
      if (!handler) throw new Error(`unknown request ${request.kind}`);
      const result = await handler(request.payload);
      process.send!({ id: request.id, result } satisfies Answer);
    } catch (error) {
      process.send!({ id: request.id, error: String(error) } satisfies Answer);
    }
  });
  sendEvent({ event: 'ready', ...ready });
}

/** Runs `serve` when `module` is the process's entry point: in the child. */
export function runAsChild(module: NodeModule, serve: () => Promise<void>) {
  if (require.main !== module) return;
  serve().catch(error => {
    console.error(error);
    process.exit(1);
  });
}

/** In the child: tells the parent something happened. */
export function sendEvent(event: ChildEvent): void {
  process.send?.(event);
}
