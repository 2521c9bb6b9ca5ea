import {
  Entity,
  FieldFormatEntityPolicy,
  KubernetesValidatorFunctions,
  entitySchemaValidator,
  resourceEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { PROJECT_NAME_MAX_LENGTH } from '@supabase-backstage/plugin-supabase-common';
import { makeProject } from '../__testUtils__/fixtures';
import {
  ProjectEntityOptions,
  isProjectLike,
  projectEntityName,
  projectToEntity,
} from './projectEntity';

const options: ProjectEntityOptions = {
  defaultOwner: 'group:default/platform',
  lifecycle: 'production',
};

const validateEntity = entitySchemaValidator();

/** What the catalog checks of every entity: shape, field formats, kind. */
async function expectValidResource(entity: Entity) {
  expect(validateEntity(entity)).toBe(entity);
  await expect(new FieldFormatEntityPolicy().enforce(entity)).resolves.toBe(
    entity,
  );
  await expect(resourceEntityV1alpha1Validator.check(entity)).resolves.toBe(
    true,
  );
  expect(
    KubernetesValidatorFunctions.isValidObjectName(entity.metadata.name),
  ).toBe(true);
}

describe('projectEntityName', () => {
  it('is <namespace>.<name> when that fits', () => {
    expect(projectEntityName({ namespace: 'default', name: 'todo-db' })).toBe(
      'default.todo-db',
    );
  });

  it('keeps refs apart that a dash would join', () => {
    expect(projectEntityName({ namespace: 'a-b', name: 'c' })).not.toBe(
      projectEntityName({ namespace: 'a', name: 'b-c' }),
    );
  });

  it('stays a valid name of at most 63 characters for the longest refs', () => {
    const namespace = `n${'s'.repeat(61)}1`; // 63, the longest namespace
    const name = `p${'x'.repeat(PROJECT_NAME_MAX_LENGTH - 1)}`; // the longest name
    const entityName = projectEntityName({ namespace, name });
    expect(entityName).toHaveLength(63);
    expect(KubernetesValidatorFunctions.isValidObjectName(entityName)).toBe(
      true,
    );
    expect(entityName).toMatch(/^n-?s+.*_[0-9a-f]{10}$/);
  });

  it('gives long refs that share a prefix different names', () => {
    const namespace = 'team-with-a-rather-long-namespace-name';
    const names = ['orders-database-primary-a', 'orders-database-primary-b'];
    const [a, b] = names.map(name => projectEntityName({ namespace, name }));
    expect(a).not.toBe(b);
    // Same prefix, told apart by the hash.
    expect(a.split('_')[0]).toBe(b.split('_')[0]);
  });

  it('never gives a long ref the name of a short one', () => {
    // A short ref whose plain name looks like a cut-down long one.
    const long = projectEntityName({
      namespace: 'n'.repeat(40),
      name: 'p'.repeat(40),
    });
    const [prefix, hash] = long.split('_');
    const [ns, ...rest] = prefix.split('.');
    const lookalike = projectEntityName({
      namespace: ns,
      name: `${rest.join('.')}-${hash}`.slice(0, 53),
    });
    expect(lookalike).not.toBe(long);
    expect(lookalike).not.toContain('_');
  });

  it('makes a valid name even from refs that are not DNS labels', () => {
    for (const ref of [
      { namespace: 'Team_A', name: 'My Project' },
      { namespace: '-', name: '.' },
      { namespace: 'ns', name: 'ünïcode' },
    ]) {
      const entityName = projectEntityName(ref);
      expect(KubernetesValidatorFunctions.isValidObjectName(entityName)).toBe(
        true,
      );
      expect(entityName).toMatch(/_[0-9a-f]{10}$/);
    }
  });

  it('is the same for the same ref every time', () => {
    const ref = { namespace: 'x'.repeat(63), name: 'y'.repeat(53) };
    expect(projectEntityName(ref)).toBe(projectEntityName({ ...ref }));
  });
});

describe('projectToEntity', () => {
  it('maps a Running project to a Resource with annotations, owner and links', async () => {
    const entity = projectToEntity(
      makeProject({
        database: { name: 'supabase_default_todo_db', createdByPlugin: true },
      }),
      {
        ...options,
        appBaseUrl: 'http://localhost:3000/',
      },
    );
    await expectValidResource(entity);
    expect(entity).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'default.todo-db',
        namespace: 'default',
        title: 'default/todo-db',
        description:
          'Self-hosted Supabase project todo-db in the Kubernetes namespace default.',
        annotations: {
          'backstage.io/managed-by-location':
            'supabase-project:default/todo-db',
          'backstage.io/managed-by-origin-location':
            'supabase-project:default/todo-db',
          'supabase.com/project': 'default/todo-db',
          'backstage.io/kubernetes-id': 'todo-db',
          'backstage.io/kubernetes-namespace': 'default',
          'supabase.com/database': 'supabase_default_todo_db',
        },
        tags: ['supabase', 'postgres'],
        links: [
          {
            url: 'http://localhost:3000/supabase/default/todo-db',
            title: 'Project page (phases, db-init, logs)',
            icon: 'dashboard',
            type: 'supabase-project-page',
          },
        ],
      },
      spec: {
        type: 'supabase-project',
        owner: 'user:default/guest',
        lifecycle: 'production',
      },
    });
  });

  it('links public endpoints only: a Service address inside the cluster leads nowhere from a browser', () => {
    const entity = projectToEntity(
      makeProject({
        endpoints: {
          api: 'https://todo.example.com',
          studio: 'https://todo.example.com',
          rest: 'http://todo-db-kong.default.svc:8000/rest/v1',
        },
      }),
      options,
    );
    expect(entity.metadata.links?.map(l => [l.type, l.url])).toEqual([
      ['supabase-api', 'https://todo.example.com'],
      ['supabase-studio', 'https://todo.example.com'],
    ]);
  });

  it('has no endpoint links before the project is Running', async () => {
    const entity = projectToEntity(
      makeProject({ phase: 'InitializingDatabase', endpoints: undefined }),
      options,
    );
    await expectValidResource(entity);
    expect(entity.metadata.links).toEqual([]);
  });

  it('skips endpoints that are not URLs and links storage when present', () => {
    const entity = projectToEntity(
      makeProject({
        endpoints: { api: 'not a url', storage: 'https://s.example.com/v1' },
      }),
      options,
    );
    expect(entity.metadata.links).toEqual([
      {
        url: 'https://s.example.com/v1',
        title: 'Storage API',
        icon: 'web',
        type: 'supabase-storage',
      },
    ]);
  });

  it('escapes the project page path', () => {
    const entity = projectToEntity(
      makeProject({ namespace: 'a b', name: 'c/d', endpoints: undefined }),
      { ...options, appBaseUrl: 'https://backstage.example.com' },
    );
    expect(entity.metadata.links?.[0].url).toBe(
      'https://backstage.example.com/supabase/a%20b/c%2Fd',
    );
  });

  it('falls back to the default owner without a usable owner', () => {
    expect(
      projectToEntity(makeProject({ owner: undefined }), options).spec.owner,
    ).toBe('group:default/platform');
    expect(
      projectToEntity(makeProject({ owner: 'user:' }), options).spec.owner,
    ).toBe('group:default/platform');
  });

  it('normalizes a short owner ref', () => {
    expect(
      projectToEntity(makeProject({ owner: 'jane' }), options).spec,
    ).toMatchObject({ owner: 'user:default/jane' });
    expect(
      projectToEntity(makeProject({ owner: 'group:team-a' }), options).spec
        .owner,
    ).toBe('group:default/team-a');
  });

  it('uses the configured lifecycle', () => {
    expect(
      projectToEntity(makeProject({}), {
        ...options,
        lifecycle: 'experimental',
      }).spec.lifecycle,
    ).toBe('experimental');
  });

  it("takes the lifecycle from the project's spec when it names one", () => {
    const project = makeProject({});
    project.spec.lifecycle = 'production';
    expect(
      projectToEntity(project, { ...options, lifecycle: 'experimental' }).spec
        .lifecycle,
    ).toBe('production');
  });

  it("names the project's cluster for Backstage's Kubernetes plugin", async () => {
    const project = makeProject({});
    project.spec.cluster = 'eu-west';
    const entity = projectToEntity(project, options);
    await expectValidResource(entity);
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-cluster': 'eu-west',
      'backstage.io/kubernetes-id': project.name,
      'backstage.io/kubernetes-namespace': project.namespace,
    });
    expect(entity.metadata.description).toBe(
      `Self-hosted Supabase project ${project.name} in the Kubernetes namespace ${project.namespace} of the cluster eu-west.`,
    );
    // Projects stored before clusters had names carry no annotation.
    expect(
      projectToEntity(makeProject({}), options).metadata.annotations,
    ).not.toHaveProperty('backstage.io/kubernetes-cluster');
  });

  it('does not change with the phase, timestamps or status', () => {
    const running = projectToEntity(makeProject({}), options);
    const later = projectToEntity(
      makeProject({
        phase: 'Failed',
        message: 'kong is unavailable',
        updatedAt: '2026-11-26T00:00:00.000Z',
        phaseChangedAt: '2026-11-26T00:00:00.000Z',
        generation: 2,
        warnings: [{ code: 'wal_level', message: 'set wal_level=logical' }],
      }),
      options,
    );
    expect(later).toEqual(running);
  });
});

describe('isProjectLike', () => {
  it('accepts projects and rejects what has no namespace and name', () => {
    expect(isProjectLike(makeProject({}))).toBe(true);
    expect(isProjectLike({ namespace: 'a', name: 'b' })).toBe(true);
    for (const value of [
      null,
      undefined,
      'default/todo-db',
      {},
      { namespace: 'a' },
      { namespace: '', name: 'b' },
      { namespace: 'a', name: 3 },
    ]) {
      expect(isProjectLike(value)).toBe(false);
    }
  });
});
