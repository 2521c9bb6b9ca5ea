/**
 * A compact schema of the served kinds, enough for what decoding does on the
 * API server: reject values of the wrong JSON type (400) and find unknown
 * fields for `fieldValidation` (Strict: 400, Warn: a `Warning` header).
 * Deep, rarely used structures (probes, affinity, security contexts) are
 * accepted as they are.
 */
import { ApiError, badRequest } from './errors';
import type { Json } from '../types';

export type Schema =
  | 'string'
  | 'integer'
  | 'boolean'
  | 'number'
  | 'any'
  | 'intOrString'
  | { object: Record<string, Schema>; name: string }
  | { array: Schema }
  | { map: Schema };

const str = 'string' as const;
const int = 'integer' as const;
const bool = 'boolean' as const;
const any = 'any' as const;
const stringMap: Schema = { map: str };
const strings: Schema = { array: str };
const obj = (name: string, fields: Record<string, Schema>): Schema => ({
  object: fields,
  name,
});
const arr = (s: Schema): Schema => ({ array: s });

const objectMeta = obj('ObjectMeta', {
  name: str,
  generateName: str,
  namespace: str,
  selfLink: str,
  uid: str,
  resourceVersion: str,
  generation: int,
  creationTimestamp: any,
  deletionTimestamp: any,
  deletionGracePeriodSeconds: int,
  labels: stringMap,
  annotations: stringMap,
  ownerReferences: arr(
    obj('OwnerReference', {
      apiVersion: str,
      kind: str,
      name: str,
      uid: str,
      controller: bool,
      blockOwnerDeletion: bool,
    }),
  ),
  finalizers: strings,
  managedFields: any,
});

const keyRef = (name: string) =>
  obj(name, { name: str, key: str, optional: bool });

const container = obj('Container', {
  name: str,
  image: str,
  command: strings,
  args: strings,
  workingDir: str,
  ports: arr(
    obj('ContainerPort', {
      name: str,
      hostPort: int,
      containerPort: int,
      protocol: str,
      hostIP: str,
    }),
  ),
  envFrom: arr(
    obj('EnvFromSource', {
      prefix: str,
      configMapRef: obj('ConfigMapEnvSource', { name: str, optional: bool }),
      secretRef: obj('SecretEnvSource', { name: str, optional: bool }),
    }),
  ),
  env: arr(
    obj('EnvVar', {
      name: str,
      value: str,
      valueFrom: obj('EnvVarSource', {
        fieldRef: obj('ObjectFieldSelector', {
          apiVersion: str,
          fieldPath: str,
        }),
        resourceFieldRef: obj('ResourceFieldSelector', {
          containerName: str,
          resource: str,
          divisor: any,
        }),
        configMapKeyRef: keyRef('ConfigMapKeySelector'),
        secretKeyRef: keyRef('SecretKeySelector'),
        fileKeyRef: any,
      }),
    }),
  ),
  resources: any,
  resizePolicy: any,
  restartPolicy: str,
  restartPolicyRules: any,
  volumeMounts: arr(
    obj('VolumeMount', {
      name: str,
      readOnly: bool,
      recursiveReadOnly: str,
      mountPath: str,
      subPath: str,
      mountPropagation: str,
      subPathExpr: str,
    }),
  ),
  volumeDevices: any,
  livenessProbe: any,
  readinessProbe: any,
  startupProbe: any,
  lifecycle: any,
  terminationMessagePath: str,
  terminationMessagePolicy: str,
  imagePullPolicy: str,
  securityContext: any,
  stdin: bool,
  stdinOnce: bool,
  tty: bool,
});

const keyToPath = arr(obj('KeyToPath', { key: str, path: str, mode: int }));

const volume = obj('Volume', {
  name: str,
  configMap: obj('ConfigMapVolumeSource', {
    name: str,
    items: keyToPath,
    defaultMode: int,
    optional: bool,
  }),
  secret: obj('SecretVolumeSource', {
    secretName: str,
    items: keyToPath,
    defaultMode: int,
    optional: bool,
  }),
  emptyDir: obj('EmptyDirVolumeSource', { medium: str, sizeLimit: any }),
  projected: any,
  downwardAPI: any,
  persistentVolumeClaim: any,
  hostPath: any,
  csi: any,
  ephemeral: any,
  nfs: any,
  image: any,
  gitRepo: any,
  iscsi: any,
  awsElasticBlockStore: any,
  gcePersistentDisk: any,
  azureDisk: any,
  azureFile: any,
  cephfs: any,
  cinder: any,
  fc: any,
  flexVolume: any,
  flocker: any,
  glusterfs: any,
  photonPersistentDisk: any,
  portworxVolume: any,
  quobyte: any,
  rbd: any,
  scaleIO: any,
  storageos: any,
  vsphereVolume: any,
});

