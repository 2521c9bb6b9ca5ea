/** The resource types the server serves, with what discovery says about them. */
export interface ResourceType {
  group: string;
  version: string;
  /** Plural, lower case, as in the URL: `jobs`. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs: string[];
  /** Subresources served, e.g. `status`, `log`, `scale`. */
  subresources: string[];
  /** Objects carry `metadata.generation`, bumped when `spec` changes. */
  hasGeneration: boolean;
  /** Status is written only through the `status` subresource. */
  statusSubresource: boolean;
  /** Name rule: `subdomain` (253) or `label` (63). */
  nameRule: 'subdomain' | 'label' | 'any';
  /**
   * What DELETE does to dependents when the request names no
   * `propagationPolicy`: `batch/v1` Jobs orphan their pods by default.
   */
  defaultPropagation: 'Background' | 'Orphan';
  /** DELETE answers with the deleted object rather than a Success Status. */
  returnDeletedObject: boolean;
  /** Field selectors allowed besides `metadata.name` and `metadata.namespace`. */
  fieldSelectors: string[];
  /**
   * Set for the types served read-only: why writes are refused. Clients
   * such as Backstage's Kubernetes plugin list every workload type a
   * cluster has; these are listed, read and watched (always empty here),
   * but an object of one would need a controller or admission the local
   * cluster does not run, and storing it unrun would be a silent
   * approximation.
   */
  readOnly?: string;
}

const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

const READ_VERBS = ['get', 'list', 'watch'];

/**
 * What a type declares: its group, version, kind and scope, and whatever
 * differs from the usual (every verb, no subresources, no generation,
 * `subdomain` names, background deletion answered with a Status).
 */
type TypeDeclaration = Pick<
  ResourceType,
  'group' | 'version' | 'kind' | 'namespaced'
> &
  Partial<Omit<ResourceType, 'singular' | 'statusSubresource'>>;

/**
 * A type with the names Kubernetes derives from its kind (`singular` the
 * kind in lower case, `resource` its plural unless the declaration names an
 * irregular one) and a status written through the `status` subresource
 * where it has one.
 */
function resourceType(declared: TypeDeclaration): ResourceType {
  const singular = declared.kind.toLowerCase();
  const subresources = declared.subresources ?? [];
  return {
    resource: `${singular}${singular.endsWith('s') ? 'es' : 's'}`,
    singular,
    verbs: ALL_VERBS,
    hasGeneration: false,
    nameRule: 'subdomain',
    defaultPropagation: 'Background',
    returnDeletedObject: false,
    fieldSelectors: [],
    ...declared,
    subresources,
    statusSubresource: subresources.includes('status'),
  };
}

/** A type served read-only: `runs` names what the local cluster lacks. */
function readOnlyType(declared: TypeDeclaration, runs: string): ResourceType {
  const type = resourceType({ ...declared, verbs: READ_VERBS });
  return {
    ...type,
    readOnly: `the local cluster serves ${type.resource} read-only: it has no ${runs}, so it refuses to keep one it would not run; use a real cluster for ${type.kind}s`,
  };
}

// The types stored, validated and, where they have one, run by a controller.

