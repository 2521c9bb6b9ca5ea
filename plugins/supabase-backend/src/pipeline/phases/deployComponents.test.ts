import type { V1Deployment } from '@kubernetes/client-node';
import {
  TEAM,
  eventReasons,
  makeDeploymentUnavailable,
  projectInPhase,
  reread,
  usePhaseFixture,
} from '../../__testUtils__/phaseFixture';
import { standardLabels } from '../../resources';
import { deploySecrets } from './deploySecrets';
import { deployComponents } from './deployComponents';

// Keys and role passwords are derived for real: a busy machine must not fail it.
jest.setTimeout(60_000);

const RUNNING = ['auth', 'kong', 'meta', 'realtime', 'rest', 'studio'];

describe('deployComponents', () => {
  const fixture = usePhaseFixture({ databaseSecret: 'shop-db' });
  let uid: string;

  beforeEach(async () => {
    const project = await projectInPhase(fixture, 'DeployingComponents');
    uid = project.uid;
    // What DeployingSecrets left: the Secrets the components read.
    await deploySecrets(fixture.ctx, project);
  });

  const step = async () =>
    deployComponents(fixture.ctx, await reread(fixture, uid));

  const deploymentNames = () =>
    fixture.cluster
      .all<V1Deployment>('Deployment', TEAM)
      .map(d => d.metadata!.name)
      .sort();

  it('creates a Deployment per enabled component and waits for them, within the timeout', async () => {
    const result = await step();

    expect(deploymentNames()).toEqual(RUNNING.map(c => `shop-${c}`));
    expect(result.next).toBeUndefined();
    expect(result.requeueAfterMs).toBeGreaterThan(0);
    expect(result.requeueAfterMs).toBeLessThanOrEqual(
      fixture.ctx.settings.componentTimeoutMs,
    );
    const after = await reread(fixture, uid);
    const states = Object.fromEntries(
      after.components!.map(c => [c.name, c.state]),
    );
    expect(states).toMatchObject({
      kong: 'Progressing',
      storage: 'Disabled',
      functions: 'Disabled',
    });
    // Created while deploying is no drift.
    expect(await eventReasons(fixture, uid)).not.toContain('DriftRepaired');
  });

  it('moves to Running once every Deployment is Available, with the endpoints and the public keys', async () => {
    await step();
    fixture.makeDeploymentsAvailable(TEAM);

    const result = await step();

    expect(result.next).toEqual({
      to: 'Running',
      reason: 'ComponentsAvailable',
      message: `All ${RUNNING.length} components are available`,
    });
    const after = await reread(fixture, uid);
    expect(after.observedGeneration).toBe(after.generation);
    expect(after.endpoints?.api).toContain('shop-kong');
    expect(after.publishableKey).toMatch(/^sb_publishable_/);
    expect(after.components!.every(c => c.state !== 'Progressing')).toBe(true);
    // Nothing secret in the status.
    const keys = await fixture.ctx.keys.get(uid);
    expect(JSON.stringify(after)).not.toContain(keys!.jwtSecret);
  });

  it('fails after the component timeout, naming what is unavailable and why', async () => {
    fixture.ctx.settings.componentTimeoutMs = 0;
    await step();
    fixture.makeDeploymentsAvailable(TEAM);
    makeDeploymentUnavailable(
      fixture.cluster,
      'shop-auth',
      'Back-off pulling image "supabase/gotrue:no-such-tag"',
    );

    const result = await step();

    expect(result.next).toEqual({
      to: 'Failed',
      reason: 'ComponentsUnavailable',
      message:
        'Not available after 0 s: auth (0/1 available: Back-off pulling image "supabase/gotrue:no-such-tag")',
    });
    const after = await reread(fixture, uid);
    expect(after.components!.find(c => c.name === 'auth')!.state).toBe(
      'Unavailable',
    );
  });

  it('removes a component the spec no longer asks for, on the timeline', async () => {
    fixture.cluster.put<V1Deployment>({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        namespace: TEAM,
        name: 'shop-functions',
        labels: standardLabels('shop', 'functions'),
      },
      spec: {
        selector: {},
        template: { spec: { containers: [{ name: 'functions' }] } },
      },
    });

    await step();

    expect(deploymentNames()).not.toContain('shop-functions');
    const removed = (await fixture.store.listEvents(uid)).find(
      e => e.reason === 'ObjectsRemoved',
    );
    expect(removed?.message).toContain('Deployment shop-functions');
  });

  it('writes nothing again while nothing changed', async () => {
    await step();
    const ensured = fixture.cluster.count('ensure');
    const replaced = fixture.cluster.count('replace');

    await step();

    // ensure is the read of what exists; it creates nothing the second time.
    expect(fixture.cluster.count('ensure')).toBeGreaterThan(ensured);
    expect(fixture.cluster.count('replace')).toBe(replaced);
    expect(fixture.cluster.all('Deployment', TEAM)).toHaveLength(
      RUNNING.length,
    );
  });
});
