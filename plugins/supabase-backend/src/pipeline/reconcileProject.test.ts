import type { V1Job, V1Secret } from '@kubernetes/client-node';
import {
  PipelineFixture,
  startPipelineFixture,
  SUCCESSFUL_RUN_LOG,
} from '../__testUtils__/startPipelineFixture';
import { reconcileProject } from './reconcileProject';

// Fast, but keys and role passwords are derived for real: a busy machine
// must not fail it.
jest.setTimeout(60_000);

describe('reconcileProject, against a cluster in memory', () => {
  let fixture: PipelineFixture;

  beforeEach(async () => {
    fixture = await startPipelineFixture();
    fixture.createNamespace('team-a');
  });

  afterEach(() => fixture.stop());

  async function createProject(name: string, secretRef = `${name}-db`) {
    return fixture.store.createProject({
      namespace: 'team-a',
      name,
      spec: { database: { secretRef, sslMode: 'disable' } },
    });
  }

  const jobOf = (name: string) =>
    fixture.cluster.peek<V1Job>({
      apiVersion: 'batch/v1',
      kind: 'Job',
      namespace: 'team-a',
      name: `${name}-db-init`,
    });

  it('takes a new project to InitializingDatabase and starts one db-init Job, with its Secrets first', async () => {
    fixture.createDatabaseSecret('team-a', 'shop-db');
    const project = await createProject('shop');

    const outcome = await reconcileProject(fixture.ctx, project.uid);

    expect(outcome).toMatchObject({ changed: true, deleted: false });
    const after = await fixture.store.getProjectByUid(project.uid);
    expect(after!.phase).toBe('InitializingDatabase');
    expect(jobOf('shop')).toBeDefined();
    const secrets = fixture.cluster
      .all<V1Secret>('Secret', 'team-a')
      .map(s => s.metadata!.name);
    expect(secrets).toEqual(
      expect.arrayContaining(['shop-db', 'shop-db-init']),
    );

    // Again, with nothing changed: no second Job, nothing replaced.
    const replaced = fixture.cluster.count('replace');
    const ensured = fixture.cluster.count('ensure', 'Job');
    await reconcileProject(fixture.ctx, project.uid);
    expect(fixture.cluster.count('replace')).toBe(replaced);
    expect(fixture.cluster.count('ensure', 'Job')).toBe(ensured);
    expect(fixture.cluster.all('Job', 'team-a')).toHaveLength(1);
  });

  it('runs a project to Running: the Job completes, the Secrets and components follow, and it waits for them', async () => {
    fixture.createDatabaseSecret('team-a', 'shop-db');
    const project = await createProject('shop');
    await reconcileProject(fixture.ctx, project.uid);

    fixture.completeDbInitJob('team-a', 'shop', SUCCESSFUL_RUN_LOG);
    const waiting = await reconcileProject(fixture.ctx, project.uid);
    const deploying = await fixture.store.getProjectByUid(project.uid);
    expect(deploying!.phase).toBe('DeployingComponents');
    // Waits for the components, and looks again before the timeout runs out.
    expect(waiting.requeueAfterMs).toBeGreaterThan(0);
    expect(fixture.cluster.all('Deployment', 'team-a').length).toBeGreaterThan(
      0,
    );

    fixture.makeDeploymentsAvailable('team-a');
    await reconcileProject(fixture.ctx, project.uid);
    const running = await fixture.store.getProjectByUid(project.uid);
    expect(running!.phase).toBe('Running');
    const reasons = (await fixture.store.listEvents(project.uid)).map(
      e => e.reason,
    );
    expect(reasons).toEqual(
      expect.arrayContaining(['DatabaseInitialized', 'DependenciesValid']),
    );
  });

  it('moves on in the reconcile its pod started when the Job completes while the log is read', async () => {
    fixture.createDatabaseSecret('team-a', 'shop-db');
    const project = await createProject('shop');
    await reconcileProject(fixture.ctx, project.uid);

    // The pod has succeeded; its Job completes a moment later, while the
    // reconcile that the pod's end started reads the log.
    fixture.completeDbInitJob('team-a', 'shop', SUCCESSFUL_RUN_LOG);
    const ref = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      namespace: 'team-a',
      name: 'shop-db-init',
    };
    const complete = jobOf('shop')!.status;
    fixture.cluster.update<V1Job>(ref, job => {
      job.status = { active: 1 };
    });
    const readPodLog = fixture.cluster.readPodLog.bind(fixture.cluster);
    jest
      .spyOn(fixture.cluster, 'readPodLog')
      .mockImplementation(async (...args) => {
        fixture.cluster.update<V1Job>(ref, job => {
          job.status = complete;
        });
        return readPodLog(...args);
      });

    await reconcileProject(fixture.ctx, project.uid);
    const moved = await fixture.store.getProjectByUid(project.uid);
    expect(moved!.phase).not.toBe('InitializingDatabase');
    const reasons = (await fixture.store.listEvents(project.uid)).map(
      e => e.reason,
    );
    expect(reasons).toContain('DatabaseInitialized');
    expect(fixture.cluster.count('readPodLog')).toBe(1);
  });

  it('fails a project whose database Secret is missing, naming it, and starts nothing', async () => {
    const project = await createProject('lost', 'nowhere-db');

    await reconcileProject(fixture.ctx, project.uid);

    const after = await fixture.store.getProjectByUid(project.uid);
    expect(after!.phase).toBe('Failed');
    expect(after!.reason).toBe('DependencyInvalid');
    expect(after!.message).toContain('"team-a/nowhere-db" does not exist');
    expect(fixture.cluster.all('Job')).toHaveLength(0);
  });

  it('fails a project whose namespace is missing', async () => {
    const project = await fixture.store.createProject({
      namespace: 'team-z',
      name: 'astray',
      spec: { database: { secretRef: 'db' } },
    });

    await reconcileProject(fixture.ctx, project.uid);

    const after = await fixture.store.getProjectByUid(project.uid);
    expect(after!.phase).toBe('Failed');
    expect(after!.reason).toBe('NamespaceNotFound');
    expect(after!.message).toContain('Namespace "team-z" does not exist');
  });

  it('reports a project that is gone as deleted', async () => {
    expect(await reconcileProject(fixture.ctx, 'no-such-uid')).toEqual({
      changed: true,
      deleted: true,
    });
  });
});