const podSpec = obj('PodSpec', {
  volumes: arr(volume),
  initContainers: arr(container),
  containers: arr(container),
  ephemeralContainers: any,
  restartPolicy: str,
  terminationGracePeriodSeconds: int,
  activeDeadlineSeconds: int,
  dnsPolicy: str,
  nodeSelector: stringMap,
  serviceAccountName: str,
  serviceAccount: str,
  automountServiceAccountToken: bool,
  nodeName: str,
  hostNetwork: bool,
  hostPID: bool,
  hostIPC: bool,
  shareProcessNamespace: bool,
  securityContext: any,
  imagePullSecrets: arr(obj('LocalObjectReference', { name: str })),
  hostname: str,
  subdomain: str,
  affinity: any,
  schedulerName: str,
  tolerations: any,
  hostAliases: any,
  priorityClassName: str,
  priority: int,
  dnsConfig: any,
  readinessGates: any,
  runtimeClassName: str,
  enableServiceLinks: bool,
  preemptionPolicy: str,
  overhead: any,
  topologySpreadConstraints: any,
  setHostnameAsFQDN: bool,
  os: any,
  hostUsers: bool,
  schedulingGates: any,
  resourceClaims: any,
  resources: any,
});

const podTemplate = obj('PodTemplateSpec', {
  metadata: objectMeta,
  spec: podSpec,
});

const labelSelector = obj('LabelSelector', {
  matchLabels: stringMap,
  matchExpressions: arr(
    obj('LabelSelectorRequirement', {
      key: str,
      operator: str,
      values: strings,
    }),
  ),
});

const top = (name: string, fields: Record<string, Schema>) =>
  obj(name, {
    apiVersion: str,
    kind: str,
    metadata: objectMeta,
    ...fields,
  });

export const SCHEMAS: Record<string, Schema> = {
  Pod: top('Pod', { spec: podSpec, status: any }),
  Job: top('Job', {
    spec: obj('JobSpec', {
      parallelism: int,
      completions: int,
      activeDeadlineSeconds: int,
      podFailurePolicy: obj('PodFailurePolicy', {
        rules: arr(
          obj('PodFailurePolicyRule', {
            action: str,
            onExitCodes: obj('PodFailurePolicyOnExitCodesRequirement', {
              containerName: str,
              operator: str,
              values: arr(int),
            }),
            onPodConditions: arr(
              obj('PodFailurePolicyOnPodConditionsPattern', {
                type: str,
                status: str,
              }),
            ),
          }),
        ),
      }),
      successPolicy: any,
      backoffLimit: int,
      backoffLimitPerIndex: int,
      maxFailedIndexes: int,
      selector: labelSelector,
      manualSelector: bool,
      template: podTemplate,
      ttlSecondsAfterFinished: int,
      completionMode: str,
      suspend: bool,
      podReplacementPolicy: str,
      managedBy: str,
    }),
    status: any,
  }),
  Deployment: top('Deployment', {
    spec: obj('DeploymentSpec', {
      replicas: int,
      selector: labelSelector,
      template: podTemplate,
      strategy: obj('DeploymentStrategy', {
        type: str,
        rollingUpdate: obj('RollingUpdateDeployment', {
          maxUnavailable: 'intOrString',
          maxSurge: 'intOrString',
        }),
      }),
      minReadySeconds: int,
      revisionHistoryLimit: int,
      paused: bool,
      progressDeadlineSeconds: int,
    }),
    status: any,
  }),
  ReplicaSet: top('ReplicaSet', {
    spec: obj('ReplicaSetSpec', {
      replicas: int,
      minReadySeconds: int,
      selector: labelSelector,
      template: podTemplate,
    }),
    status: any,
  }),
  Service: top('Service', {
    spec: obj('ServiceSpec', {
      ports: arr(
        obj('ServicePort', {
          name: str,
          protocol: str,
          appProtocol: str,
          port: int,
          targetPort: 'intOrString',
          nodePort: int,
        }),
      ),
      selector: stringMap,
      clusterIP: str,
      clusterIPs: strings,
      type: str,
      externalIPs: strings,
      sessionAffinity: str,
      loadBalancerIP: str,
      loadBalancerSourceRanges: strings,
      externalName: str,
      externalTrafficPolicy: str,
      healthCheckNodePort: int,
      publishNotReadyAddresses: bool,
      sessionAffinityConfig: any,
      ipFamilies: strings,
      ipFamilyPolicy: str,
      allocateLoadBalancerNodePorts: bool,
      loadBalancerClass: str,
      internalTrafficPolicy: str,
      trafficDistribution: str,
    }),
    status: any,
  }),
  Secret: top('Secret', {
    data: stringMap,
    stringData: stringMap,
    type: str,
    immutable: bool,
  }),
  ConfigMap: top('ConfigMap', {
    data: stringMap,
    binaryData: stringMap,
    immutable: bool,
  }),
  Namespace: top('Namespace', {
    spec: obj('NamespaceSpec', { finalizers: strings }),
    status: any,
  }),
  Event: top('Event', {
    involvedObject: any,
    reason: str,
    message: str,
    source: any,
    firstTimestamp: any,
    lastTimestamp: any,
    count: int,
    type: str,
    eventTime: any,
    series: any,
    action: str,
    related: any,
    reportingComponent: str,
    reportingInstance: str,
  }),
};

