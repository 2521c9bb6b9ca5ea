import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, NotAllowedError } from '@backstage/errors';
import {
  stringifyProjectRef,
  supabaseProjectUpdatePermission,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectRecord, ProjectStore } from '../database/ProjectStore';
import { ProjectAuthorizer } from './ProjectAuthorizer';

/**
 * Refuses an owner the caller could not manage the project as: with the new
 * owner, the caller must still hold `supabase.project.update` on it. Under
 * an owner-based policy that means the caller is the new owner or a member
 * of it; an admin whom the policy allows everything may choose any owner.
 */
export async function requireOwnerWithinReach(
  authorizer: ProjectAuthorizer,
  credentials: BackstageCredentials,
  project: ProjectRecord,
  owner: string,
): Promise<void> {
  const withOwner = { ...project, owner };
  if (
    !(await authorizer.isAllowed(
      credentials,
      supabaseProjectUpdatePermission,
      withOwner,
    ))
  ) {
    throw new NotAllowedError(
      `owner: you may not make ${owner} the owner of ${stringifyProjectRef(
        project,
      )}; choose yourself or a group you are a member of, or ask a platform admin`,
    );
  }
}

/** Gives a project a new owner, on its timeline; the caller checked it. */
export async function changeProjectOwner(
  store: ProjectStore,
  project: ProjectRecord,
  owner: string,
): Promise<ProjectRecord> {
  if (project.phase === 'Deleting') {
    throw new ConflictError(
      `Project ${stringifyProjectRef(project)} is being deleted`,
    );
  }
  if (project.owner === owner) return project;
  await store.changeOwner(project.uid, {
    owner,
    event: {
      reason: 'OwnerChanged',
      message: `Owner: ${project.owner ?? 'none'} → ${owner}`,
    },
  });
  return (await store.getProjectByUid(project.uid))!;
}
