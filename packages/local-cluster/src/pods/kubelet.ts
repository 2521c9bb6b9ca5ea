/**
 * The node: schedules pods onto itself and runs them, as the scheduler and
 * the kubelet would. Containers of postgres images that have a command run
 * as real local processes (processRunner); all others are simulated
 * (simulatedRunner). Pod status (phase, conditions, container states) and
 * events follow the kubelet's.
 */
import { randomBytes, createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ApiError, badRequest, notFound } from '../api/errors';
import type { Registry } from '../api/registry';
import {
  CONFIGMAPS,
  DEPLOYMENTS,
  PODS,
  REPLICASETS,
  SECRETS,
} from '../api/resources';
import type { EventRecorder } from '../controllers/events';
import { globMatches, nameMatches, type FaultConfig } from '../faults';
import type { ObjectStore } from '../store/store';
import type { StoreEvent } from '../store/watchHub';
import type { KubeObject } from '../types';
import { humanDuration, Timers, timestamp, WorkQueue } from '../util';
import {
  ContainerConfigError,
  expand,
  resolveEnv,
  type ObjectLookup,
} from './env';
import { ContainerLog, PodLogStore, type LogLine } from './podLogs';
import {
  resolveExecutable,
  startProcess,
  type ContainerExit,
  type ContainerHandle,
} from './processRunner';
import {
  SIMULATED_ANNOTATION,
  startSimulated,
  type SimulatedFault,
} from './simulatedRunner';
import {
  containerMounts,
  restoreMountPaths,
  rewriteMountPaths,
  setUpVolumes,
  VolumeMountError,
  type MountMapping,
} from './volumes';

export interface KubeletOptions {
  nodeName: string;
  hostIP: string;
  workDir: string;
  simulatedReadyDelayMs: number;
  restartBackoffBaseMs: number;
  restartBackoffMaxMs: number;
  /** Image globs run as local processes. */
  processImages: string[];
  faults: () => FaultConfig;
}

type ContainerKind = 'process' | 'simulated';

interface TerminatedState {
  exitCode: number;
  signal?: number;
  reason: string;
  message?: string;
  startedAt: string;
  finishedAt: string;
  containerID?: string;
}

interface ContainerRuntime {
  spec: Record<string, any>;
  init: boolean;
  kind?: ContainerKind;
  state: 'waiting' | 'running' | 'terminated';
  waiting: { reason: string; message?: string };
  startedAt?: string;
  terminated?: TerminatedState;
  lastTerminated?: TerminatedState;
  restartCount: number;
  containerID?: string;
  handle?: ContainerHandle;
  log?: ContainerLog;
  mounts: MountMapping[];
  pid?: number;
  backoffTimer?: NodeJS.Timeout;
}

interface PodRuntime {
  uid: string;
  namespace: string;
  name: string;
  dir: string;
  volumeDirs?: Map<string, string>;
  podIP: string;
  startTime: string;
  init: ContainerRuntime[];
  containers: ContainerRuntime[];
  initDone: boolean;
  terminating: boolean;
  removed: boolean;
  retryTimer?: NodeJS.Timeout;
}

/** What the node knows about a running pod: for tests and the docs. */
export interface PodRuntimeInfo {
  /** The pod's temporary folder on this machine. */
  dir: string;
  containers: Array<{
    name: string;
    kind: 'process' | 'simulated' | 'not started';
    pid?: number;
    /** Mount path → local folder. */
    mounts: MountMapping[];
  }>;
}

export interface LogRequest {
  container?: string;
  previous?: boolean;
  follow?: boolean;
  tailLines?: number;
  sinceTime?: number;
  timestamps?: boolean;
  limitBytes?: number;
}

export interface OpenedLog {
  lines: LogLine[];
  /** Set when following: new lines come from here until it ends. */
  follow?: ContainerLog;
  /** Where the lines after `lines` start in the log (for `follow`). */
  cursor: number;
}

