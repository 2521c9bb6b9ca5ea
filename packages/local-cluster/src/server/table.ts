/**
 * Server-side printing: `kubectl get` asks for a `meta.k8s.io/v1 Table` and
 * prints the columns the server chooses. These are the columns Kubernetes
 * prints for the kinds served here.
 */
import { badRequest } from '../api/errors';
import { groupVersion, type ResourceType } from '../api/resources';
import type { KubeObject } from '../types';
import { sinceTimestamp } from '../util';

interface Column {
  name: string;
  type: 'string' | 'integer' | 'date';
  /** 0: always shown; 1: only with `-o wide`. */
  priority?: number;
  cell: (obj: KubeObject) => string | number;
}

const name: Column = {
  name: 'Name',
  type: 'string',
  cell: o => o.metadata.name ?? '',
};
const age: Column = {
  name: 'Age',
  type: 'date',
  cell: o => sinceTimestamp(o.metadata.creationTimestamp),
};
const dataCount: Column = {
  name: 'Data',
  type: 'integer',
  cell: o =>
    Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length,
};

const none = (value: string) => value || '<none>';

/** Go's string order (by code unit), not the locale's. */
function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** metav1.FormatLabelSelector: requirements sorted by key, `<none>` when empty. */
export function formatLabelSelector(selector: any): string {
  if (!selector) return '<none>';
  const parts: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    parts.push([k, `${k}=${v}`]);
  }
  for (const e of selector.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    const text: Record<string, string> = {
      In: `${e.key} in (${values})`,
      NotIn: `${e.key} notin (${values})`,
      Exists: e.key,
      DoesNotExist: `!${e.key}`,
    };
    parts.push([e.key, text[e.operator] ?? e.key]);
  }
  parts.sort((a, b) => compareBytes(a[0], b[0]));
  return none(parts.map(p => p[1]).join(','));
}

/** The wide columns of workloads: their template's containers, images and selector. */
const workloadColumns: Column[] = [
  {
    name: 'Containers',
    type: 'string',
    priority: 1,
    cell: o =>
      (o.spec?.template?.spec?.containers ?? [])
        .map((c: { name: string }) => c.name)
        .join(','),
  },
  {
    name: 'Images',
    type: 'string',
    priority: 1,
    cell: o =>
      (o.spec?.template?.spec?.containers ?? [])
        .map((c: { image: string }) => c.image)
        .join(','),
  },
  {
    name: 'Selector',
    type: 'string',
    priority: 1,
    cell: o => formatLabelSelector(o.spec?.selector),
  },
];

function condition(obj: KubeObject, type: string) {
  return (obj.status?.conditions ?? []).find(
    (c: { type: string; status: string }) =>
      c.type === type && c.status === 'True',
  );
}

/** The STATUS column of `kubectl get pods`. */
export function podStatusReason(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp) return 'Terminating';
  let reason: string = pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
  for (const s of pod.status?.initContainerStatuses ?? []) {
    if (s.state?.terminated?.exitCode === 0) continue;
    if (s.state?.terminated) return `Init:${s.state.terminated.reason}`;
    if (
      s.state?.waiting?.reason &&
      s.state.waiting.reason !== 'PodInitializing'
    ) {
      return `Init:${s.state.waiting.reason}`;
    }
    return 'Init:0';
  }
  for (const s of pod.status?.containerStatuses ?? []) {
    if (s.state?.waiting?.reason) reason = s.state.waiting.reason;
    else if (s.state?.terminated?.reason) reason = s.state.terminated.reason;
  }
  return reason;
}

