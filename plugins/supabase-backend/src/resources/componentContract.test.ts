import type { V1Deployment, V1EnvVar } from '@kubernetes/client-node';
import fs from 'node:fs';
import path from 'node:path';
import {
  COMPONENT_DEFINITIONS,
  EnvSecret,
  EnvSource,
  UPSTREAM_RELEASE,
} from './componentDefinitions';
import { buildComponentObjects } from './components';
import { objectNames } from './objectNames';
import { testOwner, testProject } from '../__testUtils__/testProject';

/** Every component deployed: storage and edge functions on. */
const project = testProject({
  spec: {
    database: { secretRef: 'shop-db' },
    storage: { secretRef: 'shop-s3' },
    functions: { enabled: true },
  },
});
const names = objectNames(project.name);
const SECRET_NAMES: Record<string, EnvSecret> = {
  [names.jwtSecret]: 'jwt',
  [names.roles]: 'roles',
  'shop-db': 'database',
  'shop-s3': 'storage',
};

/** Where a Deployment's variable comes from, in the contract's terms. */
function sourceOf(variable: V1EnvVar): EnvSource {
  const ref = variable.valueFrom?.secretKeyRef;
  if (!ref) {
    if (variable.value === undefined) {
      throw new Error(`${variable.name} has neither a value nor a Secret`);
    }
    return 'value';
  }
  const secret = SECRET_NAMES[ref.name ?? ''];
  if (!secret) {
    throw new Error(
      `${variable.name} comes from an unknown Secret ${ref.name}`,
    );
  }
  return { secret, key: ref.key };
}

const deployments = buildComponentObjects(project, testOwner).filter(
  (o): o is V1Deployment => o.kind === 'Deployment',
);

describe('the environment contract of each pinned component', () => {
  it('deploys every component it declares', () => {
    expect(deployments.map(d => d.metadata!.name).sort()).toEqual(
      COMPONENT_DEFINITIONS.map(c => names.component(c.name)).sort(),
    );
  });

  it.each(COMPONENT_DEFINITIONS.map(c => [c.name, c] as const))(
    '%s gets exactly the variables its version requires, each from its Secret key',
    (name, definition) => {
      const deployment = deployments.find(
        d => d.metadata!.name === names.component(name),
      )!;
      const container = deployment.spec!.template.spec!.containers[0];
      expect(container.image).toBe(definition.image);
      const env = container.env!;
      // No variable twice: the last one would silently win.
      expect(new Set(env.map(e => e.name)).size).toBe(env.length);
      expect(Object.fromEntries(env.map(e => [e.name, sourceOf(e)]))).toEqual(
        definition.envContract,
      );
    },
  );

  it('pins each image to a tag, never latest', () => {
    for (const { image } of COMPONENT_DEFINITIONS) {
      expect(image).toMatch(/^[\w./-]+:[\w.-]+$/);
      expect(image).not.toMatch(/:latest$/);
    }
  });
});

describe('docs/components.md', () => {
  const doc = fs.readFileSync(
    path.resolve(__dirname, '../../../../docs/components.md'),
    'utf8',
  );

  it('names the upstream release the images mirror, and every pinned image', () => {
    expect(doc).toContain(
      `${UPSTREAM_RELEASE.name} (${UPSTREAM_RELEASE.date})`,
    );
    for (const { name, image } of COMPONENT_DEFINITIONS) {
      const escaped = image.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(doc).toMatch(new RegExp(`\\| ${name} +\\| \`${escaped}\``));
    }
  });
});
