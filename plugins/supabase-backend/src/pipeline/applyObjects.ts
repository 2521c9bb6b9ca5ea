import type { KubernetesObject } from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { PipelineContext } from './types';

/** Hash of what we last wrote, to tell drift from our own change. */
export const APPLIED_HASH_ANNOTATION = 'supabase.backstage.io/applied-hash';

/** What applying changed. */
export interface ApplyResult {
  created: string[];
  updated: string[];
}

/**
 * Makes the cluster hold the desired objects: creates what is missing and
 * replaces what differs from what we last applied. Objects that match are
 * not written, so a steady state costs reads only.
 */
export async function applyObjects(
  ctx: PipelineContext,
  objects: KubernetesObject[],
): Promise<ApplyResult> {
  const result: ApplyResult = { created: [], updated: [] };
  for (const desired of objects) {
    const hash = hashOf(desired);
    const annotated = withAnnotation(desired, hash);
    const { object: current, created } = await ctx.cluster.ensure(annotated);
    const label = `${desired.kind} ${desired.metadata?.name}`;
    if (created) {
      result.created.push(label);
    } else if (
      current.metadata?.annotations?.[APPLIED_HASH_ANNOTATION] !== hash ||
      !sameSecretData(current, desired)
    ) {
      annotated.metadata!.resourceVersion = current.metadata?.resourceVersion;
      await ctx.cluster.replace(annotated);
      result.updated.push(label);
    }
  }
  return result;
}

/**
 * A Secret's values are left out of the hash: an unsalted hash of a weak
 * password in an annotation could be reversed. They are compared directly.
 */
function hashOf(object: KubernetesObject): string {
  const { data, stringData, ...rest } = object as KubernetesObject & {
    data?: unknown;
    stringData?: unknown;
  };
  const hashed =
    object.kind === 'Secret' ? rest : { ...rest, data, stringData };
  return createHash('sha256')
    .update(JSON.stringify(hashed))
    .digest('hex')
    .slice(0, 32);
}

function sameSecretData(
  current: KubernetesObject,
  desired: KubernetesObject,
): boolean {
  if (desired.kind !== 'Secret') return true;
  const a = (current as { data?: Record<string, string> }).data ?? {};
  const b = (desired as { data?: Record<string, string> }).data ?? {};
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every(key => a[key] === b[key]);
}

function withAnnotation<T extends KubernetesObject>(
  object: T,
  hash: string,
): T {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      annotations: {
        ...object.metadata?.annotations,
        [APPLIED_HASH_ANNOTATION]: hash,
      },
    },
  };
}