const COLUMNS: Record<string, Column[]> = {
  Pod: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: o => {
        const all = o.spec?.containers?.length ?? 0;
        const ready = (o.status?.containerStatuses ?? []).filter(
          (s: { ready: boolean }) => s.ready,
        ).length;
        return `${ready}/${all}`;
      },
    },
    { name: 'Status', type: 'string', cell: podStatusReason },
    {
      name: 'Restarts',
      type: 'string',
      cell: o =>
        String(
          (o.status?.containerStatuses ?? []).reduce(
            (n: number, s: { restartCount?: number }) =>
              n + (s.restartCount ?? 0),
            0,
          ),
        ),
    },
    age,
    {
      name: 'IP',
      type: 'string',
      priority: 1,
      cell: o => o.status?.podIP ?? '<none>',
    },
    {
      name: 'Node',
      type: 'string',
      priority: 1,
      cell: o => o.spec?.nodeName ?? '<none>',
    },
    {
      name: 'Nominated Node',
      type: 'string',
      priority: 1,
      cell: o => o.status?.nominatedNodeName ?? '<none>',
    },
    {
      name: 'Readiness Gates',
      type: 'string',
      priority: 1,
      cell: o => {
        const gates: Array<{ conditionType: string }> =
          o.spec?.readinessGates ?? [];
        if (!gates.length) return '<none>';
        const ready = gates.filter(g => condition(o, g.conditionType)).length;
        return `${ready}/${gates.length}`;
      },
    },
  ],
  Job: [
    name,
    {
      name: 'Status',
      type: 'string',
      cell: o => {
        if (condition(o, 'Complete')) return 'Complete';
        if (condition(o, 'Failed')) return 'Failed';
        if (o.metadata.deletionTimestamp) return 'Terminating';
        if (condition(o, 'Suspended')) return 'Suspended';
        if (condition(o, 'FailureTarget')) return 'FailureTarget';
        if (condition(o, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
        return 'Running';
      },
    },
    {
      name: 'Completions',
      type: 'string',
      cell: o => `${o.status?.succeeded ?? 0}/${o.spec?.completions ?? 1}`,
    },
    {
      name: 'Duration',
      type: 'string',
      cell: o => {
        const start = o.status?.startTime;
        if (!start) return '';
        const end = o.status?.completionTime
          ? Date.parse(o.status.completionTime)
          : Date.now();
        return sinceTimestamp(start, end);
      },
    },
    age,
    ...workloadColumns,
  ],
  Deployment: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: o => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`,
    },
    {
      name: 'Up-to-date',
      type: 'integer',
      cell: o => o.status?.updatedReplicas ?? 0,
    },
    {
      name: 'Available',
      type: 'integer',
      cell: o => o.status?.availableReplicas ?? 0,
    },
    age,
    ...workloadColumns,
  ],
  ReplicaSet: [
    name,
    { name: 'Desired', type: 'integer', cell: o => o.spec?.replicas ?? 0 },
    { name: 'Current', type: 'integer', cell: o => o.status?.replicas ?? 0 },
    {
      name: 'Ready',
      type: 'integer',
      cell: o => o.status?.readyReplicas ?? 0,
    },
    age,
    ...workloadColumns,
  ],
  Service: [
    name,
    { name: 'Type', type: 'string', cell: o => o.spec?.type ?? 'ClusterIP' },
    {
      name: 'Cluster-IP',
      type: 'string',
      cell: o => o.spec?.clusterIP ?? '<none>',
    },
    { name: 'External-IP', type: 'string', cell: () => '<none>' },
    {
      name: 'Port(s)',
      type: 'string',
      cell: o =>
        (o.spec?.ports ?? [])
          .map(
            (p: { port: number; protocol?: string }) =>
              `${p.port}/${p.protocol ?? 'TCP'}`,
          )
          .join(',') || '<none>',
    },
    age,
    {
      name: 'Selector',
      type: 'string',
      priority: 1,
      cell: o =>
        o.spec?.selector
          ? formatLabelSelector({ matchLabels: o.spec.selector })
          : '<none>',
    },
  ],
  Secret: [
    name,
    { name: 'Type', type: 'string', cell: o => o.type ?? 'Opaque' },
    dataCount,
    age,
  ],
  ConfigMap: [name, dataCount, age],
  Ingress: [
    name,
    {
      name: 'Class',
      type: 'string',
      cell: o => o.spec?.ingressClassName ?? '<none>',
    },
    {
      name: 'Hosts',
      type: 'string',
      cell: o =>
        (o.spec?.rules ?? [])
          .map((r: { host?: string }) => r.host ?? '*')
          .join(',') || '*',
    },
    { name: 'Address', type: 'string', cell: () => '' },
    {
      name: 'Ports',
      type: 'string',
      cell: o => (o.spec?.tls?.length ? '80, 443' : '80'),
    },
    age,
  ],
  Namespace: [
    name,
    { name: 'Status', type: 'string', cell: o => o.status?.phase ?? '' },
    age,
  ],
  Event: [
    {
      name: 'Last Seen',
      type: 'string',
      cell: o =>
        sinceTimestamp(
          o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp,
        ),
    },
    { name: 'Type', type: 'string', cell: o => o.type ?? '' },
    { name: 'Reason', type: 'string', cell: o => o.reason ?? '' },
    {
      name: 'Object',
      type: 'string',
      cell: o =>
        `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${
          o.involvedObject?.name ?? ''
        }`,
    },
    {
      name: 'Subobject',
      type: 'string',
      priority: 1,
      cell: o => o.involvedObject?.fieldPath ?? '',
    },
    {
      name: 'Source',
      type: 'string',
      priority: 1,
      cell: o =>
        [o.source?.component, o.source?.host].filter(Boolean).join(', '),
    },
    { name: 'Message', type: 'string', cell: o => o.message ?? '' },
    {
      name: 'First Seen',
      type: 'string',
      priority: 1,
      cell: o =>
        sinceTimestamp(
          o.firstTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp,
        ),
    },
    {
      name: 'Count',
      type: 'string',
      priority: 1,
      cell: o => String(o.count ?? 1),
    },
    { name: 'Name', type: 'string', priority: 1, cell: o => o.metadata.name },
  ],
};

/** True when the request's Accept header asks for a Table. */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept);
}

/** What each row carries (`includeObject`): nothing, the metadata (default) or the whole object (`kubectl get --sort-by`). */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

export function parseIncludeObject(value: string | null): IncludeObject {
  if (value === null || value === '') return 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') {
    return value;
  }
  throw badRequest(
    `includeObject must be one of None, Metadata, or Object, got ${JSON.stringify(
      value,
    )}`,
  );
}

function rowObject(
  type: ResourceType,
  obj: KubeObject,
  include: IncludeObject,
): Record<string, unknown> | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') {
    return { ...obj, kind: type.kind, apiVersion: groupVersion(type) };
  }
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: obj.metadata,
  };
}

export function toTable(
  type: ResourceType,
  items: KubeObject[],
  listMeta: Record<string, unknown>,
  include: IncludeObject = 'Metadata',
) {
  const columns = COLUMNS[type.kind] ?? [name, age];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columns.map(c => ({
      name: c.name,
      type: c.type === 'date' ? 'string' : c.type,
      format: c.name === 'Name' ? 'name' : '',
      description: '',
      priority: c.priority ?? 0,
    })),
    rows: items.map(obj => {
      const object = rowObject(type, obj, include);
      return {
        cells: columns.map(c => c.cell(obj)),
        ...(object ? { object } : {}),
      };
    }),
  };
}
