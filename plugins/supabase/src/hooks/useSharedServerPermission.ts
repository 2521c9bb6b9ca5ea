import { BasicPermission } from '@backstage/plugin-permission-common';
import { usePermission } from '@backstage/plugin-permission-react';

/**
 * Whether the user may do what `permission` says to the database server of
 * a project on a server the platform shares between owners (decision 0027):
 * there the server's admin login and role passwords are the platform's,
 * whoever owns the project. On a server that is not shared, the project's
 * own permission decides alone, so this allows.
 */
export function useSharedServerPermission(
  permission: BasicPermission,
  sharedServer: boolean,
): { allowed: boolean; loading: boolean } {
  // Hooks run on every render: ask always, heed the answer on a shared server.
  const { allowed, loading } = usePermission({ permission });
  if (!sharedServer) return { allowed: true, loading: false };
  return { allowed, loading };
}
