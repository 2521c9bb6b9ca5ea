import type { V1Secret } from '@kubernetes/client-node';
import { KeyMaterialStore } from '../database/KeyMaterialStore';
import { ProjectRecord } from '../database/ProjectStore';
import { UnreadableSecretError } from '../database/SecretsCipher';
import { ClusterClient } from '../kubernetes/ClusterClient';
import {
  ProjectKeys,
  completeProjectKeys,
  missingProjectKeys,
  objectNames,
} from '../resources';
import { setWarning } from './projectWarnings';
import { secretData } from './secretData';
import { PipelineContext } from './types';

/** The warning of a project whose keys are gone from the store and the cluster. */
export const KEY_MATERIAL_MISSING = 'KeyMaterialMissing';
/** The warning of a project whose stored keys cannot be decrypted. */
const KEY_MATERIAL_UNREADABLE = 'KeyMaterialUnreadable';

/** What is known of a project's keys. */
export interface KnownKeys {
  keys?: ProjectKeys;
  /** The keys were taken over from the cluster Secret just now. */
  adopted: boolean;
  /** Keys the stored set lacked (a project from before them), made just now. */
  completed?: string[];
}

/**
 * A project's keys as the store keeps them. A project from before the store
 * kept them has them only in its `<project>-jwt` Secret: they are adopted
 * into the store as they are (what the Secret lacks is generated, it never
 * existed). Undefined keys: neither copy exists.
 */
export async function readOrAdoptKeys(
  deps: { keys: KeyMaterialStore; cluster: ClusterClient },
  project: ProjectRecord,
): Promise<KnownKeys> {
  const stored = await deps.keys.get(project.uid);
  if (stored) {
    const missing = missingProjectKeys(stored);
    if (missing.length === 0) {
      return { keys: stored as ProjectKeys, adopted: false };
    }
    // A set from before the new API keys: what it lacks never existed and
    // is made once, in the store first; nothing it has changes.
    const completed = await completeProjectKeys(stored);
    await deps.keys.replace(project.uid, completed);
    return { keys: completed, adopted: false, completed: missing };
  }
  const secret = await deps.cluster.get<V1Secret>({
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: project.namespace,
    name: objectNames(project.name).jwtSecret,
  });
  const values = secret ? secretData(secret) : {};
  if (!values.jwtSecret) return { adopted: false };
  const keys = await deps.keys.create(
    project.uid,
    await completeProjectKeys(values),
  );
  return { keys: keys as ProjectKeys, adopted: true };
}

/**
 * The keys the pipeline writes into `<project>-jwt`: the store's, never new
 * ones behind anyone's back. A project that never had keys gets them here,
 * in the store first. When both copies are gone, or the stored ones cannot
 * be decrypted, the project says so (a warning and a timeline event) and
 * waits: undefined. Only an explicit action (rotate-jwt-secret) makes new
 * keys then.
 */
export async function projectKeys(
  ctx: PipelineContext,
  project: ProjectRecord,
): Promise<ProjectKeys | undefined> {
  let known: KnownKeys;
  try {
    known = await readOrAdoptKeys(ctx, project);
  } catch (error) {
    if (!(error instanceof UnreadableSecretError)) throw error;
    await warnOnce(ctx, project, KEY_MATERIAL_UNREADABLE, {
      reason: 'KeyMaterialUnreadable',
      message: `${error.message}. Nothing was changed; the project waits.`,
    });
    return undefined;
  }
  await setWarning(ctx, project, KEY_MATERIAL_UNREADABLE, undefined);
  if (known.adopted) {
    await ctx.store.addEvent(project.uid, {
      reason: 'KeyMaterialAdopted',
      message: `The keys in Secret ${
        objectNames(project.name).jwtSecret
      } are now kept in Backstage's store too, which restores them if the Secret is deleted or changed`,
    });
  }
  if (known.completed) {
    await ctx.store.addEvent(project.uid, {
      reason: 'KeyMaterialCompleted',
      message: `New keys made for the project, kept with the others: ${known.completed.join(
        ', ',
      )}. The keys it had are unchanged.`,
    });
  }
  let keys = known.keys;
  if (!keys) {
    if (await everHadKeys(ctx, project)) {
      await warnOnce(ctx, project, KEY_MATERIAL_MISSING, {
        reason: 'KeyMaterialLost',
        message: `The project's keys are gone from Backstage's store and from Secret ${
          objectNames(project.name).jwtSecret
        }. Nothing was regenerated: clients and data may still depend on the old keys. Restore the Secret or the store's row, or make new keys with rotate-jwt-secret (Rotate keys).`,
      });
      return undefined;
    }
    keys = (await ctx.keys.create(
      project.uid,
      await completeProjectKeys({}),
    )) as ProjectKeys;
  }
  await setWarning(ctx, project, KEY_MATERIAL_MISSING, undefined);
  return keys;
}

/**
 * A project that has run db-init (or is running it) had keys: its database
 * and clients may hold them.
 */
async function everHadKeys(ctx: PipelineContext, project: ProjectRecord) {
  if (project.appliedSqlVersion) return true;
  return (await ctx.store.listRuns(project.uid)).length > 0;
}

/** Shows the warning, and records it on the timeline when it is new. */
async function warnOnce(
  ctx: PipelineContext,
  project: ProjectRecord,
  code: string,
  event: { reason: string; message: string },
) {
  if (await setWarning(ctx, project, code, event.message)) {
    await ctx.store.addEvent(project.uid, event);
    ctx.logger.warn(
      `Project ${project.namespace}/${project.name}: ${event.message}`,
    );
  }
}
