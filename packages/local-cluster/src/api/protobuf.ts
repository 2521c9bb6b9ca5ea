/**
 * Request bodies in the Kubernetes protobuf encoding
 * (`application/vnd.kubernetes.protobuf`), which client-go's typed clients
 * send, e.g. `kubectl create namespace|secret|configmap|deployment|job|service`:
 * the magic `k8s\0`, then a `runtime.Unknown` envelope with the TypeMeta and
 * the object's own message (field numbers of k8s.io/api's generated.proto).
 *
 * Only the kinds and fields in the tables below are decoded. A field the
 * tables do not know is accepted only when it holds a zero value (Go's
 * protobuf encoding writes every non-pointer field, set or not); any other
 * unknown field is refused rather than dropped. Responses are always JSON.
 */
import { badRequest } from './errors';
import type { Json } from '../types';

export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

type Scalar = 'string' | 'bytes' | 'int' | 'bool';
type Special = 'time' | 'quantity' | 'intOrString' | 'ignore';

interface Message {
  name: string;
  fields: Record<number, Field>;
}

interface Field {
  name: string;
  type: Scalar | Special | Message;
  /** A list (`repeated`). */
  list?: boolean;
  /** A `map<string, type>`. */
  map?: boolean;
  /** A Go pointer: a zero value was set on purpose and is kept. */
  ptr?: boolean;
  /** An embedded Go struct: its fields go into the parent's JSON object. */
  inline?: boolean;
}

const msg = (name: string, fields: Record<number, Field>): Message => ({
  name,
  fields,
});
const f = (
  name: string,
  type: Field['type'],
  extra: Omit<Field, 'name' | 'type'> = {},
): Field => ({ name, type, ...extra });
const str = (name: string) => f(name, 'string');
const strPtr = (name: string) => f(name, 'string', { ptr: true });
const strs = (name: string) => f(name, 'string', { list: true });
const int = (name: string) => f(name, 'int');
const intPtr = (name: string) => f(name, 'int', { ptr: true });
const bool = (name: string) => f(name, 'bool');
const boolPtr = (name: string) => f(name, 'bool', { ptr: true });
const stringMap = (name: string) => f(name, 'string', { map: true });
const ignored = (name: string) => f(name, 'ignore');

// ----- k8s.io/apimachinery --------------------------------------------------

const OWNER_REFERENCE = msg('OwnerReference', {
  5: str('apiVersion'),
  1: str('kind'),
  3: str('name'),
  4: str('uid'),
  6: boolPtr('controller'),
  7: boolPtr('blockOwnerDeletion'),
});

const OBJECT_META = msg('ObjectMeta', {
  1: str('name'),
  2: str('generateName'),
  3: str('namespace'),
  4: str('selfLink'),
  5: str('uid'),
  6: str('resourceVersion'),
  7: int('generation'),
  8: f('creationTimestamp', 'time'),
  9: f('deletionTimestamp', 'time'),
  10: intPtr('deletionGracePeriodSeconds'),
  11: stringMap('labels'),
  12: stringMap('annotations'),
  13: f('ownerReferences', OWNER_REFERENCE, { list: true }),
  14: strs('finalizers'),
  // The server sets managedFields itself.
  17: ignored('managedFields'),
});

const LABEL_SELECTOR = msg('LabelSelector', {
  1: stringMap('matchLabels'),
  2: f(
    'matchExpressions',
    msg('LabelSelectorRequirement', {
      1: str('key'),
      2: str('operator'),
      3: strs('values'),
    }),
    { list: true },
  ),
});

const DELETE_OPTIONS = msg('DeleteOptions', {
  1: intPtr('gracePeriodSeconds'),
  2: f(
    'preconditions',
    msg('Preconditions', { 1: strPtr('uid'), 2: strPtr('resourceVersion') }),
    { ptr: true },
  ),
  3: boolPtr('orphanDependents'),
  4: strPtr('propagationPolicy'),
  5: strs('dryRun'),
  6: boolPtr('ignoreStoreReadErrorWithClusterBreakingPotential'),
});

// ----- core/v1 ----------------------------------------------------------------

const LOCAL_OBJECT_REFERENCE = msg('LocalObjectReference', { 1: str('name') });
const inlineName = f('', LOCAL_OBJECT_REFERENCE, { inline: true });

