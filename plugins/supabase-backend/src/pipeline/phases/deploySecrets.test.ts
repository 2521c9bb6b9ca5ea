import type { V1Secret } from '@kubernetes/client-node';
import {
  TEAM,
  secretRef,
  eventReasons,
  projectInPhase,
  reread,
  usePhaseFixture,
} from '../../__testUtils__/phaseFixture';
import { deploySecrets } from './deploySecrets';

// Keys and role passwords are derived for real: a busy machine must not fail it.
jest.setTimeout(60_000);

describe('deploySecrets', () => {
  const fixture = usePhaseFixture();

  const secret = (name: string) =>
    fixture.cluster.peek<V1Secret>(secretRef(name));

  it('writes the keys and the connection settings into Secrets owned by the anchor, then moves on', async () => {
    fixture.createDatabaseSecret(TEAM, 'shop-db');
    const project = await projectInPhase(fixture, 'DeployingSecrets');

    const result = await deploySecrets(fixture.ctx, project);

    expect(result.next).toEqual({
      to: 'DeployingComponents',
      reason: 'SecretsDeployed',
      message:
        'Keys and connection settings are in Secrets shop-jwt and shop-roles',
    });
    const anchor = fixture.cluster.peek({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: TEAM,
      name: 'shop-project',
    });
    for (const name of ['shop-jwt', 'shop-roles']) {
      expect(secret(name)?.metadata?.ownerReferences?.[0]?.uid).toBe(
        anchor!.metadata!.uid,
      );
    }
    // The keys are the store's.
    const stored = await fixture.ctx.keys.get(project.uid);
    expect(stored?.jwtSecret).toBeTruthy();
    expect(
      Buffer.from(secret('shop-jwt')!.data!.jwtSecret, 'base64').toString(),
    ).toBe(stored!.jwtSecret);
  });

  it('writes the same values when run again, and after the Secret was deleted', async () => {
    fixture.createDatabaseSecret(TEAM, 'shop-db');
    const project = await projectInPhase(fixture, 'DeployingSecrets');
    await deploySecrets(fixture.ctx, project);
    const first = secret('shop-jwt')!.data;
    const roles = secret('shop-roles')!.data;

    const replaced = fixture.cluster.count('replace');
    await deploySecrets(fixture.ctx, await reread(fixture, project.uid));
    expect(fixture.cluster.count('replace')).toBe(replaced);

    await fixture.cluster.delete(secretRef('shop-jwt'));
    await deploySecrets(fixture.ctx, await reread(fixture, project.uid));
    expect(secret('shop-jwt')!.data).toEqual(first);
    expect(secret('shop-roles')!.data).toEqual(roles);
  });

  it('fails when the database Secret disappeared after validation, naming it', async () => {
    const project = await projectInPhase(fixture, 'DeployingSecrets');

    const result = await deploySecrets(fixture.ctx, project);

    expect(result.next).toMatchObject({
      to: 'Failed',
      reason: 'DependencyInvalid',
    });
    expect(result.next!.message).toContain(
      `The database Secret "${TEAM}/shop-db" disappeared`,
    );
    expect(secret('shop-roles')).toBeUndefined();
  });

  it('waits, with a warning and an event, when a project that had keys lost both copies; makes none', async () => {
    fixture.createDatabaseSecret(TEAM, 'shop-db');
    const created = await projectInPhase(fixture, 'DeployingSecrets');
    // It has run db-init: its database and clients hold its keys.
    await fixture.store.updateProject(created.uid, {
      appliedSqlVersion: 'applied-before',
    });
    const project = await reread(fixture, created.uid);

    expect(await deploySecrets(fixture.ctx, project)).toEqual({});

    expect(await fixture.ctx.keys.get(project.uid)).toBeUndefined();
    expect(secret('shop-jwt')).toBeUndefined();
    expect(await eventReasons(fixture, project.uid)).toContain(
      'KeyMaterialLost',
    );
    const after = await reread(fixture, project.uid);
    expect(after.warnings?.map(w => w.code)).toContain('KeyMaterialMissing');
  });
});
