/**
 * Defaulting done by the API server on create and update
 * (pkg/apis/<group>/v1/defaults.go, trimmed to the fields that matter here).
 */
import type { KubeObject } from '../types';

function imagePullPolicy(image: string): string {
  const lastPart = image.split('/').pop() ?? image;
  if (image.includes('@')) return 'IfNotPresent';
  const tag = lastPart.includes(':') ? lastPart.split(':').pop() : undefined;
  return !tag || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: Record<string, any>) {
  if (c.image && !c.imagePullPolicy)
    c.imagePullPolicy = imagePullPolicy(c.image);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const port of c.ports ?? []) port.protocol ??= 'TCP';
  for (const e of c.env ?? []) {
    if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ??= 'v1';
  }
}

/** Defaults of a PodSpec, in pods and in pod templates. */
export function defaultPodSpec(spec: Record<string, any> | undefined) {
  if (!spec) return;
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const v of spec.volumes ?? []) {
    const sources = Object.keys(v).filter(k => k !== 'name');
    if (sources.length === 0) v.emptyDir = {};
    if (v.configMap) v.configMap.defaultMode ??= 0o644;
    if (v.secret) v.secret.defaultMode ??= 0o644;
    if (v.projected) v.projected.defaultMode ??= 0o644;
    if (v.downwardAPI) v.downwardAPI.defaultMode ??= 0o644;
  }
}

function defaultTemplate(template: Record<string, any> | undefined) {
  if (!template) return;
  template.metadata ??= {};
  defaultPodSpec(template.spec);
}

/** Applies the defaults of the object's kind, in place. */
export function applyDefaults(obj: KubeObject) {
  const spec = obj.spec;
  switch (obj.kind) {
    case 'Pod':
      defaultPodSpec(spec);
      if (spec) {
        spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
        spec.serviceAccount ??= spec.serviceAccountName;
        spec.enableServiceLinks ??= true;
        spec.priority ??= 0;
        spec.preemptionPolicy ??= 'PreemptLowerPriority';
        spec.tolerations ??= [
          {
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 300,
          },
        ];
      }
      break;
    case 'Job':
      if (spec) {
        if (spec.completions === undefined && spec.parallelism === undefined) {
          spec.completions = 1;
          spec.parallelism = 1;
        }
        spec.parallelism ??= 1;
        spec.backoffLimit ??= 6;
        spec.completionMode ??= 'NonIndexed';
        spec.suspend ??= false;
        // Pods matched against a podFailurePolicy must have ended before
        // they are replaced, so that their exit codes are known.
        spec.podReplacementPolicy ??= spec.podFailurePolicy
          ? 'Failed'
          : 'TerminatingOrFailed';
        for (const rule of spec.podFailurePolicy?.rules ?? []) {
          for (const pattern of rule?.onPodConditions ?? []) {
            pattern.status ||= 'True';
          }
        }
        defaultTemplate(spec.template);
      }
      break;
    case 'Deployment':
      if (spec) {
        spec.replicas ??= 1;
        spec.strategy ??= {};
        spec.strategy.type ??= 'RollingUpdate';
        if (spec.strategy.type === 'RollingUpdate') {
          spec.strategy.rollingUpdate ??= {};
          spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
          spec.strategy.rollingUpdate.maxSurge ??= '25%';
        }
        spec.revisionHistoryLimit ??= 10;
        spec.progressDeadlineSeconds ??= 600;
        defaultTemplate(spec.template);
      }
      break;
    case 'ReplicaSet':
      if (spec) {
        spec.replicas ??= 1;
        defaultTemplate(spec.template);
      }
      break;
    case 'Service':
      if (spec) {
        spec.type ??= 'ClusterIP';
        spec.sessionAffinity ??= 'None';
        if (spec.type !== 'ExternalName') {
          spec.internalTrafficPolicy ??= 'Cluster';
          spec.ipFamilyPolicy ??= 'SingleStack';
          spec.ipFamilies ??= ['IPv4'];
        }
        for (const port of spec.ports ?? []) {
          port.protocol ??= 'TCP';
          port.targetPort ??= port.port;
        }
      }
      break;
    case 'Secret':
      obj.type ??= 'Opaque';
      break;
    case 'Namespace':
      obj.metadata.labels = {
        ...obj.metadata.labels,
        'kubernetes.io/metadata.name': obj.metadata.name!,
      };
      obj.spec ??= {};
      obj.spec.finalizers ??= ['kubernetes'];
      break;
    case 'Event':
      obj.type ??= 'Normal';
      obj.count ??= 1;
      break;
    default:
      break;
  }
}
