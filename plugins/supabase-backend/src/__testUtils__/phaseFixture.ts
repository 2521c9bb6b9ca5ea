import type { V1Deployment } from '@kubernetes/client-node';
import {
  ProjectPhase,
  ProjectSpec,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectRecord } from '../database/ProjectStore';
import { deploySecrets } from '../pipeline/phases/deploySecrets';
import { reconcileProject } from '../pipeline/reconcileProject';
import { ProjectKeys, objectNames } from '../resources';
import { InMemoryClusterClient } from './InMemoryClusterClient';
import { JobCondition, JobPod, putPodOfJob, setJobCondition } from './jobPods';
import {
  PipelineFixture,
  SUCCESSFUL_RUN_LOG,
  startPipelineFixture,
} from './startPipelineFixture';

/** The namespace the phases' tests put their projects in. */
export const TEAM = 'team-a';

/**
 * The pipeline fixture of a test file: started once for the file (the
 * store's migrations run once) and, before each test, emptied (tables and
 * cluster) and given the team's namespace and, when named, its database
 * Secret. The fixture returned stands for the current one.
 */
export function usePhaseFixture(
  options: { namespace?: boolean; databaseSecret?: string } = {},
): PipelineFixture {
  let current: PipelineFixture | undefined;
  beforeAll(async () => {
    current = await startPipelineFixture();
  });
  beforeEach(async () => {
    await current!.reset();
    if (options.namespace ?? true) current!.createNamespace(TEAM);
    if (options.databaseSecret) {
      current!.createDatabaseSecret(TEAM, options.databaseSecret);
    }
  });
  afterAll(() => current?.stop());
  return new Proxy({} as PipelineFixture, {
    get: (_, key) => Reflect.get(current!, key, current),
  });
}

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

/** A reference to a Secret of the namespace. */
export const secretRef = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  namespace: TEAM,
  name,
});

/** A reference to a Deployment of the namespace. */
export const deploymentRef = (name: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  namespace: TEAM,
  name,
});

/** A reference to one of a project's Jobs. */
export function jobRef(project: string, name = objectNames(project).dbInit) {
  return { apiVersion: 'batch/v1', kind: 'Job', namespace: TEAM, name };
}

/** What the Job controller and the kubelet make of one attempt of a Job of `project`. */
export function putJobPod(
  cluster: InMemoryClusterClient,
  project: string,
  job: string,
  pod: JobPod,
) {
  putPodOfJob(cluster, { namespace: TEAM, project, name: job }, pod);
}

/** The Job controller's verdict on a Job of the namespace: its terminal condition. */
export function endJob(
  cluster: InMemoryClusterClient,
  job: string,
  condition: JobCondition,
) {
  setJobCondition(cluster, { namespace: TEAM, name: job }, condition);
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
  cluster.update<V1Deployment>(deploymentRef(name), changed => {
    const replicas = changed.spec?.replicas ?? 1;
    changed.status = {
      observedGeneration: changed.metadata?.generation ?? 1,
      replicas,
      updatedReplicas: replicas,
      readyReplicas: 0,
      availableReplicas: 0,
      conditions: [{ type: 'Available', status: 'False', message }],
    };
  });
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

/**
 * A project Running as the router sees it, without the whole pipeline: its
 * record in Running, `keys` in the store (made once by the test file, since
 * making them costs), and its Secrets written from them as DeployingSecrets
 * writes them. Its database Secret must exist.
 */
export async function runningProject(
  fixture: PipelineFixture,
  keys: ProjectKeys,
  options: { name?: string; spec?: Partial<ProjectSpec> } = {},
): Promise<ProjectRecord> {
  const { uid } = await projectInPhase(fixture, 'Running', options);
  await fixture.ctx.keys.create(uid, keys);
  const project = await reread(fixture, uid);
  const { next } = await deploySecrets(fixture.ctx, project);
  if (next?.to !== 'DeployingComponents') {
    throw new Error(`The Secrets of ${project.name} were not written`);
  }
  return project;
}
