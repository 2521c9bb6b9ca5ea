import { ConflictError, InputError } from '@backstage/errors';
import { ProjectSpec } from '@supabase-backstage/plugin-supabase-common';
import { ProjectRecord, ProjectStore } from '../database/ProjectStore';
import { ClusterClient } from '../kubernetes/ClusterClient';
import { findDependencyProblems } from '../pipeline/dependencyProblems';
import { describeSpecChanges } from '../pipeline/specChanges';
import { ProjectWorker } from '../worker/ProjectWorker';

/**
 * Accepts a new spec for a project: checked against the cluster first (a
 * Secret it names must exist), then stored with a generation bump and a
 * timeline event saying what changed. The pipeline rolls it out. Nothing
 * that runs is touched when the update is refused.
 */
export async function updateProjectSpec(
  deps: {
    store: ProjectStore;
    cluster: ClusterClient;
    worker: Pick<ProjectWorker, 'kick'>;
  },
  project: ProjectRecord,
  requested: ProjectSpec,
): Promise<ProjectRecord> {
  const ref = `${project.namespace}/${project.name}`;
  if (project.phase === 'Deleting') {
    throw new ConflictError(`Project ${ref} is being deleted`);
  }
  // A spec sent without the switch keeps the project's: leaving it out must
  // not turn the legacy keys back on.
  const apiKeys = requested.apiKeys ?? project.spec.apiKeys;
  const spec: ProjectSpec = apiKeys ? { ...requested, apiKeys } : requested;
  const changes = describeSpecChanges(project.spec, spec);
  if (changes.length === 0) return project;

  const { namespaceMissing, problems } = await findDependencyProblems(
    deps.cluster,
    project.namespace,
    spec,
  );
  if (namespaceMissing || problems.length > 0) {
    throw new InputError(
      `Invalid project update: ${[namespaceMissing, ...problems]
        .filter(Boolean)
        .join(' ')} Nothing was changed.`,
    );
  }
  const stored = await deps.store.updateSpec(project.uid, {
    generation: project.generation,
    spec,
    event: {
      reason: 'SpecChanged',
      message: `Generation ${project.generation + 1}: ${changes.join('; ')}`,
    },
  });
  if (!stored) {
    throw new ConflictError(
      `Project ${ref} was changed by someone else meanwhile; reload it and try again`,
    );
  }
  deps.worker.kick(project.uid);
  return (await deps.store.getProjectByUid(project.uid))!;
}
