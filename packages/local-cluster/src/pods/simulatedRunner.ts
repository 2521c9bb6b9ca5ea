/**
 * Simulated containers: for images the machine cannot run (the Supabase
 * components, anything but a postgres image with a command). No process is
 * started; the container "runs", prints a few lines saying it is simulated,
 * and becomes ready after a delay. Fault injection can make it crash
 * (exit 1, then CrashLoopBackOff under `restartPolicy: Always`) or never
 * become ready.
 */
import type { ContainerExit, ContainerHandle } from './processRunner';
import type { ContainerLog } from './podLogs';
import type { Timers } from '../util';

/** Set to `"true"` on pods whose containers are simulated. @public */
export const SIMULATED_ANNOTATION =
  'local-cluster.supabase-backstage.dev/simulated';

export type SimulatedFault = 'crash' | 'unready' | undefined;

export interface SimulatedSpec {
  podName: string;
  container: Record<string, any>;
  log: ContainerLog;
  readyDelayMs: number;
  fault: SimulatedFault;
  timers: Timers;
  /** Called when readiness changes. */
  onReadyChange: () => void;
}

export function startSimulated(spec: SimulatedSpec): ContainerHandle {
  const { container, log, timers } = spec;
  let ready = false;
  let done = false;
  // Set below; `finish` may run before or after it.
  const readyTimer: { id?: NodeJS.Timeout } = {};
  let resolveExit!: (exit: ContainerExit) => void;
  const exited = new Promise<ContainerExit>(resolve => {
    resolveExit = resolve;
  });
  const finish = (exit: ContainerExit) => {
    if (done) return;
    done = true;
    ready = false;
    timers.clear(readyTimer.id);
    log.end();
    resolveExit(exit);
  };
  const argv = [...(container.command ?? []), ...(container.args ?? [])];
  log.writeLine(
    `[local-cluster] simulated container "${container.name}" (image ${container.image}); no process runs on this machine`,
  );
  if (argv.length) log.writeLine(`[local-cluster] command: ${argv.join(' ')}`);
  for (const port of container.ports ?? []) {
    log.writeLine(
      `[local-cluster] listening on port ${port.containerPort}/${
        port.protocol ?? 'TCP'
      } (simulated)`,
    );
  }
  readyTimer.id = timers.set(() => {
    if (done) return;
    if (spec.fault === 'crash') {
      log.writeLine(
        '[local-cluster] simulated crash (fault injection): exiting with code 1',
      );
      finish({ exitCode: 1, reason: 'Error' });
      return;
    }
    if (spec.fault === 'unready') {
      log.writeLine(
        '[local-cluster] readiness check failing (fault injection)',
      );
      return;
    }
    ready = true;
    log.writeLine('[local-cluster] ready');
    spec.onReadyChange();
  }, spec.readyDelayMs);

  return {
    exited,
    isReady: () => ready,
    stop() {
      if (done) return;
      log.writeLine('[local-cluster] received SIGTERM, shutting down');
      finish({ exitCode: 143, reason: 'Error', signal: 'SIGTERM' });
    },
  };
}
