import { ConflictError } from '@backstage/errors';
import { KeyMaterialStore } from '../database/KeyMaterialStore';
import { ProjectRecord, ProjectStore } from '../database/ProjectStore';
import { ClusterClient } from '../kubernetes/ClusterClient';
import { ProjectWorker } from '../worker/ProjectWorker';

/** What a rotation needs. */
export type RotationDeps = {
  store: ProjectStore;
  keys: KeyMaterialStore;
  cluster: ClusterClient;
  worker: Pick<ProjectWorker, 'kick'>;
};

/** Rotations change what runs: only a Running project takes one. */
export function requireRunning(project: ProjectRecord, what: string) {
  if (project.phase !== 'Running') {
    throw new ConflictError(
      `Project ${project.namespace}/${project.name} is ${project.phase}; its ${what} can be rotated once it is Running`,
    );
  }
}
