import type {
  KubernetesObject,
  V1Deployment,
  V1EnvVar,
  V1Service,
} from '@kubernetes/client-node';
import {
  ComponentOverrides,
  ProjectEndpoints,
  SupabaseComponentName,
} from '@supabase-backstage/plugin-supabase-common';
import { AnchorRef, ownerReferenceTo } from './anchor';
import {
  COMPONENT_DEFINITIONS,
  ComponentContext,
  ComponentDefinition,
} from './componentDefinitions';
import { buildIngress, ingressUrl, KONG_PORT } from './ingress';
import { buildKongConfig } from './kongConfig';
import { componentSelectorLabels, standardLabels } from './labels';
import { objectNames } from './objectNames';
import { ProjectObjectInput } from './types';

const STUDIO_PORT = 3000;

/** The components a project runs: storage only with a storage Secret. */
export function enabledComponents(
  project: ProjectObjectInput,
): ComponentDefinition[] {
  return COMPONENT_DEFINITIONS.filter(c => c.enabled?.(project) ?? true);
}

/**
 * Every object of the components: kong's configuration, then a Deployment
 * and a Service per enabled component, with the project's overrides.
 */
export function buildComponentObjects(
  project: ProjectObjectInput,
  owner: AnchorRef,
): KubernetesObject[] {
  const ctx = componentContext(project);
  const objects: KubernetesObject[] = [
    buildKongConfig(project, owner, (c, port) =>
      serviceUrl(project, c as SupabaseComponentName, port),
    ),
  ];
  for (const definition of enabledComponents(project)) {
    objects.push(
      buildDeployment(project, owner, definition, ctx),
      buildService(project, owner, definition),
    );
  }
  const ingress = buildIngress(project, owner);
  if (ingress) objects.push(ingress);
  return objects;
}

/** Where a project's API answers (its Ingress, or inside the cluster) and Studio. */
export function projectEndpoints(
  project: ProjectObjectInput,
): ProjectEndpoints {
  const api = ingressUrl(project) ?? serviceUrl(project, 'kong', KONG_PORT);
  return {
    api,
    auth: `${api}/auth/v1`,
    rest: `${api}/rest/v1`,
    realtime: `${api}/realtime/v1`,
    ...(project.spec.storage ? { storage: `${api}/storage/v1` } : {}),
    studio: serviceUrl(project, 'studio', STUDIO_PORT),
  };
}

function serviceUrl(
  project: ProjectObjectInput,
  component: SupabaseComponentName,
  port: number,
): string {
  return `http://${objectNames(project.name).component(component)}.${
    project.namespace
  }.svc:${port}`;
}

function componentContext(project: ProjectObjectInput): ComponentContext {
  const names = objectNames(project.name);
  const ref = (name: string, secret: string, key: string): V1EnvVar => ({
    name,
    valueFrom: { secretKeyRef: { name: secret, key } },
  });
  return {
    project,
    names,
    url: component => {
      const definition = COMPONENT_DEFINITIONS.find(c => c.name === component)!;
      return serviceUrl(project, component, definition.port);
    },
    key: (name, key) => ref(name, names.jwtSecret, key),
    databaseUrl: (name, key) => ref(name, names.roles, key),
    database: (name, key) => ref(name, project.spec.database.secretRef, key),
    storage: (name, key) => ref(name, project.spec.storage!.secretRef, key),
    secret: ref,
  };
}

function buildDeployment(
  project: ProjectObjectInput,
  owner: AnchorRef,
  definition: ComponentDefinition,
  ctx: ComponentContext,
): V1Deployment {
  const overrides: ComponentOverrides =
    project.spec.components?.[definition.name] ?? {};
  const name = objectNames(project.name).component(definition.name);
  const labels = standardLabels(project.name, definition.name);
  const isKong = definition.name === 'kong';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: project.namespace,
      labels,
      ownerReferences: [ownerReferenceTo(owner)],
    },
    spec: {
      replicas: overrides.replicas ?? 1,
      selector: {
        matchLabels: componentSelectorLabels(project.name, definition.name),
      },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: definition.name,
              image: overrides.image ?? definition.image,
              ...(definition.command ? { command: definition.command } : {}),
              ports: [{ name: 'http', containerPort: definition.port }],
              env: withOverrides(definition.env(ctx), overrides.env),
              readinessProbe: definition.readinessProbe,
              resources: overrides.resources ?? {
                requests: { cpu: '50m', memory: '64Mi' },
              },
              ...(isKong
                ? {
                    volumeMounts: [
                      { name: 'config', mountPath: '/config', readOnly: true },
                    ],
                  }
                : {}),
            },
          ],
          ...(isKong
            ? {
                volumes: [
                  {
                    name: 'config',
                    configMap: {
                      name: objectNames(project.name).component('kong'),
                    },
                  },
                ],
              }
            : {}),
        },
      },
    },
  };
}

/** Extra env from the project replaces defaults of the same name. */
function withOverrides(
  env: V1EnvVar[],
  extra: Record<string, string> | undefined,
): V1EnvVar[] {
  if (!extra) return env;
  const names = new Set(Object.keys(extra));
  return [
    ...env.filter(e => !names.has(e.name)),
    ...Object.entries(extra).map(([name, value]) => ({ name, value })),
  ];
}

function buildService(
  project: ProjectObjectInput,
  owner: AnchorRef,
  definition: ComponentDefinition,
): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: objectNames(project.name).component(definition.name),
      namespace: project.namespace,
      labels: standardLabels(project.name, definition.name),
      ownerReferences: [ownerReferenceTo(owner)],
    },
    spec: {
      type: 'ClusterIP',
      selector: componentSelectorLabels(project.name, definition.name),
      ports: [
        { name: 'http', port: definition.port, targetPort: definition.port },
      ],
    },
  };
}
