/**
 * Object validation with the API server's rules and wording
 * (k8s.io/apimachinery/pkg/util/validation, pkg/apis/core/validation, ...).
 * Returns field errors; the registry turns them into 422 Invalid.
 */
import {
  duplicate,
  fieldNotFound,
  forbidden,
  invalidValue,
  notSupported,
  required,
  type FieldError,
} from './errors';
import {
  CONFIG_KEY,
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  LABEL_VALUE,
  nameErrors,
  qualifiedNameErrors,
  validateNonNegative,
} from './fieldChecks';
import { IMMUTABLE_JOB_FIELDS, validateJobSpec } from './jobValidation';
import type { ResourceType } from './resources';
import { jsonEqual } from '../store/jsonEqual';
import { fromLabelSelectorObject, matchesLabels } from '../store/selectors';
import type { KubeObject } from '../types';
import { copyJson } from '../util';

export function validateLabels(labels: unknown, path: string): FieldError[] {
  const out: FieldError[] = [];
  if (labels === undefined || labels === null) return out;
  for (const [key, value] of Object.entries(
    labels as Record<string, unknown>,
  )) {
    for (const e of qualifiedNameErrors(key))
      out.push(invalidValue(path, key, e));
    if (typeof value !== 'string') {
      out.push(invalidValue(path, value, 'must be a string'));
      continue;
    }
    if (value.length > 63) {
      out.push(invalidValue(path, value, 'must be no more than 63 characters'));
    }
    if (!LABEL_VALUE.test(value)) {
      out.push(
        invalidValue(
          path,
          value,
          "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ),
      );
    }
  }
  return out;
}

function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  const out: FieldError[] = [];
  if (!annotations) return out;
  let size = 0;
  for (const [key, value] of Object.entries(
    annotations as Record<string, unknown>,
  )) {
    for (const e of qualifiedNameErrors(key.toLowerCase())) {
      out.push(invalidValue(path, key, e));
    }
    size += key.length + String(value).length;
  }
  if (size > 256 * 1024) {
    out.push({
      type: 'FieldValueTooLong',
      field: path,
      message: 'Too long: must have at most 262144 bytes',
    });
  }
  return out;
}

/** Checks `metadata` of a new or updated object. */
export function validateMetadata(
  type: ResourceType,
  obj: KubeObject,
): FieldError[] {
  const out: FieldError[] = [];
  const meta = obj.metadata;
  if (!meta.name) {
    out.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const e of nameErrors(type, meta.name)) {
      out.push(invalidValue('metadata.name', meta.name, e));
    }
  }
  if (type.namespaced && !meta.namespace) {
    out.push(required('metadata.namespace'));
  }
  if (!type.namespaced && meta.namespace) {
    out.push(forbidden('metadata.namespace', 'not allowed on this type'));
  }
  out.push(...validateLabels(meta.labels, 'metadata.labels'));
  out.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  (meta.ownerReferences ?? []).forEach((ref, i) => {
    const p = `metadata.ownerReferences[${i}]`;
    if (!ref.apiVersion)
      out.push(
        invalidValue(`${p}.apiVersion`, '', 'version must not be empty'),
      );
    if (!ref.kind)
      out.push(invalidValue(`${p}.kind`, '', 'kind must not be empty'));
    if (!ref.name)
      out.push(invalidValue(`${p}.name`, '', 'name must not be empty'));
    if (!ref.uid)
      out.push(invalidValue(`${p}.uid`, '', 'uid must not be empty'));
  });
  if ((meta.ownerReferences ?? []).filter(r => r.controller).length > 1) {
    out.push(
      invalidValue(
        'metadata.ownerReferences',
        meta.ownerReferences,
        'Only one reference can have Controller set to true',
      ),
    );
  }
  return out;
}

function validateKeySelector(
  ref: Record<string, unknown>,
  path: string,
  out: FieldError[],
) {
  if (!ref.name) out.push(required(`${path}.name`));
  if (!ref.key) {
    out.push(required(`${path}.key`));
  } else if (!CONFIG_KEY.test(String(ref.key))) {
    out.push(invalidValue(`${path}.key`, ref.key, configKeyMessage()));
  }
}