function jsonType(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

const GO_TYPES: Record<string, string> = {
  string: 'string',
  integer: 'int32',
  boolean: 'bool',
  number: 'float64',
  intOrString: 'intstr.IntOrString',
};

/**
 * Walks `value` along `schema`. Wrong JSON types throw 400 (the decoder
 * fails on them whatever the field validation); unknown fields are removed
 * from `value`, as the decoder drops them, and returned.
 */
export function checkAgainstSchema(
  kind: string,
  version: string,
  value: Json,
): string[] {
  const schema = SCHEMAS[kind];
  if (!schema) return [];
  const unknown: string[] = [];
  const fail = (path: string, v: Json, s: string, parent: string): ApiError =>
    badRequest(
      `${kind} in version "${version}" cannot be handled as a ${kind}: json: cannot unmarshal ${
        jsonType(v) === 'object' ? 'object' : jsonType(v)
      } into Go struct field ${parent}.${path} of type ${GO_TYPES[s] ?? s}`,
    );
  const walk = (v: Json, s: Schema, path: string, parent: string) => {
    if (v === null || v === undefined || s === 'any') return;
    if (typeof s === 'string') {
      const t = jsonType(v);
      const ok =
        (s === 'string' && t === 'string') ||
        (s === 'boolean' && t === 'boolean') ||
        (s === 'number' && t === 'number') ||
        (s === 'integer' && t === 'number' && Number.isInteger(v)) ||
        (s === 'intOrString' &&
          (t === 'string' || (t === 'number' && Number.isInteger(v))));
      if (!ok) throw fail(path, v, s, parent);
      return;
    }
    if ('array' in s) {
      if (!Array.isArray(v))
        throw fail(
          path,
          v,
          `[]${
            typeof s.array === 'string'
              ? GO_TYPES[s.array] ?? s.array
              : 'object'
          }`,
          parent,
        );
      v.forEach((item, i) => walk(item, s.array, `${path}[${i}]`, parent));
      return;
    }
    if ('map' in s) {
      if (jsonType(v) !== 'object')
        throw fail(path, v, 'map[string]string', parent);
      for (const [k, item] of Object.entries(v))
        walk(item, s.map, `${path}.${k}`, parent);
      return;
    }
    if (jsonType(v) !== 'object') throw fail(path, v, s.name, parent);
    for (const [k, item] of Object.entries(v)) {
      const child = s.object[k];
      const childPath = path ? `${path}.${k}` : k;
      if (!child) {
        unknown.push(childPath);
        delete (v as Record<string, Json>)[k];
        continue;
      }
      walk(item, child, childPath, s.name);
    }
  };
  walk(value, schema, '', kind);
  return unknown;
}