export const NAMESPACES = resourceType({
  group: '',
  version: 'v1',
  kind: 'Namespace',
  namespaced: false,
  shortNames: ['ns'],
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: ['status', 'finalize'],
  nameRule: 'label',
  returnDeletedObject: true,
  fieldSelectors: ['status.phase'],
});
export const PODS = resourceType({
  group: '',
  version: 'v1',
  kind: 'Pod',
  namespaced: true,
  shortNames: ['po'],
  categories: ['all'],
  subresources: ['status', 'log'],
  returnDeletedObject: true,
  fieldSelectors: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
});
export const SECRETS = resourceType({
  group: '',
  version: 'v1',
  kind: 'Secret',
  namespaced: true,
  fieldSelectors: ['type'],
});
export const CONFIGMAPS = resourceType({
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  namespaced: true,
  shortNames: ['cm'],
});
export const SERVICES = resourceType({
  group: '',
  version: 'v1',
  kind: 'Service',
  namespaced: true,
  shortNames: ['svc'],
  categories: ['all'],
  subresources: ['status'],
  nameRule: 'label',
  returnDeletedObject: true,
});
export const EVENTS = resourceType({
  group: '',
  version: 'v1',
  kind: 'Event',
  namespaced: true,
  shortNames: ['ev'],
  fieldSelectors: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
});
export const JOBS = resourceType({
  group: 'batch',
  version: 'v1',
  kind: 'Job',
  namespaced: true,
  categories: ['all'],
  subresources: ['status'],
  hasGeneration: true,
  defaultPropagation: 'Orphan',
  fieldSelectors: ['status.successful'],
});
export const DEPLOYMENTS = resourceType({
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  namespaced: true,
  shortNames: ['deploy'],
  categories: ['all'],
  subresources: ['status', 'scale'],
  hasGeneration: true,
});
export const REPLICASETS = resourceType({
  group: 'apps',
  version: 'v1',
  kind: 'ReplicaSet',
  namespaced: true,
  shortNames: ['rs'],
  categories: ['all'],
  subresources: ['status', 'scale'],
  hasGeneration: true,
  fieldSelectors: ['status.replicas'],
});
export const INGRESSES = resourceType({
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'Ingress',
  namespaced: true,
  shortNames: ['ing'],
  subresources: ['status'],
  hasGeneration: true,
});

/**
 * What a real API server also serves and clients list as a matter of
 * course (Backstage's Kubernetes plugin asks for each of them).
 */
export const READ_ONLY_TYPES: ResourceType[] = [
  readOnlyType(
    {
      group: '',
      version: 'v1',
      kind: 'LimitRange',
      namespaced: true,
      shortNames: ['limits'],
    },
    'LimitRanger admission to apply defaults and limits',
  ),
  readOnlyType(
    {
      group: '',
      version: 'v1',
      kind: 'ResourceQuota',
      namespaced: true,
      shortNames: ['quota'],
    },
    'quota admission or quota controller',
  ),
  readOnlyType(
    {
      group: 'apps',
      version: 'v1',
      kind: 'StatefulSet',
      namespaced: true,
      shortNames: ['sts'],
      categories: ['all'],
    },
    'StatefulSet controller (nor volumes to claim)',
  ),
  readOnlyType(
    {
      group: 'apps',
      version: 'v1',
      kind: 'DaemonSet',
      namespaced: true,
      shortNames: ['ds'],
      categories: ['all'],
    },
    'DaemonSet controller',
  ),
  readOnlyType(
    {
      group: 'autoscaling',
      version: 'v2',
      kind: 'HorizontalPodAutoscaler',
      namespaced: true,
      shortNames: ['hpa'],
      categories: ['all'],
    },
    'autoscaler and no metrics to scale on',
  ),
  readOnlyType(
    {
      group: 'batch',
      version: 'v1',
      kind: 'CronJob',
      namespaced: true,
      shortNames: ['cj'],
      categories: ['all'],
    },
    'CronJob controller to start Jobs on a schedule',
  ),
];

/** Every type served, stored ones first, in discovery order. */
export const RESOURCE_TYPES: ResourceType[] = [
  NAMESPACES,
  PODS,
  SECRETS,
  CONFIGMAPS,
  SERVICES,
  EVENTS,
  JOBS,
  DEPLOYMENTS,
  REPLICASETS,
  INGRESSES,
  ...READ_ONLY_TYPES,
];

export function groupVersion(type: { group: string; version: string }): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** The key a resource type is stored under: `batch/jobs`, `/pods`. */
export function resourceKey(type: { group: string; resource: string }): string {
  return `${type.group}/${type.resource}`;
}

export function findResource(
  group: string,
  version: string,
  resource: string,
): ResourceType | undefined {
  return RESOURCE_TYPES.find(
    t => t.group === group && t.version === version && t.resource === resource,
  );
}

export function findResourceByKind(
  apiVersion: string,
  kind: string,
): ResourceType | undefined {
  return RESOURCE_TYPES.find(
    t => groupVersion(t) === apiVersion && t.kind === kind,
  );
}

/** The group versions served, in discovery order. */
export function servedGroupVersions(): Array<{
  group: string;
  version: string;
}> {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of RESOURCE_TYPES) {
    seen.set(groupVersion(t), { group: t.group, version: t.version });
  }
  return [...seen.values()];
}