function configKeyMessage() {
  return "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
}

function validateEnv(env: unknown, path: string, out: FieldError[]) {
  if (!Array.isArray(env)) return;
  env.forEach((e: Record<string, any>, i: number) => {
    const p = `${path}[${i}]`;
    if (!e.name) {
      out.push(required(`${p}.name`));
    } else if (/[=]/.test(e.name) || !/^[\x20-\x7e]+$/.test(e.name)) {
      out.push(
        invalidValue(
          `${p}.name`,
          e.name,
          "a valid environment variable name must consist only of printable ASCII characters other than '='",
        ),
      );
    }
    if (e.valueFrom) {
      const sources = [
        'fieldRef',
        'resourceFieldRef',
        'configMapKeyRef',
        'secretKeyRef',
        'fileKeyRef',
      ].filter(k => e.valueFrom[k]);
      if (e.value) {
        out.push(
          invalidValue(
            `${p}.valueFrom`,
            '',
            'may not be specified when `value` is not empty',
          ),
        );
      }
      if (sources.length === 0) {
        out.push(
          invalidValue(
            `${p}.valueFrom`,
            '',
            'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
          ),
        );
      } else if (sources.length > 1) {
        out.push(
          invalidValue(
            `${p}.valueFrom`,
            '',
            'may not have more than one field specified at a time',
          ),
        );
      }
      if (e.valueFrom.secretKeyRef) {
        validateKeySelector(
          e.valueFrom.secretKeyRef,
          `${p}.valueFrom.secretKeyRef`,
          out,
        );
      }
      if (e.valueFrom.configMapKeyRef) {
        validateKeySelector(
          e.valueFrom.configMapKeyRef,
          `${p}.valueFrom.configMapKeyRef`,
          out,
        );
      }
      if (e.valueFrom.fieldRef) {
        const fp = String(e.valueFrom.fieldRef.fieldPath ?? '');
        const supported = [
          'metadata.name',
          'metadata.namespace',
          'metadata.uid',
          'spec.nodeName',
          'spec.serviceAccountName',
          'status.hostIP',
          'status.hostIPs',
          'status.podIP',
          'status.podIPs',
        ];
        if (!fp) {
          out.push(required(`${p}.valueFrom.fieldRef.fieldPath`));
        } else if (
          !supported.includes(fp) &&
          !/^metadata\.(labels|annotations)\['[^']+'\]$/.test(fp)
        ) {
          out.push(
            notSupported(`${p}.valueFrom.fieldRef.fieldPath`, fp, supported),
          );
        }
      }
    }
  });
}

function validateContainer(
  c: Record<string, any>,
  path: string,
  volumeNames: Set<string>,
  out: FieldError[],
) {
  if (!c.name) {
    out.push(required(`${path}.name`));
  } else {
    for (const e of dns1123LabelErrors(c.name)) {
      out.push(invalidValue(`${path}.name`, c.name, e));
    }
  }
  if (!c.image || !String(c.image).trim()) out.push(required(`${path}.image`));
  for (const key of ['command', 'args']) {
    if (c[key] !== undefined && !Array.isArray(c[key])) {
      out.push(
        invalidValue(`${path}.${key}`, c[key], 'must be a list of strings'),
      );
    }
  }
  validateEnv(c.env, `${path}.env`, out);
  (c.envFrom ?? []).forEach((e: Record<string, any>, i: number) => {
    const p = `${path}.envFrom[${i}]`;
    if (!e.configMapRef && !e.secretRef) {
      out.push(
        invalidValue(
          p,
          '',
          'must specify one of: `configMapRef` or `secretRef`',
        ),
      );
    } else if (e.configMapRef && e.secretRef) {
      out.push(
        invalidValue(
          p,
          '',
          'may not have more than one field specified at a time',
        ),
      );
    }
  });
  const mountPaths = new Set<string>();
  (c.volumeMounts ?? []).forEach((m: Record<string, any>, i: number) => {
    const p = `${path}.volumeMounts[${i}]`;
    if (!m.name) out.push(required(`${p}.name`));
    else if (!volumeNames.has(m.name))
      out.push(fieldNotFound(`${p}.name`, m.name));
    if (!m.mountPath) out.push(required(`${p}.mountPath`));
    else if (mountPaths.has(m.mountPath)) {
      out.push(invalidValue(`${p}.mountPath`, m.mountPath, 'must be unique'));
    } else mountPaths.add(m.mountPath);
    if (
      m.subPath &&
      (String(m.subPath).startsWith('/') ||
        String(m.subPath).split('/').includes('..'))
    ) {
      out.push(
        invalidValue(
          `${p}.subPath`,
          m.subPath,
          "must be a relative path without '..'",
        ),
      );
    }
  });
  (c.ports ?? []).forEach((port: Record<string, any>, i: number) => {
    const p = `${path}.ports[${i}]`;
    const n = port.containerPort;
    if (n === undefined) out.push(required(`${p}.containerPort`));
    else if (!Number.isInteger(n) || n < 1 || n > 65535) {
      out.push(
        invalidValue(
          `${p}.containerPort`,
          n,
          'must be between 1 and 65535, inclusive',
        ),
      );
    }
  });
}

