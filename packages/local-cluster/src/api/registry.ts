/**
 * The registry: what the API server does for each verb, between decoding the
 * request and the store (defaulting, validation, optimistic concurrency,
 * generation, status subresources, graceful and cascading deletion).
 * The HTTP router and the in-process controllers both go through it.
 */
import YAML from 'yaml';
import {
  alreadyExists,
  ApiError,
  badRequest,
  conflict,
  forbiddenRequest,
  invalid,
  notFound,
  success,
  unsupportedMediaType,
  type StatusBody,
} from './errors';
import { applyDefaults } from './defaults';
import { jsonPatch, mergePatch, PATCH_TYPES, strategicMerge } from './patch';
import {
  groupVersion,
  NAMESPACES,
  RESOURCE_TYPES,
  SERVICES,
  type ResourceType,
} from './resources';
import { checkAgainstSchema } from './schema';
import { validateObject, validateUpdate } from './validation';
import { jsonEqual } from '../store/jsonEqual';
import { shareUnchanged } from '../store/shareUnchanged';
import type { ObjectStore } from '../store/store';
import {
  fromLabelSelectorObject,
  labelSelectorToString,
  matches,
  parseFieldSelector,
  parseLabelSelector,
  type Selector,
} from '../store/selectors';
import type { Json, KubeObject } from '../types';
import { copyJson, generateName, newUid, timestamp } from '../util';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  dryRun?: boolean;
  fieldValidation?: FieldValidation;
  fieldManager?: string;
}

export interface WriteResult {
  object: KubeObject;
  warnings: string[];
  /** `true` when a PATCH with apply created the object. */
  created?: boolean;
}

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy;
  orphanDependents?: boolean;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export interface DeleteResult {
  body: KubeObject | StatusBody;
  warnings: string[];
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continueToken?: string;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const JOB_WARNING =
  'child pods are preserved by default when jobs are deleted; set propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress this warning';

/** A 400, as the API server decodes it, when a value is not base64. */
function checkBase64(
  type: ResourceType,
  values: Record<string, unknown> | undefined,
): void {
  for (const [key, value] of Object.entries(values ?? {})) {
    if (typeof value !== 'string' || !BASE64.test(value)) {
      throw badRequest(
        `${type.kind} in version "${type.version}" cannot be handled as a ${
          type.kind
        }: illegal base64 data at input byte 0 (key ${JSON.stringify(key)})`,
      );
    }
  }
}

function gr(type: ResourceType) {
  return { group: type.group, resource: type.resource };
}

function podQosClass(spec: Record<string, any>): string {
  const containers = [
    ...(spec?.containers ?? []),
    ...(spec?.initContainers ?? []),
  ];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (!lim[r] || (req[r] !== undefined && req[r] !== lim[r]))
        guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** Parses the `continue` token of a list. */
function decodeContinue(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed.start !== 'string') throw new Error('bad token');
    return parsed.start;
  } catch {
    throw badRequest(
      'continue key is not valid: illegal base64 data at input byte 0',
    );
  }
}

function objectKeyOf(obj: KubeObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** Applies a JSON, merge or strategic merge patch to a copy of an object. */
function applyPatch(ct: string, base: KubeObject, rawBody: string): Json {
  let patch: Json;
  try {
    patch = JSON.parse(rawBody);
  } catch (error) {
    throw badRequest(`error decoding patch: ${(error as Error).message}`);
  }
  let patched: Json;
  if (ct === PATCH_TYPES.json) {
    patched = jsonPatch(base, patch);
  } else {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
      throw badRequest(
        'json: cannot unmarshal array into Go value of type map[string]interface {}',
      );
    }
    patched =
      ct === PATCH_TYPES.merge
        ? mergePatch(base, patch)
        : strategicMerge(base, patch);
  }
  if (
    typeof patched !== 'object' ||
    patched === null ||
    Array.isArray(patched)
  ) {
    throw badRequest('the patched object is not an object');
  }
  patched.metadata ??= {};
  return patched;
}

export class Registry {
  private nextServiceIp = 10;

  constructor(readonly store: ObjectStore) {}

