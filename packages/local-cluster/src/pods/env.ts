/**
 * A container's environment, resolved the way the kubelet does it
 * (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables): `envFrom` first,
 * then `env` in order, `$(VAR)` references expanded against what is defined
 * before, `$$` as an escaped `$`.
 */
import type { KubeObject } from '../types';

/** A container cannot be configured; the kubelet reports CreateContainerConfigError. */
export class ContainerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerConfigError';
  }
}

/** Reads Secrets and ConfigMaps of the pod's namespace. */
export interface ObjectLookup {
  secret(namespace: string, name: string): KubeObject | undefined;
  configMap(namespace: string, name: string): KubeObject | undefined;
}

/**
 * Expands `$(VAR)` as k8s.io/kubernetes/third_party/forked/golang/expansion:
 * unknown references stay as written, `$$` becomes `$`, a lone `$` stays.
 */
export function expand(
  input: string,
  lookup: (name: string) => string | undefined,
): string {
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] === '$' && cursor + 1 < input.length) {
      out += input.slice(checkpoint, cursor);
      const rest = input.slice(cursor + 1);
      let read: string;
      let advance: number;
      if (rest[0] === '$') {
        read = '$';
        advance = 1;
      } else if (rest[0] === '(') {
        const close = rest.indexOf(')', 1);
        if (close >= 0) {
          const name = rest.slice(1, close);
          const value = lookup(name);
          read = value !== undefined ? value : `$(${name})`;
          advance = close + 1;
        } else {
          read = '$(';
          advance = 1;
        }
      } else {
        read = `$${rest[0]}`;
        advance = 1;
      }
      out += read;
      cursor += advance;
      checkpoint = cursor + 1;
    }
  }
  return out + input.slice(checkpoint);
}

function decodeSecretValue(value: string): string {
  return Buffer.from(value, 'base64').toString('utf8');
}

function fieldRefValue(pod: KubeObject, fieldPath: string): string {
  const meta = pod.metadata;
  const m = /^metadata\.(labels|annotations)\['([^']+)'\]$/.exec(fieldPath);
  if (m) return (meta[m[1] as 'labels' | 'annotations'] ?? {})[m[2]] ?? '';
  switch (fieldPath) {
    case 'metadata.name':
      return meta.name ?? '';
    case 'metadata.namespace':
      return meta.namespace ?? '';
    case 'metadata.uid':
      return meta.uid ?? '';
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    case 'status.hostIPs':
      return (pod.status?.hostIPs ?? [])
        .map((i: { ip: string }) => i.ip)
        .join(',');
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.podIPs':
      return (pod.status?.podIPs ?? [])
        .map((i: { ip: string }) => i.ip)
        .join(',');
    default:
      throw new ContainerConfigError(`unsupported fieldPath: ${fieldPath}`);
  }
}

function resourceFieldValue(
  container: Record<string, any>,
  ref: { resource?: string; divisor?: string },
): string {
  const [kind, name] = String(ref.resource ?? '').split('.');
  const value = container.resources?.[kind]?.[name];
  if (value !== undefined) return String(value);
  // Unset limits default to the node's allocatable, as in Kubernetes.
  if (name === 'cpu') return kind === 'requests' ? '0' : '4';
  if (name === 'memory')
    return kind === 'requests' ? '0' : String(8 * 1024 ** 3);
  return '0';
}

/** Returns the environment, in definition order; throws ContainerConfigError. */
export function resolveEnv(
  pod: KubeObject,
  container: Record<string, any>,
  lookup: ObjectLookup,
): Array<[string, string]> {
  const namespace = pod.metadata.namespace!;
  const env = new Map<string, string>();
  for (const source of container.envFrom ?? []) {
    const prefix: string = source.prefix ?? '';
    if (source.configMapRef) {
      const cm = lookup.configMap(namespace, source.configMapRef.name);
      if (!cm) {
        if (source.configMapRef.optional) continue;
        throw new ContainerConfigError(
          `configmap "${source.configMapRef.name}" not found`,
        );
      }
      for (const [k, v] of Object.entries(cm.data ?? {}))
        env.set(prefix + k, String(v));
    } else if (source.secretRef) {
      const secret = lookup.secret(namespace, source.secretRef.name);
      if (!secret) {
        if (source.secretRef.optional) continue;
        throw new ContainerConfigError(
          `secret "${source.secretRef.name}" not found`,
        );
      }
      for (const [k, v] of Object.entries(secret.data ?? {})) {
        env.set(prefix + k, decodeSecretValue(String(v)));
      }
    }
  }
  for (const e of container.env ?? []) {
    const from = e.valueFrom;
    if (!from) {
      env.set(
        e.name,
        expand(String(e.value ?? ''), name => env.get(name)),
      );
      continue;
    }
    if (from.secretKeyRef) {
      const ref = from.secretKeyRef;
      const secret = lookup.secret(namespace, ref.name);
      if (!secret) {
        if (ref.optional) continue;
        throw new ContainerConfigError(`secret "${ref.name}" not found`);
      }
      const value = secret.data?.[ref.key];
      if (value === undefined) {
        if (ref.optional) continue;
        throw new ContainerConfigError(
          `couldn't find key ${ref.key} in Secret ${namespace}/${ref.name}`,
        );
      }
      env.set(e.name, decodeSecretValue(String(value)));
    } else if (from.configMapKeyRef) {
      const ref = from.configMapKeyRef;
      const cm = lookup.configMap(namespace, ref.name);
      if (!cm) {
        if (ref.optional) continue;
        throw new ContainerConfigError(`configmap "${ref.name}" not found`);
      }
      let value = cm.data?.[ref.key];
      if (value === undefined && cm.binaryData?.[ref.key] !== undefined) {
        value = Buffer.from(cm.binaryData[ref.key], 'base64').toString('utf8');
      }
      if (value === undefined) {
        if (ref.optional) continue;
        throw new ContainerConfigError(
          `couldn't find key ${ref.key} in ConfigMap ${namespace}/${ref.name}`,
        );
      }
      env.set(e.name, String(value));
    } else if (from.fieldRef) {
      env.set(e.name, fieldRefValue(pod, from.fieldRef.fieldPath));
    } else if (from.resourceFieldRef) {
      env.set(e.name, resourceFieldValue(container, from.resourceFieldRef));
    }
  }
  return [...env.entries()];
}
