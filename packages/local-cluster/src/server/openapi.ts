/**
 * A minimal OpenAPI v3 publication: one document per group version listing
 * each resource's PATCH operation with its `x-kubernetes-group-version-kind`
 * and the `fieldValidation` parameter. `kubectl` reads exactly this to learn
 * that the server validates fields itself (`--validate=strict` then sends
 * `fieldValidation=Strict` instead of downloading schemas). No schemas are
 * published.
 */
import { createHash } from 'node:crypto';
import {
  groupVersion,
  RESOURCE_TYPES,
  servedGroupVersions,
} from '../api/resources';

function pathKey(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

function documentFor(group: string, version: string) {
  const paths: Record<string, unknown> = {};
  for (const type of RESOURCE_TYPES) {
    if (type.group !== group || type.version !== version) continue;
    const scope = type.namespaced ? 'namespaces/{namespace}/' : '';
    paths[`/${pathKey(group, version)}/${scope}${type.resource}/{name}`] = {
      patch: {
        operationId: `patch${type.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group, version, kind: type.kind },
        parameters: [
          { name: 'dryRun', in: 'query', schema: { type: 'string' } },
          { name: 'fieldManager', in: 'query', schema: { type: 'string' } },
          { name: 'fieldValidation', in: 'query', schema: { type: 'string' } },
          { name: 'force', in: 'query', schema: { type: 'boolean' } },
        ],
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: groupVersion({ group, version }) },
    paths,
  };
}

const DOCUMENTS = new Map(
  servedGroupVersions().map(({ group, version }) => [
    pathKey(group, version),
    documentFor(group, version),
  ]),
);

function hashOf(doc: unknown): string {
  return createHash('sha512')
    .update(JSON.stringify(doc))
    .digest('hex')
    .toUpperCase();
}

/** `GET /openapi/v3`: where each group version's document is. */
export function openApiIndex() {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [key, doc] of DOCUMENTS) {
    paths[key] = {
      serverRelativeURL: `/openapi/v3/${key}?hash=${hashOf(doc)}`,
    };
  }
  return { paths };
}

/** `GET /openapi/v3/{api/v1 | apis/group/version}`. */
export function openApiDocument(key: string) {
  return DOCUMENTS.get(key);
}
