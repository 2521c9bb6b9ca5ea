import type {
  KubernetesObject,
  V1ConfigMap,
  V1Deployment,
  V1EnvVar,
  V1Service,
} from '@kubernetes/client-node';
import {
  ComponentOverrides,
  ProjectEndpoints,
  SupabaseComponentName,
} from '@supabase-backstage/plugin-supabase-common';
import { createHash } from 'node:crypto';
import { AnchorRef, ownerReferenceTo } from './anchor';
import {
  COMPONENT_DEFINITIONS,
  ComponentContext,
  ComponentDefinition,
  enabledComponents,
} from './componentDefinitions';
import { databaseEnvVar } from './databaseEnv';
import { poolSizeEnv } from './databasePools';
import { buildFunctionsConfigMap, functionsEnabled } from './functions';
import { buildIngress, ingressUrl, KONG_PORT } from './ingress';
import { buildKongConfig } from './kongConfig';
import { componentSelectorLabels, standardLabels } from './labels';
import { objectNames } from './objectNames';
import {
  DATABASE_VERSION_ANNOTATION,
  ROLES_VERSION_ANNOTATION,
} from './secrets';
import { ProjectObjectInput } from './types';

/**
 * On a component's pod template: a hash of its ConfigMap, so a changed
 * configuration (a route added to kong's) rolls the pods that read it at
 * start.
 */
export const CONFIG_HASH_ANNOTATION = 'supabase.backstage.io/config-hash';

/**
 * On every pod template: the version of the project's signing secret, so a
 * rotation restarts the components with the new secret and keys.
 */
export const KEYS_VERSION_ANNOTATION = 'supabase.backstage.io/keys-version';

/**
 * The versions of the credentials the components are given; pod templates
 * carry them, so a change restarts the components with the new values.
 */
export interface CredentialVersions {
  /** The signing secret's (see signingSecretVersion). */
  keysVersion?: string;
  /** The role passwords' (see rolePasswordsVersion). */
  rolesVersion?: string;
  /** The database's (see databaseVersion): where the components connect. */
  databaseVersion?: string;
}

export { enabledComponents } from './componentDefinitions';

/**
 * Every object of the components: kong's configuration (and the edge
 * runtime's, with functions), then a Deployment and a Service per enabled
 * component, with the project's overrides.
 */
export function buildComponentObjects(
  project: ProjectObjectInput,
  owner: AnchorRef,
  options: CredentialVersions = {},
): KubernetesObject[] {
  const ctx = componentContext(project);
  const configMaps: V1ConfigMap[] = [
    buildKongConfig(project, owner, (c, port) =>
      serviceUrl(project, c as SupabaseComponentName, port),
    ),
    ...(functionsEnabled(project)
      ? [buildFunctionsConfigMap(project, owner)]
      : []),
  ];
  const objects: KubernetesObject[] = [...configMaps];
  for (const definition of enabledComponents(project)) {
    const name = objectNames(project.name).component(definition.name);
    const config = configMaps.find(c => c.metadata?.name === name);
    objects.push(
      buildDeployment(project, owner, definition, ctx, {
        ...(config ? { [CONFIG_HASH_ANNOTATION]: hashOf(config.data) } : {}),
        ...(options.keysVersion
          ? { [KEYS_VERSION_ANNOTATION]: options.keysVersion }
          : {}),
        ...(options.rolesVersion
          ? { [ROLES_VERSION_ANNOTATION]: options.rolesVersion }
          : {}),
        ...(options.databaseVersion
          ? { [DATABASE_VERSION_ANNOTATION]: options.databaseVersion }
          : {}),
      }),
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
    ...(functionsEnabled(project) ? { functions: `${api}/functions/v1` } : {}),
    // Kong's catch-all route is Studio, behind the dashboard's basic auth;
    // the studio Service itself has no auth and is never an endpoint.
    studio: project.spec.studio?.publicUrl ?? api,
  };
}

function hashOf(data: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(data))
    .digest('hex')
    .slice(0, 16);
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
    roles: (name, key) => ref(name, names.roles, key),
    database: (name, key) => databaseEnvVar(project, name, key),
    storage: (name, key) => ref(name, project.spec.storage!.secretRef, key),
    secret: ref,
  };
}

function buildDeployment(
  project: ProjectObjectInput,
  owner: AnchorRef,
  definition: ComponentDefinition,
  ctx: ComponentContext,
  /** On the pod template: what, changed, must restart the pods. */
  podAnnotations: Record<string, string>,
): V1Deployment {
  const overrides: ComponentOverrides =
    project.spec.components?.[definition.name] ?? {};
  const name = objectNames(project.name).component(definition.name);
  const labels = standardLabels(project.name, definition.name);
  const volumes = definition.volumes?.(project);
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
        metadata: {
          labels,
          ...(Object.keys(podAnnotations).length
            ? { annotations: podAnnotations }
            : {}),
        },
        spec: {
          containers: [
            {
              name: definition.name,
              image: overrides.image ?? definition.image,
              ...(definition.command ? { command: definition.command } : {}),
              ports: [{ name: 'http', containerPort: definition.port }],
              env: withOverrides(
                [
                  ...definition.env(ctx),
                  ...poolSizeEnv(project.spec, definition),
                ],
                overrides.env,
              ),
              readinessProbe: definition.readinessProbe,
              resources: overrides.resources ?? {
                requests: { cpu: '50m', memory: '64Mi' },
              },
              ...(volumes ? { volumeMounts: volumes.mounts } : {}),
            },
          ],
          ...(volumes ? { volumes: volumes.volumes } : {}),
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
