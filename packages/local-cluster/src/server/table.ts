/**
 * Server-side printing: `kubectl get` asks for a `meta.k8s.io/v1 Table` and
 * prints the columns the server chooses. These are the columns Kubernetes
 * prints for the kinds served here.
 */
import type { ResourceType } from '../api/resources';
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
    { name: 'Message', type: 'string', cell: o => o.message ?? '' },
  ],
};

/** True when the request's Accept header asks for a Table. */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept);
}

export function toTable(
  type: ResourceType,
  items: KubeObject[],
  listMeta: Record<string, unknown>,
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
    rows: items.map(obj => ({
      cells: columns.map(c => c.cell(obj)),
      object: {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: obj.metadata,
      },
    })),
  };
}
