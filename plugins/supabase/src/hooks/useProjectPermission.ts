import { ResourcePermission } from '@backstage/plugin-permission-common';
import { usePermission } from '@backstage/plugin-permission-react';
import { stringifyProjectRef } from '@supabase-backstage/plugin-supabase-common';
import { ProjectRef } from '../api';

/**
 * Whether the user may do what `permission` says to this project: the
 * policy decides on the project itself (its owner, its namespace), as the
 * backend does on every request.
 */
export function useProjectPermission(
  permission: ResourcePermission,
  projectRef: ProjectRef,
): { allowed: boolean; loading: boolean } {
  const { allowed, loading } = usePermission({
    permission,
    resourceRef: stringifyProjectRef(projectRef),
  });
  return { allowed, loading };
}