const DEFAULT_PATH =
  '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function containerPath(hostPath: string | undefined): string {
  // Keep the image-like PATH, plus where the machine's psql lives.
  const dirs = DEFAULT_PATH.split(':');
  const psql = resolveExecutable('psql', hostPath ?? '');
  if (psql && !dirs.includes(path.dirname(psql))) dirs.push(path.dirname(psql));
  return dirs.join(':');
}

function imageID(image: string): string {
  const digest = createHash('sha256').update(image).digest('hex');
  const name = image.split('@')[0].replace(/:[^/:]+$/, '');
  const full = name.includes('/') ? name : `library/${name}`;
  return `docker.io/${full}@sha256:${digest}`;
}

export class Kubelet {
  private readonly runtimes = new Map<string, PodRuntime>();
  /** The same runtimes by namespace: a Secret or ConfigMap wakes its namespace's pods only. */
  private readonly runtimesIn = new Map<string, Set<PodRuntime>>();
  private readonly queue: WorkQueue;
  private readonly timers = new Timers();
  private readonly unsubscribe: () => void;
  private nextPodIp = 2;
  private readonly lookup: ObjectLookup;
  private readonly envPath: string;

  constructor(
    private readonly registry: Registry,
    private readonly store: ObjectStore,
    private readonly recorder: EventRecorder,
    readonly logs: PodLogStore,
    private readonly options: KubeletOptions,
  ) {
    this.envPath = containerPath(process.env.PATH);
    this.lookup = {
      secret: (ns, name) => this.store.peek(SECRETS, ns, name),
      configMap: (ns, name) => this.store.peek(CONFIGMAPS, ns, name),
    };
    this.queue = new WorkQueue(key => this.sync(key));
    this.unsubscribe = store.hub.subscribe(e => this.onEvent(e));
    this.timers.set(() => this.periodic(), 2000);
  }

  private periodic() {
    for (const rt of this.runtimes.values()) {
      if (!rt.terminating && !rt.removed)
        this.queue.add(`${rt.namespace}/${rt.name}`);
    }
    this.timers.set(() => this.periodic(), 2000);
  }

  private onEvent(e: StoreEvent) {
    if (e.resourceKey === '/pods') {
      const pod = e.object;
      if (e.type === 'DELETED') {
        this.onPodDeleted(pod);
        return;
      }
      this.queue.add(`${pod.metadata.namespace}/${pod.metadata.name}`);
    } else if (
      (e.resourceKey === '/secrets' || e.resourceKey === '/configmaps') &&
      e.type !== 'DELETED'
    ) {
      // A pod waiting for this object can go on now.
      const namespace = e.object.metadata.namespace!;
      for (const rt of this.runtimesIn.get(namespace) ?? []) {
        if (!rt.terminating) this.queue.add(`${rt.namespace}/${rt.name}`);
      }
    }
  }

  // ----- scheduling ----------------------------------------------------------