const KEY_TO_PATH = msg('KeyToPath', {
  1: str('key'),
  2: str('path'),
  3: intPtr('mode'),
});

const VOLUME_SOURCE = msg('VolumeSource', {
  2: f(
    'emptyDir',
    msg('EmptyDirVolumeSource', {
      1: str('medium'),
      2: f('sizeLimit', 'quantity', { ptr: true }),
    }),
    { ptr: true },
  ),
  6: f(
    'secret',
    msg('SecretVolumeSource', {
      1: str('secretName'),
      2: f('items', KEY_TO_PATH, { list: true }),
      3: intPtr('defaultMode'),
      4: boolPtr('optional'),
    }),
    { ptr: true },
  ),
  19: f(
    'configMap',
    msg('ConfigMapVolumeSource', {
      1: inlineName,
      2: f('items', KEY_TO_PATH, { list: true }),
      3: intPtr('defaultMode'),
      4: boolPtr('optional'),
    }),
    { ptr: true },
  ),
});

const KEY_SELECTOR = (name: string) =>
  msg(name, { 1: inlineName, 2: str('key'), 3: boolPtr('optional') });
const ENV_SOURCE = (name: string) =>
  msg(name, { 1: inlineName, 2: boolPtr('optional') });

const CONTAINER = msg('Container', {
  1: str('name'),
  2: str('image'),
  3: strs('command'),
  4: strs('args'),
  5: str('workingDir'),
  6: f(
    'ports',
    msg('ContainerPort', {
      1: str('name'),
      2: int('hostPort'),
      3: int('containerPort'),
      4: str('protocol'),
      5: str('hostIP'),
    }),
    { list: true },
  ),
  19: f(
    'envFrom',
    msg('EnvFromSource', {
      1: str('prefix'),
      2: f('configMapRef', ENV_SOURCE('ConfigMapEnvSource'), { ptr: true }),
      3: f('secretRef', ENV_SOURCE('SecretEnvSource'), { ptr: true }),
    }),
    { list: true },
  ),
  7: f(
    'env',
    msg('EnvVar', {
      1: str('name'),
      2: str('value'),
      3: f(
        'valueFrom',
        msg('EnvVarSource', {
          1: f(
            'fieldRef',
            msg('ObjectFieldSelector', {
              1: str('apiVersion'),
              2: str('fieldPath'),
            }),
            { ptr: true },
          ),
          2: f(
            'resourceFieldRef',
            msg('ResourceFieldSelector', {
              1: str('containerName'),
              2: str('resource'),
              3: f('divisor', 'quantity'),
            }),
            { ptr: true },
          ),
          3: f('configMapKeyRef', KEY_SELECTOR('ConfigMapKeySelector'), {
            ptr: true,
          }),
          4: f('secretKeyRef', KEY_SELECTOR('SecretKeySelector'), {
            ptr: true,
          }),
        }),
        { ptr: true },
      ),
    }),
    { list: true },
  ),
  8: f(
    'resources',
    msg('ResourceRequirements', {
      1: f('limits', 'quantity', { map: true }),
      2: f('requests', 'quantity', { map: true }),
    }),
  ),
  24: strPtr('restartPolicy'),
  9: f(
    'volumeMounts',
    msg('VolumeMount', {
      1: str('name'),
      2: bool('readOnly'),
      7: strPtr('recursiveReadOnly'),
      3: str('mountPath'),
      4: str('subPath'),
      5: strPtr('mountPropagation'),
      6: str('subPathExpr'),
    }),
    { list: true },
  ),
  13: str('terminationMessagePath'),
  20: str('terminationMessagePolicy'),
  14: str('imagePullPolicy'),
  16: bool('stdin'),
  17: bool('stdinOnce'),
  18: bool('tty'),
});

