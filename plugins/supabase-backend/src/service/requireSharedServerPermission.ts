import { NotAllowedError } from '@backstage/errors';
import { BasicPermission } from '@backstage/plugin-permission-common';
import {
  SHARED_BY_OWNERS_ANNOTATION,
  stringifyProjectRef,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectRecord } from '../database/ProjectStore';
import { describeDatabaseSecret } from '../pipeline/roleCredentials';
import { DatabaseConnection } from '../resources';

/**
 * On a server the platform shares between owners, what reaches the whole
 * server (its admin login, Studio, the server-wide role passwords) is the
 * platform team's, whoever owns the project: without `permission` the
 * answer is a 403 saying why and who may (docs/decisions/0027). On any
 * other server the project's own permission, checked by the router, decides.
 */
export async function requireSharedServerPermission(
  project: ProjectRecord,
  db: Pick<DatabaseConnection, 'sharedByOwners'> | undefined,
  check: {
    permission: BasicPermission;
    allowed: () => Promise<boolean>;
    /** What reaches beyond the project, e.g. "its admin login reaches every owner's database". */
    reach: string;
    /** What only the platform team may do, e.g. "reveal it". */
    act: string;
  },
): Promise<void> {
  if (!db?.sharedByOwners || (await check.allowed())) return;
  throw new NotAllowedError(
    `${describeDatabaseSecret(project)} of ${stringifyProjectRef(
      project,
    )} names a server the platform shares between owners (${SHARED_BY_OWNERS_ANNOTATION}: "true"), where ${
      check.reach
    }: only the platform team (permission ${check.permission.name}) may ${
      check.act
    }`,
  );
}