  private bind(pod: KubeObject) {
    const conditions = [
      ...(pod.status?.conditions ?? []).filter(
        (c: { type: string }) => c.type !== 'PodScheduled',
      ),
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: timestamp(),
      },
    ];
    const stored = this.store.replace(PODS, {
      ...pod,
      spec: { ...pod.spec, nodeName: this.options.nodeName },
      status: { ...pod.status, conditions },
    });
    this.recorder.record(
      stored,
      'Normal',
      'Scheduled',
      `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${this.options.nodeName}`,
      'default-scheduler',
    );
  }

  // ----- pod lifecycle --------------------------------------------------------

  private sync(key: string) {
    const [namespace, name] = key.split('/');
    const pod = this.store.peek(PODS, namespace, name);
    if (!pod) return;
    const uid = pod.metadata.uid!;
    let rt = this.runtimes.get(uid);
    if (pod.metadata.deletionTimestamp) {
      if (!rt) {
        this.registry.removeNow(PODS, namespace, name);
      } else {
        this.terminate(rt, pod);
      }
      return;
    }
    if (!pod.spec?.nodeName) {
      this.bind(pod);
      return;
    }
    if (pod.spec.nodeName !== this.options.nodeName) return;
    const phase = pod.status?.phase;
    if (!rt) {
      if (phase === 'Succeeded' || phase === 'Failed') return;
      rt = this.createRuntime(pod);
    }
    this.advance(rt);
  }

  private createRuntime(pod: KubeObject): PodRuntime {
    const uid = pod.metadata.uid!;
    const dir = path.join(
      this.options.workDir,
      `${pod.metadata.namespace}_${pod.metadata.name}_${uid.slice(0, 8)}`,
    );
    fs.mkdirSync(path.join(dir, 'home'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'root'), { recursive: true });
    const n = this.nextPodIp++;
    const make = (
      spec: Record<string, any>,
      init: boolean,
    ): ContainerRuntime => ({
      spec,
      init,
      state: 'waiting',
      waiting: { reason: init ? 'PodInitializing' : 'ContainerCreating' },
      restartCount: 0,
      mounts: [],
    });
    const init = (pod.spec.initContainers ?? []).map((c: Record<string, any>) =>
      make(c, true),
    );
    const containers = (pod.spec.containers ?? []).map(
      (c: Record<string, any>) => make(c, false),
    );
    if (init.length) {
      init[0].waiting = { reason: 'ContainerCreating' };
      for (const c of containers) c.waiting = { reason: 'PodInitializing' };
    }
    const rt: PodRuntime = {
      uid,
      namespace: pod.metadata.namespace!,
      name: pod.metadata.name!,
      dir,
      podIP: `10.244.${Math.floor(n / 254) % 254}.${(n % 254) + 1}`,
      startTime: timestamp(),
      init,
      containers,
      initDone: init.length === 0,
      terminating: false,
      removed: false,
    };
    this.runtimes.set(uid, rt);
    let inNamespace = this.runtimesIn.get(rt.namespace);
    if (!inNamespace) {
      inNamespace = new Set();
      this.runtimesIn.set(rt.namespace, inNamespace);
    }
    inNamespace.add(rt);
    return rt;
  }

  private scheduleRetry(rt: PodRuntime) {
    if (rt.retryTimer) return;
    rt.retryTimer = this.timers.set(() => {
      rt.retryTimer = undefined;
      this.queue.add(`${rt.namespace}/${rt.name}`);
    }, 1000);
  }

  private currentPod(rt: PodRuntime): KubeObject | undefined {
    const pod = this.store.peek(PODS, rt.namespace, rt.name);
    return pod && pod.metadata.uid === rt.uid ? pod : undefined;
  }

  private advance(rt: PodRuntime) {
    if (rt.terminating || rt.removed) return;
    const pod = this.currentPod(rt);
    if (!pod) return;
    if (!rt.volumeDirs) {
      try {
        rt.volumeDirs = setUpVolumes(pod, rt.dir, this.lookup);
      } catch (error) {
        if (!(error instanceof VolumeMountError)) throw error;
        this.recorder.record(
          pod,
          'Warning',
          'FailedMount',
          error.message,
          'kubelet',
        );
        this.writeStatus(rt);
        this.scheduleRetry(rt);
        return;
      }
    }
    if (!rt.initDone) {
      for (const c of rt.init) {
        if (c.state === 'terminated' && c.terminated?.exitCode === 0) continue;
        if (c.state === 'waiting' && !c.backoffTimer)
          this.startContainer(rt, pod, c);
        this.writeStatus(rt);
        return;
      }
      rt.initDone = true;
      for (const c of rt.containers) {
        if (c.waiting.reason === 'PodInitializing')
          c.waiting = { reason: 'ContainerCreating' };
      }
    }
    for (const c of rt.containers) {
      if (c.state === 'waiting' && !c.backoffTimer)
        this.startContainer(rt, pod, c);
    }
    this.writeStatus(rt);
  }

  private isProcessImage(image: string): boolean {
    const bare = image.replace(/^docker\.io\//, '');
    return this.options.processImages.some(p => globMatches(p, bare));
  }

  private simulatedFault(pod: KubeObject, image: string): SimulatedFault {
    const faults = this.options.faults();
    const deployment = this.owningDeployment(pod);
    const ns = pod.metadata.namespace!;
    if (
      (faults.failingImages ?? []).some(p => globMatches(p, image)) ||
      (deployment && nameMatches(faults.failingDeployments, ns, deployment))
    ) {
      return 'crash';
    }
    if (
      (faults.unreadyImages ?? []).some(p => globMatches(p, image)) ||
      (deployment && nameMatches(faults.unreadyDeployments, ns, deployment))
    ) {
      return 'unready';
    }
    return undefined;
  }

  private owningDeployment(pod: KubeObject): string | undefined {
    const rsRef = pod.metadata.ownerReferences?.find(
      r => r.kind === 'ReplicaSet' && r.controller,
    );
    if (!rsRef) return undefined;
    const rs = this.store.peek(REPLICASETS, pod.metadata.namespace, rsRef.name);
    const dRef = rs?.metadata.ownerReferences?.find(
      r => r.kind === 'Deployment' && r.controller,
    );
    if (!dRef) return undefined;
    return this.store.peek(DEPLOYMENTS, pod.metadata.namespace, dRef.name)
      ? dRef.name
      : undefined;
  }

  private fieldPath(c: ContainerRuntime) {
    return `spec.${c.init ? 'initContainers' : 'containers'}{${c.spec.name}}`;
  }

  private startContainer(rt: PodRuntime, pod: KubeObject, c: ContainerRuntime) {
    let env: Array<[string, string]>;
    try {
      env = resolveEnv(pod, c.spec, this.lookup);
      c.mounts = containerMounts(c.spec, rt.volumeDirs!);
    } catch (error) {
      if (!(error instanceof ContainerConfigError)) throw error;
      c.waiting = {
        reason: 'CreateContainerConfigError',
        message: error.message,
      };
      this.recorder.record(
        pod,
        'Warning',
        'Failed',
        `Error: ${error.message}`,
        'kubelet',
        this.fieldPath(c),
      );
      this.scheduleRetry(rt);
      return;
    }
    const image: string = c.spec.image;
    const envMap = new Map(env);
    const lookupVar = (name: string) => envMap.get(name);
    const command: string[] = (c.spec.command ?? []).map((s: string) =>
      expand(String(s), lookupVar),
    );
    const args: string[] = (c.spec.args ?? []).map((s: string) =>
      expand(String(s), lookupVar),
    );
    // An image's entrypoint is unknown here: with no command, the args are
    // the command (what the postgres image's entrypoint does for non-options).
    const argv = command.length ? [...command, ...args] : args;
    const runnable =
      this.isProcessImage(image) &&
      argv.length > 0 &&
      argv[0] !== 'postgres' &&
      !argv[0].startsWith('-');
    c.kind = runnable ? 'process' : 'simulated';
    if (!runnable) this.markSimulated(pod);
    const fp = this.fieldPath(c);
    this.recorder.record(
      pod,
      'Normal',
      'Pulled',
      `Container image "${image}" already present on machine`,
      'kubelet',
      fp,
    );
    this.recorder.record(
      pod,
      'Normal',
      'Created',
      `Created container: ${c.spec.name}`,
      'kubelet',
      fp,
    );
    const log = this.logs.startInstance(rt.uid, c.spec.name);
    if (runnable) log.rewriteLines(text => restoreMountPaths(text, c.mounts));
    c.log = log;
    c.containerID = `containerd://${randomBytes(32).toString('hex')}`;
    c.startedAt = timestamp();
    let handle: ContainerHandle;
    if (runnable) {
      const processEnv: Record<string, string> = {
        PATH: this.envPath,
        HOME: path.join(rt.dir, 'home'),
        HOSTNAME: rt.name,
      };
      for (const [k, v] of env) processEnv[k] = rewriteMountPaths(v, c.mounts);
      let cwd = path.join(rt.dir, 'root');
      if (c.spec.workingDir) {
        const mapped = rewriteMountPaths(c.spec.workingDir, c.mounts);
        cwd =
          mapped !== c.spec.workingDir
            ? mapped
            : path.join(rt.dir, 'root', c.spec.workingDir);
        fs.mkdirSync(cwd, { recursive: true });
      }
      handle = startProcess({
        argv: argv.map(a => rewriteMountPaths(a, c.mounts)),
        env: processEnv,
        cwd,
        log,
      });
    } else {
      handle = startSimulated({
        podName: rt.name,
        container: c.spec,
        log,
        readyDelayMs: this.options.simulatedReadyDelayMs,
        fault: this.simulatedFault(pod, image),
        timers: this.timers,
        onReadyChange: () => this.writeStatus(rt),
      });
    }
    c.handle = handle;
    c.pid = handle.pid;
    c.state = 'running';
    this.recorder.record(
      pod,
      'Normal',
      'Started',
      `Started container ${c.spec.name}`,
      'kubelet',
      fp,
    );
    handle.exited.then(
      exit => this.onExit(rt, c, handle, exit),
      error =>
        this.onExit(rt, c, handle, {
          exitCode: 128,
          reason: 'StartError',
          message: String(error),
        }),
    );
  }

  /** Says on the pod that its containers are simulated, for clients that show it. */
  private markSimulated(pod: KubeObject) {
    if (pod.metadata.annotations?.[SIMULATED_ANNOTATION] === 'true') return;
    try {
      this.registry.patch(
        PODS,
        pod.metadata.namespace,
        pod.metadata.name!,
        'application/merge-patch+json',
        JSON.stringify({
          metadata: { annotations: { [SIMULATED_ANNOTATION]: 'true' } },
        }),
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
  }

  private onExit(
    rt: PodRuntime,
    c: ContainerRuntime,
    handle: ContainerHandle,
    exit: ContainerExit,
  ) {
    if (c.handle !== handle) return;
    c.handle = undefined;
    const finishedAt = timestamp();
    let message = exit.message;
    if (
      !message &&
      exit.exitCode !== 0 &&
      c.spec.terminationMessagePolicy === 'FallbackToLogsOnError' &&
      c.log
    ) {
      const lines = c.log
        .snapshot({ tailLines: 80 })
        .map(l => l.text)
        .join('\n');
      message = lines.slice(-2048);
    }
    c.state = 'terminated';
    c.terminated = {
      exitCode: exit.exitCode,
      reason: exit.reason,
      startedAt: c.startedAt ?? finishedAt,
      finishedAt,
      containerID: c.containerID,
    };
    if (message) c.terminated.message = message;
    if (rt.removed) return;
    if (rt.terminating) {
      this.writeStatus(rt);
      this.finishTermination(rt);
      return;
    }
    const pod = this.currentPod(rt);
    if (!pod) return;
    const policy: string = pod.spec?.restartPolicy ?? 'Always';
    const failed = exit.exitCode !== 0;
    if (c.init) {
      if (!failed) {
        this.advance(rt);
        return;
      }
      if (policy !== 'Never') this.scheduleRestart(rt, pod, c);
      this.writeStatus(rt);
      return;
    }
    if (policy === 'Always' || (policy === 'OnFailure' && failed)) {
      this.scheduleRestart(rt, pod, c);
    }
    this.writeStatus(rt);
  }

  private scheduleRestart(
    rt: PodRuntime,
    pod: KubeObject,
    c: ContainerRuntime,
  ) {
    const delay = Math.min(
      this.options.restartBackoffBaseMs * 2 ** c.restartCount,
      this.options.restartBackoffMaxMs,
    );
    c.lastTerminated = c.terminated;
    c.terminated = undefined;
    c.state = 'waiting';
    c.waiting = {
      reason: 'CrashLoopBackOff',
      message: `back-off ${humanDuration(delay)} restarting failed container=${
        c.spec.name
      } pod=${rt.name}_${rt.namespace}(${rt.uid})`,
    };
    this.recorder.record(
      pod,
      'Warning',
      'BackOff',
      `Back-off restarting failed container ${c.spec.name} in pod ${rt.name}_${rt.namespace}(${rt.uid})`,
      'kubelet',
      this.fieldPath(c),
    );
    c.backoffTimer = this.timers.set(() => {
      c.backoffTimer = undefined;
      if (rt.terminating || rt.removed) return;
      const current = this.currentPod(rt);
      if (!current) return;
      c.restartCount++;
      this.startContainer(rt, current, c);
      this.writeStatus(rt);
    }, delay);
  }

  /** Graceful deletion: stop the containers, then remove the pod object. */
  private terminate(rt: PodRuntime, pod: KubeObject) {
    if (rt.terminating) return;
    rt.terminating = true;
    this.timers.clear(rt.retryTimer);
    const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? 30) * 1000;
    for (const c of [...rt.init, ...rt.containers]) {
      this.timers.clear(c.backoffTimer);
      c.backoffTimer = undefined;
      if (c.state === 'running' && c.handle) {
        this.recorder.record(
          pod,
          'Normal',
          'Killing',
          `Stopping container ${c.spec.name}`,
          'kubelet',
          this.fieldPath(c),
        );
        c.handle.stop(graceMs);
      }
    }
    this.finishTermination(rt);
  }

  private finishTermination(rt: PodRuntime) {
    const running = [...rt.init, ...rt.containers].some(
      c => c.state === 'running',
    );
    if (running) return;
    // The kubelet's final delete (grace period 0) removes the object.
    this.registry.removeNow(PODS, rt.namespace, rt.name);
  }

  private onPodDeleted(pod: KubeObject) {
    const rt = this.runtimes.get(pod.metadata.uid!);
    if (!rt) return;
    rt.removed = true;
    this.runtimes.delete(rt.uid);
    const inNamespace = this.runtimesIn.get(rt.namespace);
    inNamespace?.delete(rt);
    if (!inNamespace?.size) this.runtimesIn.delete(rt.namespace);
    this.timers.clear(rt.retryTimer);
    const exits: Promise<unknown>[] = [];
    for (const c of [...rt.init, ...rt.containers]) {
      this.timers.clear(c.backoffTimer);
      if (c.handle) {
        exits.push(c.handle.exited);
        c.handle.stop(1000);
      }
    }
    this.logs.dropPod(rt.uid);
    // Off the event loop: a pod's folder can be large, and the API server
    // and controllers should not wait while it is removed.
    Promise.all(exits)
      .finally(() => fs.promises.rm(rt.dir, { recursive: true, force: true }))
      .catch(error =>
        process.emitWarning(
          `local-cluster could not remove ${rt.dir}: ${error}`,
        ),
      );
  }

  // ----- status ----------------------------------------------------------------

  private containerStatus(c: ContainerRuntime) {
    const states = {
      running: { running: { startedAt: c.startedAt } },
      terminated: { terminated: c.terminated },
      waiting: { waiting: c.waiting },
    };
    const state = states[c.state];
    const status: Record<string, unknown> = {
      name: c.spec.name,
      state,
      lastState: c.lastTerminated ? { terminated: c.lastTerminated } : {},
      ready: c.state === 'running' && !!c.handle?.isReady(),
      restartCount: c.restartCount,
      image: c.spec.image,
      imageID: c.containerID ? imageID(c.spec.image) : '',
      started: c.state === 'running',
    };
    if (c.containerID) status.containerID = c.containerID;
    if (c.mounts.length) {
      status.volumeMounts = (c.spec.volumeMounts ?? []).map(
        (m: Record<string, any>) => ({
          name: m.name,
          mountPath: m.mountPath,
          ...(m.readOnly
            ? { readOnly: true, recursiveReadOnly: 'Disabled' }
            : {}),
        }),
      );
    }
    return status;
  }

  private phase(rt: PodRuntime, policy: string): string {
    const failedInit = rt.init.find(
      c => c.state === 'terminated' && c.terminated!.exitCode !== 0,
    );
    if (failedInit && policy === 'Never') return 'Failed';
    if (!rt.initDone) return 'Pending';
    const cs = rt.containers;
    const neverStarted = cs.filter(
      c => c.state === 'waiting' && c.restartCount === 0 && !c.lastTerminated,
    );
    if (neverStarted.length) return 'Pending';
    if (cs.some(c => c.state === 'running')) return 'Running';
    if (cs.some(c => c.state === 'waiting')) return 'Running';
    const failed = cs.some(c => c.terminated!.exitCode !== 0);
    if (policy === 'Always') return 'Running';
    return failed ? 'Failed' : 'Succeeded';
  }

  private writeStatus(rt: PodRuntime) {
    if (rt.removed) return;
    const pod = this.store.peek(PODS, rt.namespace, rt.name);
    if (!pod || pod.metadata.uid !== rt.uid) return;
    const policy = pod.spec?.restartPolicy ?? 'Always';
    const phase = this.phase(rt, policy);
    const terminal = phase === 'Succeeded' || phase === 'Failed';
    const old: Array<Record<string, any>> = pod.status?.conditions ?? [];
    const now = timestamp();
    const cond = (
      type: string,
      ok: boolean,
      reason?: string,
      message?: string,
    ) => {
      const prev = old.find(c => c.type === type);
      const status = ok ? 'True' : 'False';
      const c: Record<string, unknown> = {
        type,
        status,
        lastProbeTime: null,
        lastTransitionTime:
          prev && prev.status === status ? prev.lastTransitionTime : now,
      };
      if (reason) c.reason = reason;
      if (message) c.message = message;
      return c;
    };
    const unready = rt.containers
      .filter(c => !(c.state === 'running' && c.handle?.isReady()))
      .map(c => c.spec.name);
    const incompleteInit = rt.init
      .filter(c => !(c.state === 'terminated' && c.terminated!.exitCode === 0))
      .map(c => c.spec.name);
    const readyOk = unready.length === 0 && !terminal;
    let readyReason: string | undefined;
    if (terminal) readyReason = 'PodCompleted';
    else if (!readyOk) readyReason = 'ContainersNotReady';
    const readyMessage =
      !terminal && !readyOk
        ? `containers with unready status: [${unready.join(' ')}]`
        : undefined;
    const scheduled = old.find(c => c.type === 'PodScheduled') ?? {
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: now,
    };
    const conditions = [
      cond('PodReadyToStartContainers', !terminal),
      cond(
        'Initialized',
        rt.initDone,
        rt.initDone ? undefined : 'ContainersNotInitialized',
        rt.initDone
          ? undefined
          : `containers with incomplete status: [${incompleteInit.join(' ')}]`,
      ),
      cond('Ready', readyOk, readyReason, readyMessage),
      cond('ContainersReady', readyOk, readyReason, readyMessage),
      scheduled,
    ];
    // Conditions that others own (DisruptionTarget, readiness gates) stay.
    const owned = new Set(conditions.map(c => c.type));
    conditions.push(...old.filter(c => !owned.has(c.type)));
    const status: Record<string, unknown> = {
      ...pod.status,
      phase,
      conditions,
      hostIP: this.options.hostIP,
      hostIPs: [{ ip: this.options.hostIP }],
      podIP: rt.podIP,
      podIPs: [{ ip: rt.podIP }],
      startTime: pod.status?.startTime ?? rt.startTime,
      containerStatuses: rt.containers.map(c => this.containerStatus(c)),
    };
    if (rt.init.length)
      status.initContainerStatuses = rt.init.map(c => this.containerStatus(c));
    try {
      this.registry.updateStatus(PODS, pod, status);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
  }

  // ----- logs and introspection ---------------------------------------------------

  /** Serves `pods/log` with the kubelet's rules and messages. */
  openLog(namespace: string, name: string, request: LogRequest): OpenedLog {
    const pod = this.store.peek(PODS, namespace, name);
    if (!pod) throw notFound({ group: '', resource: 'pods' }, name);
    const all = [
      ...(pod.spec?.initContainers ?? []),
      ...(pod.spec?.containers ?? []),
    ].map((c: { name: string }) => c.name);
    const regular = (pod.spec?.containers ?? []).map(
      (c: { name: string }) => c.name,
    );
    const initNames = (pod.spec?.initContainers ?? []).map(
      (c: { name: string }) => c.name,
    );
    let container: string | undefined = request.container;
    if (!container) {
      if (regular.length !== 1) {
        throw badRequest(
          `a container name must be specified for pod ${name}, choose one of: [${regular.join(
            ' ',
          )}]${
            initNames.length
              ? ` or one of the init containers: [${initNames.join(' ')}]`
              : ''
          }`,
        );
      }
      container = regular[0] as string;
    }
    if (!all.includes(container)) {
      throw badRequest(`container ${container} is not valid for pod ${name}`);
    }
    const statuses: Array<Record<string, any>> = [
      ...(pod.status?.initContainerStatuses ?? []),
      ...(pod.status?.containerStatuses ?? []),
    ];
    const status = statuses.find(s => s.name === container);
    const uid = pod.metadata.uid!;
    let log: ContainerLog | undefined;
    if (request.previous) {
      if (!status?.lastState?.terminated) {
        throw badRequest(
          `previous terminated container "${container}" in pod "${name}" not found`,
        );
      }
      log = this.logs.current(uid, container);
      if (status.state?.running || status.state?.terminated)
        log = this.logs.previous(uid, container);
    } else {
      const waiting = status?.state?.waiting;
      if (!status || (waiting && !status.lastState?.terminated)) {
        const reason = waiting?.reason ?? 'ContainerCreating';
        throw badRequest(
          `container "${container}" in pod "${name}" is waiting to start: ${reason}`,
        );
      }
      log = this.logs.current(uid, container);
    }
    if (!log) {
      throw badRequest(
        `container "${container}" in pod "${name}" is waiting to start: ContainerCreating`,
      );
    }
    const lines = log.snapshot({
      tailLines: request.tailLines,
      sinceTime: request.sinceTime,
    });
    return {
      lines,
      follow: request.follow && !log.isEnded ? log : undefined,
      cursor: log.endCursor,
    };
  }

  runtimeInfo(namespace: string, name: string): PodRuntimeInfo | undefined {
    const pod = this.store.peek(PODS, namespace, name);
    const rt = pod && this.runtimes.get(pod.metadata.uid!);
    if (!rt) return undefined;
    return {
      dir: rt.dir,
      containers: [...rt.init, ...rt.containers].map(c => ({
        name: c.spec.name,
        kind: c.kind ?? 'not started',
        pid: c.pid,
        mounts: c.mounts,
      })),
    };
  }

  /** Stops every container and removes the pods' folders. */
  async stop(): Promise<void> {
    this.unsubscribe();
    this.queue.stop();
    this.timers.stop();
    const exits: Promise<unknown>[] = [];
    for (const rt of this.runtimes.values()) {
      rt.removed = true;
      for (const c of [...rt.init, ...rt.containers]) {
        if (c.handle) {
          exits.push(c.handle.exited);
          c.handle.stop(500);
        }
      }
    }
    await Promise.all(exits);
    for (const rt of this.runtimes.values()) {
      fs.rmSync(rt.dir, { recursive: true, force: true });
    }
    this.runtimes.clear();
    this.runtimesIn.clear();
  }
}