const POD_SPEC = msg('PodSpec', {
  1: f(
    'volumes',
    msg('Volume', {
      1: str('name'),
      2: f('', VOLUME_SOURCE, { inline: true }),
    }),
    { list: true },
  ),
  20: f('initContainers', CONTAINER, { list: true }),
  2: f('containers', CONTAINER, { list: true }),
  3: str('restartPolicy'),
  4: intPtr('terminationGracePeriodSeconds'),
  5: intPtr('activeDeadlineSeconds'),
  6: str('dnsPolicy'),
  7: stringMap('nodeSelector'),
  8: str('serviceAccountName'),
  9: str('serviceAccount'),
  21: boolPtr('automountServiceAccountToken'),
  10: str('nodeName'),
  11: bool('hostNetwork'),
  12: bool('hostPID'),
  13: bool('hostIPC'),
  27: boolPtr('shareProcessNamespace'),
  15: f('imagePullSecrets', LOCAL_OBJECT_REFERENCE, { list: true }),
  16: str('hostname'),
  17: str('subdomain'),
  19: str('schedulerName'),
  22: f(
    'tolerations',
    msg('Toleration', {
      1: str('key'),
      2: str('operator'),
      3: str('value'),
      4: str('effect'),
      5: intPtr('tolerationSeconds'),
    }),
    { list: true },
  ),
  24: str('priorityClassName'),
  25: intPtr('priority'),
  29: strPtr('runtimeClassName'),
  30: boolPtr('enableServiceLinks'),
  31: strPtr('preemptionPolicy'),
  35: boolPtr('setHostnameAsFQDN'),
  37: boolPtr('hostUsers'),
});

const POD_TEMPLATE_SPEC = msg('PodTemplateSpec', {
  1: f('metadata', OBJECT_META),
  2: f('spec', POD_SPEC),
});

const INT_OR_STRING = 'intOrString' as const;

/** Top-level kinds, by `apiVersion/kind`. Status is ignored on writes. */
const KINDS: Record<string, Message> = {
  'v1/Namespace': msg('Namespace', {
    1: f('metadata', OBJECT_META),
    2: f('spec', msg('NamespaceSpec', { 1: strs('finalizers') })),
    3: ignored('status'),
  }),
  'v1/Secret': msg('Secret', {
    1: f('metadata', OBJECT_META),
    5: boolPtr('immutable'),
    2: f('data', 'bytes', { map: true }),
    4: stringMap('stringData'),
    3: str('type'),
  }),
  'v1/ConfigMap': msg('ConfigMap', {
    1: f('metadata', OBJECT_META),
    4: boolPtr('immutable'),
    2: stringMap('data'),
    3: f('binaryData', 'bytes', { map: true }),
  }),
  'v1/Pod': msg('Pod', {
    1: f('metadata', OBJECT_META),
    2: f('spec', POD_SPEC),
    3: ignored('status'),
  }),
  'v1/Service': msg('Service', {
    1: f('metadata', OBJECT_META),
    2: f(
      'spec',
      msg('ServiceSpec', {
        1: f(
          'ports',
          msg('ServicePort', {
            1: str('name'),
            2: str('protocol'),
            6: strPtr('appProtocol'),
            3: int('port'),
            4: f('targetPort', INT_OR_STRING),
            5: int('nodePort'),
          }),
          { list: true },
        ),
        2: stringMap('selector'),
        3: str('clusterIP'),
        18: strs('clusterIPs'),
        4: str('type'),
        5: strs('externalIPs'),
        7: str('sessionAffinity'),
        8: str('loadBalancerIP'),
        9: strs('loadBalancerSourceRanges'),
        10: str('externalName'),
        11: str('externalTrafficPolicy'),
        12: int('healthCheckNodePort'),
        13: bool('publishNotReadyAddresses'),
        19: strs('ipFamilies'),
        17: strPtr('ipFamilyPolicy'),
        20: boolPtr('allocateLoadBalancerNodePorts'),
        21: strPtr('loadBalancerClass'),
        22: strPtr('internalTrafficPolicy'),
        23: strPtr('trafficDistribution'),
      }),
    ),
    3: ignored('status'),
  }),
  'apps/v1/Deployment': msg('Deployment', {
    1: f('metadata', OBJECT_META),
    2: f(
      'spec',
      msg('DeploymentSpec', {
        1: intPtr('replicas'),
        2: f('selector', LABEL_SELECTOR, { ptr: true }),
        3: f('template', POD_TEMPLATE_SPEC),
        4: f(
          'strategy',
          msg('DeploymentStrategy', {
            1: str('type'),
            2: f(
              'rollingUpdate',
              msg('RollingUpdateDeployment', {
                1: f('maxUnavailable', INT_OR_STRING, { ptr: true }),
                2: f('maxSurge', INT_OR_STRING, { ptr: true }),
              }),
              { ptr: true },
            ),
          }),
        ),
        5: int('minReadySeconds'),
        6: intPtr('revisionHistoryLimit'),
        7: bool('paused'),
        9: intPtr('progressDeadlineSeconds'),
      }),
    ),
    3: ignored('status'),
  }),
  'autoscaling/v1/Scale': msg('Scale', {
    1: f('metadata', OBJECT_META),
    2: f('spec', msg('ScaleSpec', { 1: int('replicas') })),
    3: ignored('status'),
  }),
  'batch/v1/Job': msg('Job', {
    1: f('metadata', OBJECT_META),
    2: f(
      'spec',
      msg('JobSpec', {
        1: intPtr('parallelism'),
        2: intPtr('completions'),
        3: intPtr('activeDeadlineSeconds'),
        7: intPtr('backoffLimit'),
        12: intPtr('backoffLimitPerIndex'),
        13: intPtr('maxFailedIndexes'),
        4: f('selector', LABEL_SELECTOR, { ptr: true }),
        5: boolPtr('manualSelector'),
        6: f('template', POD_TEMPLATE_SPEC),
        8: intPtr('ttlSecondsAfterFinished'),
        9: strPtr('completionMode'),
        10: boolPtr('suspend'),
        14: strPtr('podReplacementPolicy'),
        15: strPtr('managedBy'),
      }),
    ),
    3: ignored('status'),
  }),
};