function validateVolumeItems(items: unknown, path: string, out: FieldError[]) {
  if (!Array.isArray(items)) return;
  items.forEach((item: Record<string, any>, i: number) => {
    const p = `${path}[${i}]`;
    if (!item.key) out.push(required(`${p}.key`));
    if (!item.path) {
      out.push(required(`${p}.path`));
    } else if (
      String(item.path).startsWith('/') ||
      String(item.path).split('/').includes('..')
    ) {
      out.push(invalidValue(`${p}.path`, item.path, "must not contain '..'"));
    }
    if (item.mode !== undefined && (item.mode < 0 || item.mode > 0o777)) {
      out.push(
        invalidValue(
          `${p}.mode`,
          item.mode,
          'must be a number between 0 and 0777 (octal), both inclusive',
        ),
      );
    }
  });
}

/** Validates a PodSpec at `path` (`spec` or `spec.template.spec`). */
export function validatePodSpec(
  spec: Record<string, any> | undefined,
  path: string,
): FieldError[] {
  const out: FieldError[] = [];
  if (!spec) return [required(path)];
  const volumeNames = new Set<string>();
  (spec.volumes ?? []).forEach((v: Record<string, any>, i: number) => {
    const p = `${path}.volumes[${i}]`;
    if (!v.name) {
      out.push(required(`${p}.name`));
    } else {
      for (const e of dns1123LabelErrors(v.name))
        out.push(invalidValue(`${p}.name`, v.name, e));
      if (volumeNames.has(v.name)) out.push(duplicate(`${p}.name`, v.name));
      volumeNames.add(v.name);
    }
    const sources = Object.keys(v).filter(k => k !== 'name');
    if (sources.length > 1) {
      out.push(
        forbidden(
          `${p}.${sources[1]}`,
          'may not specify more than 1 volume type',
        ),
      );
    }
    if (v.configMap) {
      if (!v.configMap.name) out.push(required(`${p}.configMap.name`));
      validateVolumeItems(v.configMap.items, `${p}.configMap.items`, out);
    }
    if (v.secret) {
      if (!v.secret.secretName) out.push(required(`${p}.secret.secretName`));
      validateVolumeItems(v.secret.items, `${p}.secret.items`, out);
    }
    for (const src of [v.configMap, v.secret]) {
      const mode = src?.defaultMode;
      if (
        mode !== undefined &&
        (!Number.isInteger(mode) || mode < 0 || mode > 0o777)
      ) {
        out.push(
          invalidValue(
            `${p}.${v.configMap ? 'configMap' : 'secret'}.defaultMode`,
            mode,
            'must be a number between 0 and 0777 (octal), both inclusive',
          ),
        );
      }
    }
  });
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    out.push(required(`${path}.containers`));
  }
  const names = new Set<string>();
  const check = (list: unknown, key: string) => {
    if (!Array.isArray(list)) return;
    list.forEach((c: Record<string, any>, i: number) => {
      const p = `${path}.${key}[${i}]`;
      validateContainer(c, p, volumeNames, out);
      if (c.name && names.has(c.name)) out.push(duplicate(`${p}.name`, c.name));
      if (c.name) names.add(c.name);
    });
  };
  check(spec.initContainers, 'initContainers');
  check(containers, 'containers');
  const policies = ['Always', 'OnFailure', 'Never'];
  if (
    spec.restartPolicy !== undefined &&
    !policies.includes(spec.restartPolicy)
  ) {
    out.push(
      notSupported(`${path}.restartPolicy`, spec.restartPolicy, policies),
    );
  }
  validateNonNegative(
    spec.terminationGracePeriodSeconds,
    `${path}.terminationGracePeriodSeconds`,
    out,
  );
  if (spec.activeDeadlineSeconds !== undefined) {
    if (
      !Number.isInteger(spec.activeDeadlineSeconds) ||
      spec.activeDeadlineSeconds < 1
    ) {
      out.push(
        invalidValue(
          `${path}.activeDeadlineSeconds`,
          spec.activeDeadlineSeconds,
          'must be between 1 and 2147483647, inclusive',
        ),
      );
    }
  }
  return out;
}