  // ----- reads -------------------------------------------------------------

  /** The stored object: a frozen snapshot, not to be changed. */
  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const found = this.store.peek(
      type,
      type.namespaced ? namespace : undefined,
      name,
    );
    if (!found) throw notFound(gr(type), name);
    return found;
  }

  parseSelector(type: ResourceType, options: ListOptions): Selector {
    return {
      labels: parseLabelSelector(options.labelSelector),
      fields: parseFieldSelector(options.fieldSelector, type),
    };
  }

  /** The stored objects that match (frozen snapshots, not to be changed). */
  list(
    type: ResourceType,
    namespace: string | undefined,
    options: ListOptions = {},
  ): ListResult {
    const selector = this.parseSelector(type, options);
    let items = this.store
      .peekAll(type, type.namespaced ? namespace : undefined)
      .filter(o => matches(selector, o));
    if (options.continueToken) {
      const start = decodeContinue(options.continueToken);
      items = items.filter(o => objectKeyOf(o) > start);
    }
    const result: ListResult = {
      items: [],
      resourceVersion: String(this.store.resourceVersion),
    };
    const limit =
      options.limit && options.limit > 0 ? options.limit : undefined;
    if (limit && items.length > limit) {
      const page = items.slice(0, limit);
      result.remainingItemCount = items.length - limit;
      result.continueToken = Buffer.from(
        JSON.stringify({
          rv: this.store.resourceVersion,
          start: objectKeyOf(page[page.length - 1]),
        }),
      ).toString('base64url');
      items = page;
    }
    result.items = items;
    return result;
  }

  // ----- create ------------------------------------------------------------

  /** Decoding: identity checks, JSON types, unknown fields. */
  private decode(
    type: ResourceType,
    namespace: string | undefined,
    body: Json,
    options: WriteOptions,
  ): { obj: KubeObject; warnings: string[] } {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw badRequest(
        `Object '${'Kind'}' is missing in '${JSON.stringify(body)}'`,
      );
    }
    const gv = groupVersion(type);
    if (body.apiVersion !== undefined && body.apiVersion !== gv) {
      throw badRequest(
        `the API version in the data (${body.apiVersion}) does not match the expected API version (${gv})`,
      );
    }
    if (body.kind !== undefined && body.kind !== type.kind) {
      throw badRequest(
        `${body.kind} in version "${type.version}" cannot be handled as a ${type.kind}: no kind "${body.kind}" is registered for version "${gv}"`,
      );
    }
    const obj = copyJson(body) as KubeObject;
    const unknown = checkAgainstSchema(type.kind, type.version, obj);
    const mode = options.fieldValidation ?? 'Warn';
    const warnings: string[] = [];
    if (unknown.length && mode === 'Strict') {
      throw badRequest(
        `strict decoding error: ${unknown
          .map(f => `unknown field "${f}"`)
          .join(', ')}`,
      );
    }
    if (mode === 'Warn') {
      for (const f of unknown) warnings.push(`unknown field "${f}"`);
    }
    obj.apiVersion = gv;
    obj.kind = type.kind;
    obj.metadata ??= {};
    if (type.namespaced) {
      if (
        obj.metadata.namespace &&
        namespace &&
        obj.metadata.namespace !== namespace
      ) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      obj.metadata.namespace = namespace ?? obj.metadata.namespace;
    } else if (obj.metadata.namespace === '') {
      delete obj.metadata.namespace;
    }
    if (type.kind === 'Secret') {
      checkBase64(type, obj.data);
      if (obj.stringData) {
        obj.data ??= {};
        for (const [key, value] of Object.entries(obj.stringData)) {
          obj.data[key] = Buffer.from(String(value), 'utf8').toString('base64');
        }
        delete obj.stringData;
      }
    }
    if (type.kind === 'ConfigMap') checkBase64(type, obj.binaryData);
    return { obj, warnings };
  }

  private checkNamespace(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ) {
    if (!type.namespaced || !namespace) return;
    const ns = this.store.peek(NAMESPACES, undefined, namespace);
    if (!ns) throw notFound(gr(NAMESPACES), namespace);
    if (ns.metadata.deletionTimestamp) {
      throw forbiddenRequest(
        gr(type),
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
        [
          {
            reason: 'NamespaceTerminating',
            message: `namespace ${namespace} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      );
    }
  }

  private initialStatus(type: ResourceType, obj: KubeObject) {
    switch (type.kind) {
      case 'Pod':
        obj.status = { phase: 'Pending', qosClass: podQosClass(obj.spec) };
        break;
      case 'Namespace':
        obj.status = { phase: 'Active' };
        break;
      case 'Service':
      case 'Ingress':
        obj.status = { loadBalancer: {} };
        break;
      case 'Job':
      case 'Deployment':
      case 'ReplicaSet':
        obj.status = {};
        break;
      default:
        break;
    }
  }

  private allocateClusterIp(): string {
    const used = new Set<string>();
    for (const service of this.store.unordered(SERVICES)) {
      used.add(service.spec?.clusterIP);
    }
    for (;;) {
      const n = this.nextServiceIp++;
      const ip = `10.96.${Math.floor(n / 256) % 256}.${n % 256}`;
      if (n % 256 !== 0 && n % 256 !== 255 && !used.has(ip)) return ip;
    }
  }

  create(
    type: ResourceType,
    namespace: string | undefined,
    body: Json,
    options: WriteOptions = {},
  ): WriteResult {
    const { obj, warnings } = this.decode(type, namespace, body, options);
    const meta = obj.metadata;
    for (const key of [
      'uid',
      'resourceVersion',
      'creationTimestamp',
      'deletionTimestamp',
      'deletionGracePeriodSeconds',
      'generation',
      'selfLink',
      'managedFields',
    ]) {
      delete meta[key];
    }
    const generated = !meta.name && !!meta.generateName;
    if (generated) meta.name = generateName(meta.generateName!);
    this.checkNamespace(
      type,
      meta.namespace,
      meta.name ?? meta.generateName ?? '',
    );
    meta.uid = newUid();

    if (type.kind === 'Job' && obj.spec) {
      const spec = obj.spec;
      if (spec.manualSelector !== true) {
        if (spec.selector) {
          throw invalid(type.kind, type.group, meta.name ?? '', [
            {
              type: 'FieldValueInvalid',
              field: 'spec.selector',
              message: `Invalid value: ${JSON.stringify(
                spec.selector,
              )}: \`selector\` not auto-generated`,
            },
          ]);
        }
        spec.selector = {
          matchLabels: { 'batch.kubernetes.io/controller-uid': meta.uid },
        };
        spec.template ??= {};
        spec.template.metadata ??= {};
        spec.template.metadata.labels = {
          ...spec.template.metadata.labels,
          'batch.kubernetes.io/controller-uid': meta.uid,
          'batch.kubernetes.io/job-name': meta.name ?? '',
          'controller-uid': meta.uid,
          'job-name': meta.name ?? '',
        };
      }
    }
    if (type.statusSubresource) this.initialStatus(type, obj);
    applyDefaults(obj);
    if (type.kind === 'Service' && obj.spec?.type !== 'ExternalName') {
      if (!obj.spec.clusterIP) obj.spec.clusterIP = this.allocateClusterIp();
      obj.spec.clusterIPs ??= [obj.spec.clusterIP];
    }
    const errors = validateObject(type, obj);
    if (errors.length) {
      throw invalid(
        type.kind,
        type.group,
        meta.name ?? meta.generateName ?? '',
        errors,
      );
    }
    if (this.store.peek(type, meta.namespace, meta.name!)) {
      throw alreadyExists(gr(type), meta.name!);
    }
    meta.creationTimestamp = timestamp();
    if (type.hasGeneration) meta.generation = 1;
    if (options.dryRun) return { object: obj, warnings };
    return { object: this.store.insert(type, obj), warnings };
  }

  // ----- update ------------------------------------------------------------

  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: Json,
    options: WriteOptions = {},
    subresource?: 'status',
  ): WriteResult {
    const ns = type.namespaced ? namespace : undefined;
    const existing = this.store.peek(type, ns, name);
    if (!existing) throw notFound(gr(type), name);
    const { obj, warnings } = this.decode(type, ns, body, options);
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    obj.metadata.name = name;
    return {
      object: this.writeUpdate(type, existing, obj, options, subresource),
      warnings,
    };
  }

  /**
   * A status write from inside the cluster (the kubelet, a controller):
   * `current`, the stored object the caller read, with `status` in place of
   * its own. Not decoded: the caller built the status, and the rest of the
   * stored object is shared, not copied. Writes nothing when the status is
   * the same.
   */
  updateStatus(
    type: ResourceType,
    current: KubeObject,
    status: Record<string, any>,
  ): KubeObject {
    const name = current.metadata.name!;
    const existing = this.store.peek(type, current.metadata.namespace, name);
    if (!existing) throw notFound(gr(type), name);
    if (
      existing.metadata.resourceVersion !== current.metadata.resourceVersion
    ) {
      throw conflict(gr(type), name);
    }
    return this.commit(type, existing, { ...existing, status }, {});
  }

  /** Concurrency checks, carry-over of server fields, validation, write. */
  private writeUpdate(
    type: ResourceType,
    existing: KubeObject,
    incoming: KubeObject,
    options: WriteOptions,
    subresource?: 'status',
  ): KubeObject {
    const name = existing.metadata.name!;
    const rv = incoming.metadata.resourceVersion;
    if (
      rv !== undefined &&
      rv !== '' &&
      rv !== existing.metadata.resourceVersion
    ) {
      throw conflict(gr(type), name);
    }
    if (
      incoming.metadata.uid &&
      incoming.metadata.uid !== existing.metadata.uid
    ) {
      throw conflict(
        gr(type),
        name,
        `Precondition failed: UID in precondition: ${incoming.metadata.uid}, UID in object meta: ${existing.metadata.uid}`,
      );
    }
    let obj: KubeObject;
    if (subresource === 'status') {
      obj = { ...existing, status: incoming.status };
    } else {
      obj = incoming;
      const meta = obj.metadata;
      const old = existing.metadata;
      meta.uid = old.uid;
      meta.creationTimestamp = old.creationTimestamp;
      meta.namespace = old.namespace;
      for (const key of [
        'deletionTimestamp',
        'deletionGracePeriodSeconds',
        'generation',
      ] as const) {
        if (old[key] === undefined) delete meta[key];
        else meta[key] = old[key] as never;
      }
      delete meta.managedFields;
      delete meta.selfLink;
      if (type.statusSubresource) obj.status = existing.status;
      if (type.kind === 'Service' && existing.spec?.clusterIP && obj.spec) {
        obj.spec.clusterIP ||= existing.spec.clusterIP;
        obj.spec.clusterIPs ??= existing.spec.clusterIPs;
      }
      if (type.kind === 'Namespace') obj.spec = existing.spec;
      applyDefaults(obj);
      const errors = validateUpdate(type, obj, existing);
      if (errors.length) throw invalid(type.kind, type.group, name, errors);
      if (type.hasGeneration && !jsonEqual(obj.spec, existing.spec)) {
        meta.generation = (old.generation ?? 1) + 1;
      }
      meta.resourceVersion = old.resourceVersion;
    }
    return this.commit(type, existing, obj, options);
  }

  /**
   * Writes `obj` over `existing` unless it changes nothing (then no new
   * resourceVersion and no watch event, as the API server skips a no-op
   * update). `obj` carries `existing`'s resourceVersion; what it does not
   * change is shared with `existing`.
   */
  private commit(
    type: ResourceType,
    existing: KubeObject,
    changed: KubeObject,
    options: WriteOptions,
  ): KubeObject {
    const name = existing.metadata.name!;
    const obj = shareUnchanged(changed, existing);
    if (obj === existing) return existing;
    if (options.dryRun) return obj;
    if (
      obj.metadata.deletionTimestamp &&
      (obj.metadata.finalizers ?? []).length === 0 &&
      type.kind !== 'Pod' &&
      type.kind !== 'Namespace'
    ) {
      return this.store.remove(type, obj.metadata.namespace, name) ?? obj;
    }
    return this.store.replace(type, obj);
  }

  // ----- patch -------------------------------------------------------------

  patch(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    contentType: string,
    rawBody: string,
    options: WriteOptions = {},
    subresource?: 'status',
  ): WriteResult {
    const ct = contentType.split(';')[0].trim().toLowerCase();
    if (ct === PATCH_TYPES.apply) {
      return this.apply(type, namespace, name, rawBody, options, subresource);
    }
    if (
      ct !== PATCH_TYPES.json &&
      ct !== PATCH_TYPES.merge &&
      ct !== PATCH_TYPES.strategic
    ) {
      throw unsupportedMediaType(ct || '(none)');
    }
    const ns = type.namespaced ? namespace : undefined;
    const existing = this.store.peek(type, ns, name);
    if (!existing) throw notFound(gr(type), name);
    // The patch functions build a new object; decoding copies it.
    const patched = applyPatch(ct, existing, rawBody);
    if (patched.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${patched.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const { obj, warnings } = this.decode(type, ns, patched, options);
    return {
      object: this.writeUpdate(type, existing, obj, options, subresource),
      warnings,
    };
  }

  /** Server-side apply, approximated: create, or merge the applied configuration. */
  private apply(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    rawBody: string,
    options: WriteOptions,
    subresource?: 'status',
  ): WriteResult {
    if (!options.fieldManager) {
      throw badRequest(
        'PATCH, application/apply-patch+yaml requires fieldManager to be specified',
      );
    }
    let applied: Json;
    try {
      applied = YAML.parse(rawBody);
    } catch (error) {
      throw badRequest(`error decoding YAML: ${(error as Error).message}`);
    }
    if (
      typeof applied !== 'object' ||
      applied === null ||
      Array.isArray(applied)
    ) {
      throw badRequest('the applied configuration is not an object');
    }
    if (!applied.apiVersion || !applied.kind) {
      throw badRequest('invalid object type: /, Kind=');
    }
    if (
      applied.metadata?.name !== undefined &&
      applied.metadata.name !== name
    ) {
      throw badRequest(
        `the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const ns = type.namespaced ? namespace : undefined;
    const existing = this.store.peek(type, ns, name);
    if (!existing) {
      if (subresource) throw notFound(gr(type), name);
      const body = { ...applied, metadata: { ...applied.metadata, name } };
      return { ...this.create(type, ns, body, options), created: true };
    }
    const merged = strategicMerge(existing, applied);
    const { obj, warnings } = this.decode(type, ns, merged, options);
    if (applied.metadata?.resourceVersion === undefined) {
      obj.metadata.resourceVersion = existing.metadata.resourceVersion;
    }
    return {
      object: this.writeUpdate(type, existing, obj, options, subresource),
      warnings,
    };
  }

  // ----- scale subresource ---------------------------------------------------

  /** The `autoscaling/v1 Scale` of a Deployment or ReplicaSet. */
  getScale(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    return scaleOf(this.get(type, namespace, name));
  }

  /** PUT `.../scale`: sets `spec.replicas` of the parent object. */
  updateScale(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: Json,
    options: WriteOptions = {},
  ): KubeObject {
    const existing = this.store.peek(type, namespace, name);
    if (!existing) throw notFound(gr(type), name);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw badRequest('the body of the request is not a Scale object');
    }
    if (
      (body.apiVersion !== undefined && body.apiVersion !== 'autoscaling/v1') ||
      (body.kind !== undefined && body.kind !== 'Scale')
    ) {
      throw badRequest(
        `${body.kind} in version "${body.apiVersion}" cannot be handled as a Scale`,
      );
    }
    const meta = body.metadata ?? {};
    if (meta.name !== undefined && meta.name !== name) {
      throw badRequest(
        `the name of the object (${meta.name}) does not match the name on the URL (${name})`,
      );
    }
    const replicas = body.spec?.replicas ?? 0;
    if (!Number.isInteger(replicas) || replicas < 0) {
      throw invalid('Scale', 'autoscaling', name, [
        {
          type: 'FieldValueInvalid',
          field: 'spec.replicas',
          message: `Invalid value: ${replicas}: must be greater than or equal to 0`,
        },
      ]);
    }
    const obj = copyJson(existing);
    obj.spec = { ...obj.spec, replicas };
    // The Scale's resourceVersion is the parent's: a precondition on it.
    obj.metadata.resourceVersion = meta.resourceVersion ?? undefined;
    if (meta.uid) obj.metadata.uid = meta.uid;
    return scaleOf(this.writeUpdate(type, existing, obj, options));
  }

  /** PATCH `.../scale`: patches the Scale, then updates as PUT does. */
  patchScale(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    contentType: string,
    rawBody: string,
    options: WriteOptions = {},
  ): KubeObject {
    const ct = contentType.split(';')[0].trim().toLowerCase();
    if (
      ct !== PATCH_TYPES.json &&
      ct !== PATCH_TYPES.merge &&
      ct !== PATCH_TYPES.strategic
    ) {
      throw unsupportedMediaType(ct || '(none)', [
        PATCH_TYPES.json,
        PATCH_TYPES.merge,
        PATCH_TYPES.strategic,
      ]);
    }
    const current = this.getScale(type, namespace, name);
    const patched = applyPatch(ct, current, rawBody);
    return this.updateScale(type, namespace, name, patched, options);
  }

  // ----- namespaces/finalize ---------------------------------------------------

  /** PUT `namespaces/{name}/finalize`: only `spec.finalizers` changes. */
  finalizeNamespace(name: string, body: Json): KubeObject {
    const existing = this.store.peek(NAMESPACES, undefined, name);
    if (!existing) throw notFound(gr(NAMESPACES), name);
    const { obj } = this.decode(NAMESPACES, undefined, body, {});
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    const finalizers = obj.spec?.finalizers ?? [];
    if (
      !Array.isArray(finalizers) ||
      finalizers.some(f => typeof f !== 'string' || !f)
    ) {
      throw invalid('Namespace', '', name, [
        {
          type: 'FieldValueInvalid',
          field: 'spec.finalizers',
          message: `Invalid value: ${JSON.stringify(
            finalizers,
          )}: must be a list of names`,
        },
      ]);
    }
    const rv = obj.metadata.resourceVersion;
    if (rv && rv !== existing.metadata.resourceVersion) {
      throw conflict(gr(NAMESPACES), name);
    }
    return this.commit(
      NAMESPACES,
      existing,
      { ...existing, spec: { ...existing.spec, finalizers } },
      {},
    );
  }

  // ----- delete ------------------------------------------------------------

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions = {},
  ): DeleteResult {
    const ns = type.namespaced ? namespace : undefined;
    const existing = this.store.peek(type, ns, name);
    if (!existing) throw notFound(gr(type), name);
    const pre = options.preconditions ?? {};
    if (pre.uid && pre.uid !== existing.metadata.uid) {
      throw conflict(
        gr(type),
        name,
        `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${existing.metadata.uid}`,
      );
    }
    if (
      pre.resourceVersion &&
      pre.resourceVersion !== existing.metadata.resourceVersion
    ) {
      throw conflict(
        gr(type),
        name,
        `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`,
      );
    }
    const warnings: string[] = [];
    let policy = options.propagationPolicy;
    if (!policy && options.orphanDependents !== undefined) {
      policy = options.orphanDependents ? 'Orphan' : 'Background';
    }
    if (!policy) {
      policy = type.defaultPropagation;
      if (type.kind === 'Job') warnings.push(JOB_WARNING);
    }
    if (!['Foreground', 'Background', 'Orphan'].includes(policy)) {
      throw invalid('DeleteOptions', '', '', [
        {
          type: 'FieldValueNotSupported',
          field: 'propagationPolicy',
          message: `Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
        },
      ]);
    }
    const returnObject = (obj: KubeObject): DeleteResult => ({
      body: obj,
      warnings,
    });
    const deleted = (obj: KubeObject): DeleteResult =>
      type.returnDeletedObject
        ? returnObject(obj)
        : { body: success(gr(type), name, obj.metadata.uid), warnings };

    if (options.dryRun) return returnObject(existing);

    const now = timestamp();
    if (type.kind === 'Namespace') {
      if (existing.metadata.deletionTimestamp) return returnObject(existing);
      return returnObject(
        this.store.replace(type, {
          ...existing,
          metadata: {
            ...existing.metadata,
            deletionTimestamp: now,
            deletionGracePeriodSeconds: 0,
          },
          status: { ...existing.status, phase: 'Terminating' },
        }),
      );
    }

    if (type.kind === 'Pod') {
      const spec = existing.spec ?? {};
      let grace =
        options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
      const phase = existing.status?.phase;
      if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed')
        grace = 0;
      if (grace > 0) {
        const current = existing.metadata.deletionGracePeriodSeconds;
        if (
          existing.metadata.deletionTimestamp &&
          current !== undefined &&
          current <= grace
        ) {
          return returnObject(existing);
        }
        return returnObject(
          this.store.replace(type, {
            ...existing,
            metadata: {
              ...existing.metadata,
              deletionTimestamp: timestamp(new Date(Date.now() + grace * 1000)),
              deletionGracePeriodSeconds: grace,
            },
          }),
        );
      }
    }

    const finalizers = existing.metadata.finalizers ?? [];
    if (
      policy === 'Foreground' ||
      (finalizers.length > 0 && type.kind !== 'Pod')
    ) {
      if (existing.metadata.deletionTimestamp && policy !== 'Foreground') {
        return returnObject(existing);
      }
      const meta = { ...existing.metadata };
      meta.deletionTimestamp ??= now;
      meta.deletionGracePeriodSeconds ??= 0;
      if (
        policy === 'Foreground' &&
        !finalizers.includes(FOREGROUND_FINALIZER)
      ) {
        meta.finalizers = [...finalizers, FOREGROUND_FINALIZER];
      }
      return returnObject(
        this.store.replace(type, { ...existing, metadata: meta }),
      );
    }

    if (policy === 'Orphan') this.orphanDependents(existing);
    const last = this.store.remove(type, ns, name)!;
    return deleted(last);
  }

  /** Removes owner references to `owner` from its dependents. */
  orphanDependents(owner: KubeObject) {
    const uid = owner.metadata.uid!;
    for (const obj of this.store.dependents(uid)) {
      const refs = obj.metadata.ownerReferences ?? [];
      const type = this.typeOf(obj);
      if (!type) continue;
      const meta: KubeObject['metadata'] = {
        ...obj.metadata,
        ownerReferences: refs.filter(r => r.uid !== uid),
      };
      if (meta.ownerReferences!.length === 0) delete meta.ownerReferences;
      this.store.replace(type, { ...obj, metadata: meta });
    }
  }

  typeOf(obj: KubeObject): ResourceType | undefined {
    return RESOURCE_TYPES.find(
      t => groupVersion(t) === obj.apiVersion && t.kind === obj.kind,
    );
  }

  /** Removes an object at once, whatever its state (the kubelet after a graceful delete, controllers). */
  removeNow(type: ResourceType, namespace: string | undefined, name: string) {
    return this.store.remove(
      type,
      type.namespaced ? namespace : undefined,
      name,
    );
  }

  deleteCollection(
    type: ResourceType,
    namespace: string | undefined,
    listOptions: ListOptions,
    options: DeleteOptions,
  ): { items: Array<KubeObject | StatusBody>; warnings: string[] } {
    const { items } = this.list(type, namespace, listOptions);
    const out: Array<KubeObject | StatusBody> = [];
    const warnings = new Set<string>();
    for (const item of items) {
      try {
        const r = this.delete(
          type,
          item.metadata.namespace,
          item.metadata.name!,
          options,
        );
        out.push(r.body);
        r.warnings.forEach(w => warnings.add(w));
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 404)) throw error;
      }
    }
    return { items: out, warnings: [...warnings] };
  }
}

/** The `autoscaling/v1 Scale` view of an object with `spec.replicas`. */
function scaleOf(obj: KubeObject): KubeObject {
  const meta = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: meta.name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
      creationTimestamp: meta.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: {
      replicas: obj.status?.replicas ?? 0,
      selector: labelSelectorToString(
        fromLabelSelectorObject(obj.spec?.selector),
      ),
    },
  };
}
