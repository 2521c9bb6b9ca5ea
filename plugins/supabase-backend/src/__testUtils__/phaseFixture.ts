import type {
  V1ContainerState,
  V1Deployment,
  V1Job,
  V1JobCondition,
  V1Pod,
} from '@kubernetes/client-node';
import {
  ProjectPhase,
  ProjectSpec,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectRecord } from '../database/ProjectStore';
import { reconcileProject } from '../pipeline/reconcileProject';
import { objectNames, standardLabels } from '../resources';
import { InMemoryClusterClient } from './InMemoryClusterClient';
import { PipelineFixture, SUCCESSFUL_RUN_LOG } from './startPipelineFixture';

/** The namespace the phases' tests put their projects in. */
export const TEAM = 'team-a';

/**
 * A project of the fixture's store already in `phase`, as the pipeline
 * would have left it there (a phase step reads only the store's record).
 */
export async function projectInPhase(
  fixture: PipelineFixture,
  phase: ProjectPhase,
  options: { name?: string; spec?: Partial<ProjectSpec> } = {},
): Promise<ProjectRecord> {
  const name = options.name ?? 'shop';
  const created = await fixture.store.createProject({
    namespace: TEAM,
    name,
    spec: {
      database: { secretRef: `${name}-db`, sslMode: 'disable' },
      ...options.spec,
    },
  });
  if (phase !== 'Pending') {
    await fixture.store.transition(created.uid, {
      from: 'Pending',
      to: phase,
      reason: 'TestSetUp',
      message: `Put in ${phase} by the test`,
    });
  }
  return reread(fixture, created.uid);
}

/** The project as the store holds it now. */
export async function reread(
  fixture: PipelineFixture,
  uid: string,
): Promise<ProjectRecord> {
  const project = await fixture.store.getProjectByUid(uid);
  if (!project) throw new Error(`Project ${uid} is not stored`);
  return project;
}

/** The reasons on a project's timeline, oldest first. */
export async function eventReasons(
  fixture: PipelineFixture,
  uid: string,
): Promise<string[]> {
  return (await fixture.store.listEvents(uid)).map(e => e.reason);
}

/** A reference to one of a project's Jobs. */
export function jobRef(project: string, name = objectNames(project).dbInit) {
  return { apiVersion: 'batch/v1', kind: 'Job', namespace: TEAM, name };
}

/**
 * What the Job controller and the kubelet make of one attempt of a Job: a
 * pod in `phase` that printed `log` (when it ended), or one whose container
 * waits with `waitingReason`.
 */
export function putJobPod(
  cluster: InMemoryClusterClient,
  project: string,
  job: string,
  pod: {
    name: string;
    phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
    log?: string;
    waitingReason?: string;
    waitingMessage?: string;
    createdAt?: Date;
  },
) {
  const found = cluster.peek<V1Job>(jobRef(project, job));
  if (!found) throw new Error(`No Job ${job}`);
  if (pod.log !== undefined) cluster.setPodLog(TEAM, pod.name, pod.log);
  cluster.put<V1Pod>({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace: TEAM,
      name: pod.name,
      creationTimestamp: pod.createdAt,
      labels: { ...standardLabels(project, 'db-init'), 'job-name': job },
      ownerReferences: [
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          name: job,
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
function containerState(pod: {
  phase: string;
  waitingReason?: string;
  waitingMessage?: string;
}): V1ContainerState {
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
export function endJob(
  cluster: InMemoryClusterClient,
  project: string,
  job: string,
  condition: Pick<V1JobCondition, 'type' | 'reason' | 'message'>,
) {
  cluster.update<V1Job>(jobRef(project, job), changed => {
    changed.status = {
      ...(condition.type === 'Complete' ? { succeeded: 1 } : { failed: 1 }),
      conditions: [{ ...condition, status: 'True' }],
    };
  });
}

/**
 * What the Deployment controller reports of a Deployment whose pods never
 * become available (an image that cannot be pulled, say).
 */
export function makeDeploymentUnavailable(
  cluster: InMemoryClusterClient,
  name: string,
  message: string,
) {
  cluster.update<V1Deployment>(
    { apiVersion: 'apps/v1', kind: 'Deployment', namespace: TEAM, name },
    changed => {
      const replicas = changed.spec?.replicas ?? 1;
      changed.status = {
        observedGeneration: changed.metadata?.generation ?? 1,
        replicas,
        updatedReplicas: replicas,
        readyReplicas: 0,
        availableReplicas: 0,
        conditions: [{ type: 'Available', status: 'False', message }],
      };
    },
  );
}

/**
 * A project taken through the whole pipeline to Running, the cluster's
 * controllers played by the test: its db-init Job completes, its
 * Deployments become available.
 */
export async function provisionToRunning(
  fixture: PipelineFixture,
  options: { name?: string; spec?: Partial<ProjectSpec> } = {},
): Promise<ProjectRecord> {
  const name = options.name ?? 'shop';
  fixture.createDatabaseSecret(TEAM, `${name}-db`);
  const { uid } = await projectInPhase(fixture, 'Pending', options);
  await reconcileProject(fixture.ctx, uid);
  fixture.completeDbInitJob(TEAM, name, SUCCESSFUL_RUN_LOG);
  await reconcileProject(fixture.ctx, uid);
  fixture.makeDeploymentsAvailable(TEAM);
  await reconcileProject(fixture.ctx, uid);
  const project = await reread(fixture, uid);
  if (project.phase !== 'Running') {
    throw new Error(`${name} is ${project.phase}: ${project.message}`);
  }
  return project;
}