function validateTemplate(
  template: Record<string, any> | undefined,
  path: string,
): FieldError[] {
  if (!template) return [required(path)];
  return [
    ...validateLabels(template.metadata?.labels, `${path}.labels`),
    ...validateAnnotations(
      template.metadata?.annotations,
      `${path}.annotations`,
    ),
    ...validatePodSpec(template.spec, `${path}.spec`),
  ];
}

function validateWorkloadSelector(
  spec: Record<string, any>,
  out: FieldError[],
  what: string,
) {
  const sel = spec.selector;
  if (!sel) {
    out.push(required('spec.selector'));
    return;
  }
  const reqs = fromLabelSelectorObject(sel);
  if (reqs.length === 0) {
    out.push(
      invalidValue(
        'spec.selector',
        sel,
        `empty selector is invalid for ${what}`,
      ),
    );
    return;
  }
  const labels = spec.template?.metadata?.labels ?? {};
  if (!matchesLabels(reqs, labels)) {
    out.push(
      invalidValue(
        'spec.template.metadata.labels',
        labels,
        '`selector` does not match template `labels`',
      ),
    );
  }
}

function configDataErrors(obj: KubeObject, fields: string[]): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  let size = 0;
  for (const field of fields) {
    for (const [key, value] of Object.entries(obj[field] ?? {})) {
      if (!CONFIG_KEY.test(key) || key.length > 253) {
        out.push(invalidValue(`${field}[${key}]`, key, configKeyMessage()));
      }
      if (seen.has(key)) {
        out.push(
          invalidValue(
            `${field}[${key}]`,
            key,
            'duplicate of key present in data',
          ),
        );
      }
      seen.add(key);
      size += String(value).length;
    }
  }
  if (size > 1024 * 1024) {
    out.push({
      type: 'FieldValueTooLong',
      field: fields[0],
      message: 'Too long: must have at most 1048576 bytes',
    });
  }
  return out;
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

const PATH_TYPES = ['Exact', 'Prefix', 'ImplementationSpecific'];