// ----- wire format --------------------------------------------------------------

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer, readonly end = buf.length) {}

  get done() {
    return this.pos >= this.end;
  }

  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw truncated();
      const byte = this.buf[this.pos++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw badRequest('protobuf: varint overflow');
    }
  }

  bytes(): Buffer {
    const length = Number(this.varint());
    if (this.pos + length > this.end) throw truncated();
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** Skips a value; returns whether it held anything but zero. */
  skip(wireType: number): boolean {
    switch (wireType) {
      case 0:
        return this.varint() !== 0n;
      case 1:
      case 5:
        this.pos += wireType === 1 ? 8 : 4;
        if (this.pos > this.end) throw truncated();
        return true;
      case 2:
        return this.bytes().length > 0;
      default:
        throw badRequest(`protobuf: unsupported wire type ${wireType}`);
    }
  }
}

function truncated() {
  return badRequest('protobuf: the message is truncated');
}

function toNumber(value: bigint): number {
  return Number(BigInt.asIntN(64, value));
}

function readMessageFields(
  body: Buffer,
): Array<{ field: number; wireType: number; reader: Reader }> {
  const r = new Reader(body);
  const out: Array<{ field: number; wireType: number; reader: Reader }> = [];
  while (!r.done) {
    const key = Number(r.varint());
    const field = key >>> 3;
    const wireType = key & 7;
    const start = r.pos;
    r.skip(wireType);
    out.push({
      field,
      wireType,
      reader: Object.assign(new Reader(body, r.pos), { pos: start }),
    });
  }
  return out;
}

function isZero(value: Json): boolean {
  return value === '' || value === 0 || value === false || value === undefined;
}

