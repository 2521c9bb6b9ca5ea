import type {
  V1ContainerState,
  V1Job,
  V1JobCondition,
  V1Pod,
} from '@kubernetes/client-node';
import { standardLabels } from '../resources';
import { InMemoryClusterClient } from './InMemoryClusterClient';

/** A Job of a project: where it is and what it is called. */
export interface ProjectJob {
  namespace: string;
  project: string;
  name: string;
}

/** One attempt of a Job, as the tests describe it. */
export interface JobPod {
  name: string;
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  /** What its container printed (read back by readPodLog). */
  log?: string;
  /** Why its container waits (`InvalidImageName`, `ContainerCreating`). */
  waitingReason?: string;
  waitingMessage?: string;
  createdAt?: Date;
}

/** A Job's terminal condition, as the Job controller sets it. */
export type JobCondition = Pick<V1JobCondition, 'type' | 'reason' | 'message'>;

const refOf = (job: Pick<ProjectJob, 'namespace' | 'name'>) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  namespace: job.namespace,
  name: job.name,
});

/**
 * What the Job controller and the kubelet make of one attempt of a Job: a
 * pod owned by it in `phase`, that printed `log`, or whose container waits
 * with `waitingReason`.
 */
export function putPodOfJob(
  cluster: InMemoryClusterClient,
  job: ProjectJob,
  pod: JobPod,
) {
  const found = cluster.peek<V1Job>(refOf(job));
  if (!found) throw new Error(`No Job ${job.namespace}/${job.name}`);
  if (pod.log !== undefined)
    cluster.setPodLog(job.namespace, pod.name, pod.log);
  cluster.put<V1Pod>({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace: job.namespace,
      name: pod.name,
      creationTimestamp: pod.createdAt,
      labels: {
        ...standardLabels(job.project, 'db-init'),
        'job-name': job.name,
      },
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: job.name,
          uid: found.metadata!.uid!,
        },
      ],
    },
    spec: { containers: [{ name: 'db-init', image: 'postgres' }] },
    status: {
      phase: pod.phase,
      containerStatuses: [
        {
          name: 'db-init',
          image: 'postgres',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: containerState(pod),
        },
      ],
    },
  });
}

/** What a pod's container is doing, as the kubelet reports it. */
function containerState(pod: JobPod): V1ContainerState {
  if (pod.phase === 'Succeeded' || pod.phase === 'Failed') {
    return { terminated: { exitCode: pod.phase === 'Failed' ? 1 : 0 } };
  }
  if (pod.waitingReason) {
    return {
      waiting: { reason: pod.waitingReason, message: pod.waitingMessage },
    };
  }
  return { running: {} };
}

/** The Job controller's verdict on a Job: its terminal condition. */
export function setJobCondition(
  cluster: InMemoryClusterClient,
  job: Pick<ProjectJob, 'namespace' | 'name'>,
  condition: JobCondition,
) {
  cluster.update<V1Job>(refOf(job), changed => {
    changed.status = {
      ...(condition.type === 'Complete' ? { succeeded: 1 } : { failed: 1 }),
      conditions: [{ ...condition, status: 'True' }],
    };
  });
}
