import type { V1Secret } from '@kubernetes/client-node';
import {
  TEAM,
  projectInPhase,
  usePhaseFixture,
} from '../../__testUtils__/phaseFixture';
import { validateDependencies } from './validateDependencies';

describe('validateDependencies', () => {
  const fixture = usePhaseFixture({ namespace: false });

  it('moves on to InitializingDatabase when the namespace and the database Secret are in place', async () => {
    fixture.createNamespace(TEAM);
    fixture.createDatabaseSecret(TEAM, 'shop-db');
    const project = await projectInPhase(fixture, 'ValidatingDependencies');

    expect(await validateDependencies(fixture.ctx, project)).toEqual({
      next: {
        to: 'InitializingDatabase',
        reason: 'DependenciesValid',
        message: expect.any(String),
      },
    });
    // It only looks: nothing is written to the cluster.
    expect(fixture.cluster.count('ensure')).toBe(0);
    expect(fixture.cluster.count('replace')).toBe(0);
  });

  it('fails with NamespaceNotFound, naming the namespace', async () => {
    const project = await projectInPhase(fixture, 'ValidatingDependencies');

    const result = await validateDependencies(fixture.ctx, project);

    expect(result.next).toMatchObject({
      to: 'Failed',
      reason: 'NamespaceNotFound',
    });
    expect(result.next!.message).toContain(
      `Namespace "${TEAM}" does not exist`,
    );
  });

  it('fails with DependencyInvalid, naming a missing database Secret', async () => {
    fixture.createNamespace(TEAM);
    const project = await projectInPhase(fixture, 'ValidatingDependencies');

    const result = await validateDependencies(fixture.ctx, project);

    expect(result.next).toMatchObject({
      to: 'Failed',
      reason: 'DependencyInvalid',
    });
    expect(result.next!.message).toContain(`"${TEAM}/shop-db" does not exist`);
  });

  it('fails naming the key a database Secret lacks, and says nothing of its values', async () => {
    fixture.createNamespace(TEAM);
    fixture.createDatabaseSecret(TEAM, 'shop-db', {
      password: 'the-admin-password',
    });
    fixture.cluster.update<V1Secret>(
      { apiVersion: 'v1', kind: 'Secret', namespace: TEAM, name: 'shop-db' },
      secret => {
        delete secret.data!.host;
      },
    );
    const project = await projectInPhase(fixture, 'ValidatingDependencies');

    const result = await validateDependencies(fixture.ctx, project);

    expect(result.next).toMatchObject({
      to: 'Failed',
      reason: 'DependencyInvalid',
    });
    expect(result.next!.message).toContain('host');
    expect(result.next!.message).not.toContain('the-admin-password');
  });

  it('names every missing dependency at once: the database Secret and a custom SQL ConfigMap', async () => {
    fixture.createNamespace(TEAM);
    const project = await projectInPhase(fixture, 'ValidatingDependencies', {
      spec: { dbInit: { customSqlConfigMap: 'shop-sql' } },
    });

    const result = await validateDependencies(fixture.ctx, project);

    expect(result.next!.reason).toBe('DependencyInvalid');
    expect(result.next!.message).toContain('shop-db');
    expect(result.next!.message).toContain('shop-sql');
  });
});