/** What the API server checks of a networking.k8s.io/v1 Ingress. */
function validateIngress(obj: KubeObject): FieldError[] {
  const out: FieldError[] = [];
  const spec = obj.spec ?? {};
  const rules: Record<string, any>[] = spec.rules ?? [];
  if (!spec.defaultBackend && rules.length === 0) {
    out.push(
      invalidValue(
        'spec.rules',
        rules,
        'either `defaultBackend` or `rules` must be specified',
      ),
    );
  }
  rules.forEach((rule, i) => {
    const p = `spec.rules[${i}]`;
    if (rule.host) {
      const bare = String(rule.host).replace(/^\*\./, '');
      for (const message of dns1123SubdomainErrors(bare)) {
        out.push(invalidValue(`${p}.host`, rule.host, message));
      }
    }
    const paths: Record<string, any>[] = rule.http?.paths ?? [];
    if (rule.http && paths.length === 0) out.push(required(`${p}.http.paths`));
    paths.forEach((path, j) => {
      const q = `${p}.http.paths[${j}]`;
      if (!PATH_TYPES.includes(path.pathType)) {
        out.push(
          path.pathType
            ? notSupported(`${q}.pathType`, path.pathType, PATH_TYPES)
            : required(`${q}.pathType`, 'pathType must be specified'),
        );
      }
      if (
        path.pathType !== 'ImplementationSpecific' &&
        !String(path.path ?? '').startsWith('/')
      ) {
        out.push(
          invalidValue(`${q}.path`, path.path, 'must be an absolute path'),
        );
      }
      const service = path.backend?.service;
      if (!service && !path.backend?.resource) {
        out.push(required(`${q}.backend`, 'one backend must be specified'));
      } else if (service) {
        if (!service.name) out.push(required(`${q}.backend.service.name`));
        const port = service.port ?? {};
        if ((port.name === undefined) === (port.number === undefined)) {
          out.push(
            required(
              `${q}.backend.service.port`,
              'port name or number is required',
            ),
          );
        }
      }
    });
  });
  (spec.tls ?? []).forEach((tls: Record<string, any>, i: number) => {
    for (const message of tls.secretName
      ? dns1123SubdomainErrors(tls.secretName)
      : []) {
      out.push(
        invalidValue(`spec.tls[${i}].secretName`, tls.secretName, message),
      );
    }
  });
  return out;
}

function validateService(obj: KubeObject): FieldError[] {
  const out: FieldError[] = [];
  const spec = obj.spec ?? {};
  const types = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
  if (spec.type && !types.includes(spec.type)) {
    out.push(notSupported('spec.type', spec.type, types));
  }
  const ports: Record<string, any>[] = spec.ports ?? [];
  if (
    ports.length === 0 &&
    spec.type !== 'ExternalName' &&
    spec.clusterIP !== 'None'
  ) {
    out.push(required('spec.ports'));
  }
  const portNames = new Set<string>();
  ports.forEach((port, i) => {
    const p = `spec.ports[${i}]`;
    if (ports.length > 1 && !port.name) out.push(required(`${p}.name`));
    if (port.name) {
      if (portNames.has(port.name)) out.push(duplicate(`${p}.name`, port.name));
      portNames.add(port.name);
    }
    if (!Number.isInteger(port.port) || port.port < 1 || port.port > 65535) {
      out.push(
        invalidValue(
          `${p}.port`,
          port.port,
          'must be between 1 and 65535, inclusive',
        ),
      );
    }
    if (port.protocol && !PROTOCOLS.includes(port.protocol)) {
      out.push(notSupported(`${p}.protocol`, port.protocol, PROTOCOLS));
    }
  });
  if (spec.type === 'ExternalName' && !spec.externalName) {
    out.push(required('spec.externalName'));
  }
  if (spec.selector)
    out.push(...validateLabels(spec.selector, 'spec.selector'));
  return out;
}

/** Kind-specific checks of a new object (after defaulting). */
export function validateObject(
  type: ResourceType,
  obj: KubeObject,
): FieldError[] {
  const out = validateMetadata(type, obj);
  const spec = obj.spec ?? {};
  switch (type.kind) {
    case 'Pod':
      out.push(...validatePodSpec(obj.spec, 'spec'));
      break;
    case 'Job': {
      out.push(...validateTemplate(spec.template, 'spec.template'));
      out.push(...validateJobSpec(spec));
      if (spec.selector) {
        const labels = spec.template?.metadata?.labels ?? {};
        if (!matchesLabels(fromLabelSelectorObject(spec.selector), labels)) {
          out.push(
            invalidValue(
              'spec.template.metadata.labels',
              labels,
              '`selector` does not match template `labels`',
            ),
          );
        }
      }
      break;
    }
    case 'Deployment':
    case 'ReplicaSet': {
      validateWorkloadSelector(
        spec,
        out,
        type.kind === 'Deployment' ? 'deployment' : 'replicaset',
      );
      out.push(...validateTemplate(spec.template, 'spec.template'));
      const policy = spec.template?.spec?.restartPolicy;
      if (policy !== undefined && policy !== 'Always') {
        out.push(
          notSupported('spec.template.spec.restartPolicy', policy, ['Always']),
        );
      }
      validateNonNegative(spec.replicas, 'spec.replicas', out);
      const strategy = spec.strategy?.type;
      if (
        type.kind === 'Deployment' &&
        strategy &&
        !['Recreate', 'RollingUpdate'].includes(strategy)
      ) {
        out.push(
          notSupported('spec.strategy.type', strategy, [
            'Recreate',
            'RollingUpdate',
          ]),
        );
      }
      break;
    }
    case 'Service':
      out.push(...validateService(obj));
      break;
    case 'Ingress':
      out.push(...validateIngress(obj));
      break;
    case 'Secret':
      out.push(...configDataErrors(obj, ['data']));
      break;
    case 'ConfigMap':
      out.push(...configDataErrors(obj, ['data', 'binaryData']));
      break;
    case 'Event':
      if (!obj.involvedObject) out.push(required('involvedObject'));
      break;
    default:
      break;
  }
  return out;
}

