import type {
  V1ConfigMap,
  V1Deployment,
  V1Secret,
} from '@kubernetes/client-node';
import {
  TEAM,
  secretRef,
  deploymentRef,
  eventReasons,
  makeDeploymentUnavailable,
  provisionToRunning,
  reread,
  usePhaseFixture,
} from '../../__testUtils__/phaseFixture';
import { credentialsKey } from '../../resources';
import { readDatabaseConnection } from '../roleCredentials';
import { keepRunning } from './keepRunning';

// Keys and role passwords are derived for real: a busy machine must not fail it.
jest.setTimeout(60_000);

describe('keepRunning', () => {
  const fixture = usePhaseFixture();

  const step = async (uid: string) =>
    keepRunning(fixture.ctx, await reread(fixture, uid));

  /** Events recorded from here on. */
  async function newEvents(uid: string, run: () => Promise<unknown>) {
    const before = (await fixture.store.listEvents(uid)).length;
    await run();
    return (await fixture.store.listEvents(uid)).slice(before);
  }

  it('at rest, only reads: nothing written, nothing on the timeline', async () => {
    const { uid } = await provisionToRunning(fixture);
    const writes = () =>
      fixture.cluster.count('replace') + fixture.cluster.count('delete');
    const before = writes();
    const ensuredJobs = fixture.cluster.count('ensure', 'Job');

    const events = await newEvents(uid, async () => {
      expect(await step(uid)).toEqual({});
    });

    expect(events).toEqual([]);
    expect(writes()).toBe(before);
    expect(fixture.cluster.count('ensure', 'Job')).toBe(ensuredJobs);
  });

  it('puts a deleted Deployment back, recording DriftRepaired', async () => {
    const { uid } = await provisionToRunning(fixture);
    await fixture.cluster.delete(deploymentRef('shop-auth'));

    const events = await newEvents(uid, () => step(uid));

    expect(fixture.cluster.peek(deploymentRef('shop-auth'))).toBeDefined();
    expect(events.map(e => [e.reason, e.message])).toContainEqual([
      'DriftRepaired',
      'Recreated what had gone missing: Deployment shop-auth',
    ]);
  });

  it('puts a deleted or changed Secret back with the same values', async () => {
    const { uid } = await provisionToRunning(fixture);
    const jwt = fixture.cluster.peek<V1Secret>(secretRef('shop-jwt'))!.data;
    const roles = fixture.cluster.peek<V1Secret>(secretRef('shop-roles'))!.data;
    await fixture.cluster.delete(secretRef('shop-jwt'));
    fixture.cluster.update<V1Secret>(secretRef('shop-roles'), secret => {
      secret.data = { ...secret.data, anything: 'Y2hhbmdlZA==' };
    });

    const events = await newEvents(uid, () => step(uid));

    expect(fixture.cluster.peek<V1Secret>(secretRef('shop-jwt'))!.data).toEqual(
      jwt,
    );
    expect(
      fixture.cluster.peek<V1Secret>(secretRef('shop-roles'))!.data,
    ).toEqual(roles);
    const repaired = events.find(e => e.reason === 'DriftRepaired');
    expect(repaired?.message).toContain('Put back with the same values');
    expect(repaired?.message).toContain('Secret shop-jwt');
    expect(repaired?.message).toContain('Secret shop-roles');
    // The event names the Secrets, never their values.
    const keys = await fixture.ctx.keys.get(uid);
    expect(repaired?.message).not.toContain(keys!.jwtSecret);
  });

  it('records a component that stopped being available, once', async () => {
    const { uid } = await provisionToRunning(fixture);
    makeDeploymentUnavailable(fixture.cluster, 'shop-rest', 'pods crash');

    const events = await newEvents(uid, async () => {
      await step(uid);
      await step(uid);
    });

    expect(events.map(e => [e.reason, e.message])).toEqual([
      ['ComponentsDegraded', 'Not available: rest'],
    ]);
    const after = await reread(fixture, uid);
    expect(after.phase).toBe('Running');
    expect(after.components!.find(c => c.name === 'rest')!.state).toBe(
      'Unavailable',
    );
  });

  it('keeps running with a warning while the database Secret is missing, and clears it when it is back', async () => {
    const { uid } = await provisionToRunning(fixture);
    const database = fixture.cluster.peek<V1Secret>(secretRef('shop-db'))!;
    await fixture.cluster.delete(secretRef('shop-db'));
    await fixture.cluster.delete(deploymentRef('shop-meta'));

    expect(await step(uid)).toEqual({});

    const warned = await reread(fixture, uid);
    expect(warned.warnings).toContainEqual({
      code: 'DatabaseSecretMissing',
      message: `The database Secret "${TEAM}/shop-db" is missing; restarted components cannot connect. Create it again.`,
    });
    // The rest is still repaired, and the components' Secret kept.
    expect(fixture.cluster.peek(deploymentRef('shop-meta'))).toBeDefined();
    expect(fixture.cluster.peek(secretRef('shop-roles'))).toBeDefined();

    fixture.cluster.put(database);
    await step(uid);
    const cleared = await reread(fixture, uid);
    expect(cleared.warnings?.map(w => w.code)).not.toContain(
      'DatabaseSecretMissing',
    );
  });

  it('sends the project to a db-init run when its role passwords were rotated', async () => {
    const project = await provisionToRunning(fixture);
    const connection = await readDatabaseConnection(fixture.cluster, project);
    await fixture.store.advanceRolePasswordGeneration(
      credentialsKey(connection!),
    );

    const result = await step(project.uid);

    expect(result.next).toMatchObject({
      to: 'InitializingDatabase',
      reason: 'DatabaseSettingsChanged',
    });
    expect(result.next!.message).toContain('The role passwords changed');
  });

  it('sends the project to a db-init run when its JWT expiry changed', async () => {
    const project = await provisionToRunning(fixture);
    await fixture.store.updateSpec(project.uid, {
      generation: project.generation,
      spec: { ...project.spec, jwt: { expirySeconds: 7200 } },
      event: { reason: 'SpecChanged', message: 'JWT expiry 7200 s' },
    });

    const result = await step(project.uid);

    expect(result.next).toMatchObject({
      to: 'InitializingDatabase',
      reason: 'DatabaseSettingsChanged',
      message: 'The JWT secret or expiry changed; writing them to the database',
    });
  });

  describe('a changed custom SQL script', () => {
    const sqlRef = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: TEAM,
      name: 'shop-sql',
    };

    async function runningWithCustomSql(holdUpgrades: boolean) {
      fixture.cluster.put<V1ConfigMap>({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { namespace: TEAM, name: 'shop-sql' },
        data: { '10-app.sql': 'create table notes (id int);' },
      });
      const project = await provisionToRunning(fixture, {
        spec: { dbInit: { customSqlConfigMap: 'shop-sql', holdUpgrades } },
      });
      fixture.cluster.update<V1ConfigMap>(sqlRef, configMap => {
        configMap.data = {
          '10-app.sql': 'create table notes (id int, body text);',
        };
      });
      return project;
    }

    it('is applied: the project goes to InitializingDatabase', async () => {
      const { uid } = await runningWithCustomSql(false);

      const result = await step(uid);

      expect(result.next).toMatchObject({
        to: 'InitializingDatabase',
        reason: 'SqlSetChanged',
      });
    });

    it('waits while upgrades are held, saying how to apply it', async () => {
      const { uid } = await runningWithCustomSql(true);

      expect(await step(uid)).toEqual({});

      const after = await reread(fixture, uid);
      const held = after.warnings?.find(w => w.code === 'SqlUpgradeHeld');
      expect(held?.message).toContain(
        'Set dbInit.holdUpgrades to false to apply it.',
      );
    });
  });

  describe('a changed spec', () => {
    async function updated() {
      const project = await provisionToRunning(fixture);
      await fixture.store.updateSpec(project.uid, {
        generation: project.generation,
        spec: { ...project.spec, components: { rest: { replicas: 2 } } },
        event: { reason: 'SpecChanged', message: 'rest: 2 replicas' },
      });
      return project.uid;
    }

    it('is rolled out in place and followed until every component is available', async () => {
      const uid = await updated();
      const before = fixture.cluster.peek<V1Deployment>(
        deploymentRef('shop-rest'),
      )!;

      const waiting = await step(uid);

      expect(waiting.requeueAfterMs).toBeGreaterThan(0);
      const rolled = fixture.cluster.peek<V1Deployment>(
        deploymentRef('shop-rest'),
      )!;
      expect(rolled.spec!.replicas).toBe(2);
      // Changed, not deleted and created again: the old pods keep serving.
      expect(rolled.metadata!.uid).toBe(before.metadata!.uid);
      // What the update changes is no drift.
      expect(await eventReasons(fixture, uid)).not.toContain('DriftRepaired');

      fixture.makeDeploymentsAvailable(TEAM);
      expect(await step(uid)).toEqual({});
      const after = await reread(fixture, uid);
      expect(after.observedGeneration).toBe(after.generation);
      expect(await eventReasons(fixture, uid)).toContain('RolloutComplete');
    });

    it('is reported failed after the component timeout, the project still Running', async () => {
      const uid = await updated();
      await step(uid);
      fixture.ctx.settings.componentTimeoutMs = 0;
      makeDeploymentUnavailable(fixture.cluster, 'shop-rest', 'image broken');

      expect(await step(uid)).toEqual({});

      const failed = (await fixture.store.listEvents(uid)).find(
        e => e.reason === 'RolloutFailed',
      );
      expect(failed?.message).toContain('rest (0/2 available: image broken)');
      expect(failed?.message).toContain('The pods from before keep serving');
      const after = await reread(fixture, uid);
      expect(after.phase).toBe('Running');
      expect(after.observedGeneration).toBe(after.generation);
    });
  });
});
