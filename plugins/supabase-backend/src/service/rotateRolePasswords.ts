import { ConflictError } from '@backstage/errors';
import { supabaseSharedServerRotatePermission } from '@supabase-backstage/plugin-supabase-common';
import { ProjectRecord } from '../database/ProjectStore';
import {
  describeDatabaseSecret,
  readDatabaseConnection,
} from '../pipeline/roleCredentials';
import { credentialsKey } from '../resources';
import { requireRunning, RotationDeps } from './requireRunning';
import { requireSharedServerPermission } from './requireSharedServerPermission';

/**
 * Moves the database credentials a Running project uses to their next
 * role-password generation. The roles are server-wide, so every project
 * using the same credentials moves with it; the pipeline follows by itself
 * for each: a db-init run sets the new passwords in the database
 * (01-roles.sql), then the roles Secret gets them and the components
 * restart with them (the roles-version annotation). On a server the
 * platform shares between owners that restarts other owners' projects, so
 * only whom `mayRotateSharedServer` admits, the platform team, may
 * (docs/decisions/0027).
 */
export async function rotateRolePasswords(
  deps: RotationDeps & { mayRotateSharedServer: () => Promise<boolean> },
  project: ProjectRecord,
): Promise<ProjectRecord> {
  requireRunning(project, 'database role passwords');
  const connection = await readDatabaseConnection(deps.cluster, project);
  if (!connection) {
    throw new ConflictError(
      `${describeDatabaseSecret(project)} is missing; create it again first`,
    );
  }
  // The roles are server-wide: on a shared server, every owner's projects.
  await requireSharedServerPermission(project, connection, {
    permission: supabaseSharedServerRotatePermission,
    allowed: deps.mayRotateSharedServer,
    reach: "new role passwords restart every owner's projects",
    act: 'rotate them',
  });
  const generation = await deps.store.advanceRolePasswordGeneration(
    credentialsKey(connection),
  );
  await deps.store.addEvent(project.uid, {
    reason: 'RolePasswordsRotated',
    message: `New passwords for the database roles the components use (generation ${generation}). The database and the components follow, here and in every project that uses the same database credentials.`,
  });
  // The projects sharing the credentials follow now, not at the next resync.
  for (const uid of await deps.store.listProjectUids()) deps.worker.kick(uid);
  return (await deps.store.getProjectByUid(project.uid))!;
}