function immutable(path: string, value: unknown): FieldError {
  return invalidValue(path, value, 'field is immutable');
}

/** Checks of an update against the stored object. */
export function validateUpdate(
  type: ResourceType,
  obj: KubeObject,
  old: KubeObject,
): FieldError[] {
  const out = validateObject(type, obj);
  switch (type.kind) {
    case 'Job': {
      if (!jsonEqual(obj.spec?.selector, old.spec?.selector)) {
        out.push(immutable('spec.selector', obj.spec?.selector));
      }
      if (!jsonEqual(obj.spec?.template, old.spec?.template)) {
        out.push(immutable('spec.template', obj.spec?.template));
      }
      if (obj.spec?.completions !== old.spec?.completions) {
        out.push(immutable('spec.completions', obj.spec?.completions));
      }
      for (const field of IMMUTABLE_JOB_FIELDS) {
        if (!jsonEqual(obj.spec?.[field], old.spec?.[field])) {
          out.push(immutable(`spec.${field}`, obj.spec?.[field]));
        }
      }
      break;
    }
    case 'Deployment':
    case 'ReplicaSet':
      if (!jsonEqual(obj.spec?.selector, old.spec?.selector)) {
        out.push(immutable('spec.selector', obj.spec?.selector));
      }
      break;
    case 'Pod': {
      // Only container images (and a few scheduling fields) may change.
      const strip = (spec: Record<string, any>) => {
        const copy = copyJson(spec ?? {});
        for (const c of [
          ...(copy.containers ?? []),
          ...(copy.initContainers ?? []),
        ]) {
          delete c.image;
        }
        delete copy.activeDeadlineSeconds;
        delete copy.tolerations;
        delete copy.terminationGracePeriodSeconds;
        return copy;
      };
      if (!jsonEqual(strip(obj.spec), strip(old.spec))) {
        out.push(
          forbidden(
            'spec',
            'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
          ),
        );
      }
      break;
    }
    case 'Service': {
      const oldIP = old.spec?.clusterIP;
      if (oldIP && obj.spec?.clusterIP !== oldIP) {
        out.push(
          invalidValue(
            'spec.clusterIPs[0]',
            obj.spec?.clusterIPs ?? [obj.spec?.clusterIP],
            'may not change once set',
          ),
        );
      }
      break;
    }
    case 'Secret':
    case 'ConfigMap': {
      if (type.kind === 'Secret' && obj.type !== old.type) {
        out.push(immutable('type', obj.type));
      }
      if (old.immutable === true) {
        if (obj.immutable !== true) {
          out.push(
            forbidden(
              'immutable',
              'field is immutable when `immutable` is set',
            ),
          );
        }
        for (const f of ['data', 'binaryData']) {
          if (!jsonEqual(obj[f] ?? {}, old[f] ?? {})) {
            out.push(
              forbidden(f, 'field is immutable when `immutable` is set'),
            );
          }
        }
      }
      break;
    }
    default:
      break;
  }
  return out;
}
