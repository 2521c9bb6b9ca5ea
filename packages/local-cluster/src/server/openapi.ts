/**
 * The OpenAPI publication: `/openapi/v2` (one Swagger document) and
 * `/openapi/v3` (one document per group version), each with the schemas of
 * the served kinds (see openapiSchemas) and every resource's PATCH
 * operation with its `x-kubernetes-group-version-kind` and the
 * `fieldValidation` parameter. `kubectl explain` reads the schemas;
 * `kubectl apply` reads the parameter to learn that the server validates
 * fields itself (`--validate=strict` then sends `fieldValidation=Strict`).
 */
import { createHash } from 'node:crypto';
import { RESOURCE_TYPES, servedGroupVersions } from '../api/resources';
import { SERVER_VERSION } from './discovery';
import { openApiSchemas, type OpenApiSchema } from './openapiSchemas';

function pathKey(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** A copy of `schema` whose `$ref`s point under `prefix`. */
function withRefs(schema: unknown, prefix: string): unknown {
  if (Array.isArray(schema)) return schema.map(s => withRefs(s, prefix));
  if (!schema || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] = k === '$ref' ? `${prefix}${v}` : withRefs(v, prefix);
  }
  return out;
}

/** The definitions `names` use, themselves included. */
function closure(names: string[]): string[] {
  const { definitions } = openApiSchemas();
  const seen = new Set<string>();
  const visit = (value: unknown) => {
    if (Array.isArray(value)) {
      value.forEach(visit);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === '$ref' && typeof v === 'string' && !seen.has(v)) {
          seen.add(v);
          visit(definitions[v]);
        } else {
          visit(v);
        }
      }
    }
  };
  visit(names.map(name => ({ $ref: name })));
  return [...seen].sort();
}

const PATCH_PARAMETERS = ['dryRun', 'fieldManager', 'fieldValidation', 'force'];

function patchOperations(
  types: typeof RESOURCE_TYPES,
  parameter: (name: string) => OpenApiSchema,
) {
  const paths: Record<string, unknown> = {};
  for (const type of types.filter(t => t.verbs.includes('patch'))) {
    const scope = type.namespaced ? 'namespaces/{namespace}/' : '';
    paths[
      `/${pathKey(type.group, type.version)}/${scope}${type.resource}/{name}`
    ] = {
      patch: {
        operationId: `patch${type.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': {
          group: type.group,
          version: type.version,
          kind: type.kind,
        },
        parameters: PATCH_PARAMETERS.map(parameter),
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return paths;
}

function v3Document(group: string, version: string) {
  const { kinds, definitions } = openApiSchemas();
  const types = RESOURCE_TYPES.filter(
    t => t.group === group && t.version === version,
  );
  const names = types.map(t => kinds.get(`${t.group}/${t.version}/${t.kind}`)!);
  const schemas: Record<string, unknown> = {};
  for (const name of closure(names)) {
    schemas[name] = withRefs(definitions[name], '#/components/schemas/');
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
    paths: patchOperations(types, name => ({
      name,
      in: 'query',
      schema: { type: name === 'force' ? 'boolean' : 'string' },
    })),
    components: { schemas },
  };
}

let v3: Map<string, { document: unknown; hash: string }> | undefined;
let v2: unknown;

function v3Documents() {
  if (!v3) {
    v3 = new Map();
    for (const { group, version } of servedGroupVersions()) {
      const document = v3Document(group, version);
      const hash = createHash('sha512')
        .update(JSON.stringify(document))
        .digest('hex')
        .toUpperCase();
      v3.set(pathKey(group, version), { document, hash });
    }
  }
  return v3;
}

/** `GET /openapi/v3`: where each group version's document is. */
export function openApiIndex() {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [key, { hash }] of v3Documents()) {
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  }
  return { paths };
}

/** `GET /openapi/v3/{api/v1 | apis/group/version}`. */
export function openApiDocument(key: string) {
  return v3Documents().get(key)?.document;
}

/** `GET /openapi/v2`: one Swagger 2.0 document for everything served. */
export function openApiV2() {
  if (!v2) {
    const { definitions } = openApiSchemas();
    const all: Record<string, unknown> = {};
    for (const [name, schema] of Object.entries(definitions)) {
      all[name] = withRefs(schema, '#/definitions/');
    }
    v2 = {
      swagger: '2.0',
      info: { title: 'Kubernetes', version: SERVER_VERSION.gitVersion },
      paths: patchOperations(RESOURCE_TYPES, name => ({
        name,
        in: 'query',
        type: name === 'force' ? 'boolean' : 'string',
        uniqueItems: true,
      })),
      definitions: all,
    };
  }
  return v2;
}