function decodeTime(body: Buffer): string | undefined {
  let seconds = 0;
  let nanos = 0;
  for (const { field, wireType, reader } of readMessageFields(body)) {
    if (wireType !== 0) continue;
    if (field === 1) seconds = toNumber(reader.varint());
    if (field === 2) nanos = toNumber(reader.varint());
  }
  if (seconds === 0 && nanos === 0) return undefined;
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function decodeQuantity(body: Buffer): string | undefined {
  for (const { field, wireType, reader } of readMessageFields(body)) {
    if (field === 1 && wireType === 2) return reader.bytes().toString('utf8');
  }
  return undefined;
}

function decodeIntOrString(body: Buffer, keepZero: boolean): Json {
  let type = 0;
  let intVal = 0;
  let strVal = '';
  for (const { field, wireType, reader } of readMessageFields(body)) {
    if (field === 1 && wireType === 0) type = toNumber(reader.varint());
    if (field === 2 && wireType === 0) intVal = toNumber(reader.varint());
    if (field === 3 && wireType === 2) strVal = reader.bytes().toString('utf8');
  }
  const value = type === 1 ? strVal : intVal;
  return !keepZero && isZero(value) ? undefined : value;
}

function decodeValue(
  field: Field,
  wireType: number,
  reader: Reader,
  keepZero: boolean,
  path: string,
): Json {
  const type = field.type;
  if (typeof type === 'object') {
    if (wireType !== 2) throw wrongType(path);
    return decodeMessage(reader.bytes(), type, path);
  }
  switch (type) {
    case 'string': {
      if (wireType !== 2) throw wrongType(path);
      const s = reader.bytes().toString('utf8');
      return !keepZero && s === '' ? undefined : s;
    }
    case 'bytes':
      if (wireType !== 2) throw wrongType(path);
      return reader.bytes().toString('base64');
    case 'int': {
      if (wireType !== 0) throw wrongType(path);
      const n = toNumber(reader.varint());
      return !keepZero && n === 0 ? undefined : n;
    }
    case 'bool': {
      if (wireType !== 0) throw wrongType(path);
      const b = reader.varint() !== 0n;
      return !keepZero && !b ? undefined : b;
    }
    case 'time':
      if (wireType !== 2) throw wrongType(path);
      return decodeTime(reader.bytes());
    case 'quantity':
      if (wireType !== 2) throw wrongType(path);
      return decodeQuantity(reader.bytes());
    case 'intOrString':
      if (wireType !== 2) throw wrongType(path);
      return decodeIntOrString(reader.bytes(), keepZero);
    default:
      reader.skip(wireType);
      return undefined;
  }
}

function wrongType(path: string) {
  return badRequest(`protobuf: wrong wire type for ${path}`);
}

function decodeMessage(
  body: Buffer,
  schema: Message,
  path: string,
): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const { field: number, wireType, reader } of readMessageFields(body)) {
    const field = schema.fields[number];
    if (!field) {
      if (reader.skip(wireType)) {
        throw badRequest(
          `protobuf: local-cluster does not decode field ${number} of ${schema.name} (${path}); send this object as JSON, e.g. with kubectl apply -f`,
        );
      }
      continue;
    }
    const fieldPath = field.name ? `${path}.${field.name}` : path;
    if (field.type === 'ignore') {
      reader.skip(wireType);
      continue;
    }
    if (field.map) {
      if (wireType !== 2) throw wrongType(fieldPath);
      let key = '';
      let value: Json;
      for (const entry of readMessageFields(reader.bytes())) {
        if (entry.field === 1 && entry.wireType === 2) {
          key = entry.reader.bytes().toString('utf8');
        } else if (entry.field === 2) {
          value = decodeValue(
            field,
            entry.wireType,
            entry.reader,
            true,
            fieldPath,
          );
        }
      }
      out[field.name] ??= {};
      out[field.name][key] =
        value ??
        (field.type === 'bytes' || field.type === 'string' ? '' : value);
      continue;
    }
    const value = decodeValue(
      field,
      wireType,
      reader,
      !!field.ptr || !!field.list,
      fieldPath,
    );
    if (field.list) {
      out[field.name] ??= [];
      out[field.name].push(value);
    } else if (field.inline) {
      Object.assign(out, value);
    } else if (value !== undefined) {
      out[field.name] = value;
    }
  }
  return out;
}

/**
 * Decodes a protobuf request body into the object's JSON form; `undefined`
 * for a kind this server does not decode (the caller answers 415). Throws
 * 400 for a malformed body or a field the tables do not know.
 */
export function decodeProtobuf(body: Buffer): Json {
  if (body.length < MAGIC.length || !body.subarray(0, 4).equals(MAGIC)) {
    throw badRequest('protobuf: the body does not start with the k8s magic');
  }
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  for (const { field, wireType, reader } of readMessageFields(
    body.subarray(4),
  )) {
    if (field === 1 && wireType === 2) {
      for (const meta of readMessageFields(reader.bytes())) {
        if (meta.wireType !== 2) continue;
        if (meta.field === 1) apiVersion = meta.reader.bytes().toString();
        if (meta.field === 2) kind = meta.reader.bytes().toString();
      }
    } else if (field === 2 && wireType === 2) {
      raw = reader.bytes();
    } else if (field === 3 && wireType === 2) {
      if (reader.bytes().length) {
        throw badRequest('protobuf: content encodings are not supported');
      }
    } else {
      reader.skip(wireType);
    }
  }
  if (kind === 'DeleteOptions') {
    return { apiVersion, kind, ...decodeMessage(raw, DELETE_OPTIONS, kind) };
  }
  const schema = KINDS[`${apiVersion}/${kind}`];
  if (!schema) return undefined;
  return { apiVersion, kind, ...decodeMessage(raw, schema, kind) };
}
