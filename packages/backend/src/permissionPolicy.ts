import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
  isPermission,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  RESOURCE_TYPE_SUPABASE_PROJECT,
  supabaseProjectReadPermission,
  supabaseSharedServerPermissions,
} from '@supabase-backstage/plugin-supabase-common';
import {
  createSupabaseProjectConditionalDecision,
  supabaseProjectConditions,
} from '@supabase-backstage/plugin-supabase-backend';

/** Members of this group may do everything. */
export const PLATFORM_ADMINS = 'group:default/platform-admins';

/**
 * The demo's policy. Everyone signed in reads every Supabase project and may
 * create one; a project's owners (the owning user, or the members of the
 * owning group) change, delete, rotate, retry, read its logs and reveal its
 * secrets, except a shared server's admin login (its connection string and
 * Studio's credentials there), which only platform admins reveal; platform
 * admins may do everything. Everything outside the
 * Supabase plugin stays allowed, as before.
 */
export class SupabaseOwnerPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const ownership = user?.info.ownershipEntityRefs ?? [];
    if (ownership.includes(PLATFORM_ADMINS)) {
      return { result: AuthorizeResult.ALLOW };
    }
    // A shared server's admin login reaches every owner's database.
    if (
      supabaseSharedServerPermissions.some(p =>
        isPermission(request.permission, p),
      )
    ) {
      return { result: AuthorizeResult.DENY };
    }
    if (
      isResourcePermission(request.permission, RESOURCE_TYPE_SUPABASE_PROJECT)
    ) {
      if (isPermission(request.permission, supabaseProjectReadPermission)) {
        return { result: AuthorizeResult.ALLOW };
      }
      return createSupabaseProjectConditionalDecision(
        request.permission,
        supabaseProjectConditions.isProjectOwner({ claims: ownership }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs SupabaseOwnerPolicy in the permission backend. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'supabase-owner-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new SupabaseOwnerPolicy());
      },
    });
  },
});
