import {
  HttpAuthService,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import { PermissionPolicy } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  RESOURCE_TYPE_SUPABASE_PROJECT,
  supabaseProjectReadPermission,
  supabaseSharedServerPermissions,
} from '@supabase-backstage/plugin-supabase-common';
import {
  createSupabaseProjectConditionalDecision,
  supabaseProjectConditions,
} from '../permissions';

/**
 * Who belongs to which group, as the catalog would say: the ownership refs
 * the permission backend hands to the policy.
 */
export const TEST_ORG: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-a'],
  'user:default/bob': ['group:default/team-b'],
  'user:default/root': ['group:default/platform-admins'],
  'user:default/carol': ['group:default/team-c'],
};

/** User info from TEST_ORG: the user and their groups. */
export const testOrgUserInfo = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const principal = credentials.principal as { userEntityRef: string };
      const ref = principal.userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(TEST_ORG[ref] ?? [])],
      };
    },
  }),
});

/**
 * The owner policy, as an adopter writes it with the plugin's conditions:
 * platform admins may do everything (and alone reveal a shared server's
 * admin login); everyone reads; owners do the rest.
 * `restrictReadToNamespace` narrows reading for the users it names.
 */
export function ownerPolicy(
  options: { restrictReadToNamespace?: Record<string, string> } = {},
): PermissionPolicy {
  return {
    async handle(request, user) {
      const refs = user?.info.ownershipEntityRefs ?? [];
      if (refs.includes('group:default/platform-admins')) {
        return { result: AuthorizeResult.ALLOW };
      }
      if (
        supabaseSharedServerPermissions.some(p =>
          isPermission(request.permission, p),
        )
      ) {
        return { result: AuthorizeResult.DENY };
      }
      const readNamespace =
        options.restrictReadToNamespace?.[user?.info.userEntityRef ?? ''];
      if (isPermission(request.permission, supabaseProjectReadPermission)) {
        return readNamespace
          ? createSupabaseProjectConditionalDecision(
              request.permission,
              supabaseProjectConditions.hasNamespace({
                namespace: readNamespace,
              }),
            )
          : { result: AuthorizeResult.ALLOW };
      }
      if (
        isResourcePermission(request.permission, RESOURCE_TYPE_SUPABASE_PROJECT)
      ) {
        return createSupabaseProjectConditionalDecision(
          request.permission,
          supabaseProjectConditions.isProjectOwner({ claims: refs }),
        );
      }
      return { result: AuthorizeResult.ALLOW };
    },
  };
}

/** The permission backend's module that installs a policy. */
export function policyModule(policy: PermissionPolicy) {
  return createBackendModule({
    pluginId: 'permission',
    moduleId: 'supabase-test-policy',
    register(reg) {
      reg.registerInit({
        deps: { policies: policyExtensionPoint },
        async init({ policies }) {
          policies.setPolicy(policy);
        },
      });
    },
  });
}

const SERVICE_TOKEN_PREFIX = 'mock-service-token:';

/**
 * Mock HTTP auth whose on-behalf-of tokens keep the calling plugin as the
 * actor, as Backstage's real tokens do. The permission backend answers
 * conditional queries only to a plugin acting for a user (the catalog's
 * way); the stock mock drops the actor.
 */
export const actorKeepingHttpAuth = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }): HttpAuthService => {
    const inner = mockServices.httpAuth({ pluginId: plugin.getId() });
    return {
      issueUserCookie: (res, options) => inner.issueUserCookie(res, options),
      async credentials(req, options) {
        const credentials = await inner.credentials(req, options);
        const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
        if (token?.[1].startsWith(SERVICE_TOKEN_PREFIX)) {
          const { obo } = JSON.parse(
            token[1].slice(SERVICE_TOKEN_PREFIX.length),
          );
          if (obo) {
            // The mock token does not name the calling plugin.
            return mockCredentials.user(obo, {
              actor: { subject: 'plugin:caller' },
            }) as typeof credentials;
          }
        }
        return credentials;
      },
    };
  },
});
