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

/** The types stored, validated and, where they have one, run by a controller. */
const STORED_TYPES: ResourceType[] = [
  {
    group: '',
    version: 'v1',
    resource: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: ['status', 'finalize'],
    hasGeneration: false,
    statusSubresource: true,
    nameRule: 'label',
    defaultPropagation: 'Background',
    returnDeletedObject: true,
    fieldSelectors: ['status.phase'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    verbs: ALL_VERBS,
    subresources: ['status', 'log'],
    hasGeneration: false,
    statusSubresource: true,
    nameRule: 'subdomain',
    defaultPropagation: 'Background',
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
  },
  {
    group: '',
    version: 'v1',
    resource: 'secrets',
    singular: 'secret',
    kind: 'Secret',
    namespaced: true,
    verbs: ALL_VERBS,
    subresources: [],
    hasGeneration: false,
    statusSubresource: false,
    nameRule: 'subdomain',
    defaultPropagation: 'Background',
    returnDeletedObject: false,
    fieldSelectors: ['type'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'configmaps',
    singular: 'configmap',
    kind: 'ConfigMap',
    namespaced: true,
    shortNames: ['cm'],
    verbs: ALL_VERBS,
    subresources: [],
    hasGeneration: false,
    statusSubresource: false,
    nameRule: 'subdomain',
    defaultPropagation: 'Background',
    returnDeletedObject: false,
    fieldSelectors: [],
  },
  {
    group: '',
    version: 'v1',
    resource: 'services',
    singular: 'service',
    kind: 'Service',
    namespaced: true,
    shortNames: ['svc'],
    categories: ['all'],
    verbs: ALL_VERBS,
    subresources: ['status'],
    hasGeneration: false,
    statusSubresource: true,
    nameRule: 'label',
    defaultPropagation: 'Background',
    returnDeletedObject: true,
    fieldSelectors: [],
  },
  {
    group: '',
    version: 'v1',
    resource: 'events',
    singular: 'event',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    verbs: ALL_VERBS,
    subresources: [],
    hasGeneration: false,
    statusSubresource: false,
    nameRule: 'subdomain',
    defaultPropagation: 'Background',
    returnDeletedObject: false,
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
  },
  {
    group: 'batch',
    version: 'v1',
    resource: 'jobs',
    singular: 'job',
    kind: 'Job',
    namespaced: true,
    categories: ['all'],
    verbs: ALL_VERBS,
    subresources: ['status'],
    hasGeneration: true,
    statusSubresource: true,
    nameRule: 'subdomain',
    defaultPropagation: 'Orphan',
    returnDeletedObject: false,
    fieldSelectors: ['status.successful'],
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    verbs: ALL_VERBS,
    subresources: ['status', 'scale'],
    hasGeneration: true,
    statusSubresource: true,
    nameRule: 'subdomain',
    defaultPropagation: 'Background',
    returnDeletedObject: false,
    fieldSelectors: [],
  },
  {
    group: 'apps',
    version: 'v1',
    resource: 'replicasets',
    singular: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    verbs: ALL_VERBS,
    subresources: ['status', 'scale'],
    hasGeneration: true,
    statusSubresource: true,
    nameRule: 'subdomain',
    defaultPropagation: 'Background',
    returnDeletedObject: false,
    fieldSelectors: ['status.replicas'],
  },
  {
    group: 'networking.k8s.io',
    version: 'v1',
    resource: 'ingresses',
    singular: 'ingress',
    kind: 'Ingress',
    namespaced: true,
    shortNames: ['ing'],
    verbs: ALL_VERBS,
    subresources: ['status'],
    hasGeneration: true,
    statusSubresource: true,
    nameRule: 'subdomain',
    defaultPropagation: 'Background',
    returnDeletedObject: false,
    fieldSelectors: [],
  },
];

const READ_VERBS = ['get', 'list', 'watch'];

/** A type served read-only, with Kubernetes' names and scope. */
function readOnlyType(
  type: Pick<
    ResourceType,
    'group' | 'version' | 'resource' | 'singular' | 'kind' | 'namespaced'
  > & { shortNames?: string[]; categories?: string[] },
  runs: string,
): ResourceType {
  return {
    ...type,
    verbs: READ_VERBS,
    subresources: [],
    hasGeneration: false,
    statusSubresource: false,
    nameRule: 'subdomain',
    defaultPropagation: 'Background',
    returnDeletedObject: false,
    fieldSelectors: [],
    readOnly: `the local cluster serves ${type.resource} read-only: it has no ${runs}, so it refuses to keep one it would not run; use a real cluster for ${type.kind}s`,
  };
}

/**
 * What a real API server also serves and clients list as a matter of
 * course (Backstage's Kubernetes plugin asks for each of them).
 */
export const READ_ONLY_TYPES: ResourceType[] = [
  readOnlyType(
    {
      group: '',
      version: 'v1',
      resource: 'limitranges',
      singular: 'limitrange',
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
      resource: 'resourcequotas',
      singular: 'resourcequota',
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
      resource: 'statefulsets',
      singular: 'statefulset',
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
      resource: 'daemonsets',
      singular: 'daemonset',
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
      resource: 'horizontalpodautoscalers',
      singular: 'horizontalpodautoscaler',
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
      resource: 'cronjobs',
      singular: 'cronjob',
      kind: 'CronJob',
      namespaced: true,
      shortNames: ['cj'],
      categories: ['all'],
    },
    'CronJob controller to start Jobs on a schedule',
  ),
];

export const RESOURCE_TYPES: ResourceType[] = [
  ...STORED_TYPES,
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

export const NAMESPACES = RESOURCE_TYPES[0];
export const PODS = RESOURCE_TYPES[1];
export const SECRETS = RESOURCE_TYPES[2];
export const CONFIGMAPS = RESOURCE_TYPES[3];
export const SERVICES = RESOURCE_TYPES[4];
export const EVENTS = RESOURCE_TYPES[5];
export const JOBS = RESOURCE_TYPES[6];
export const DEPLOYMENTS = RESOURCE_TYPES[7];
export const REPLICASETS = RESOURCE_TYPES[8];
export const INGRESSES = RESOURCE_TYPES[9];
