import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  Permission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  supabasePermissions,
  supabaseProjectCreatePermission,
  supabaseProjectReadPermission,
  supabaseSharedServerPermissions,
} from '@supabase-backstage/plugin-supabase-common';
import {
  ProjectRecord,
  supabaseProjectPermissionRules,
} from '@supabase-backstage/plugin-supabase-backend';
import { SupabaseOwnerPolicy } from './permissionPolicy';

const policy = new SupabaseOwnerPolicy();
const admits = createConditionAuthorizer(
  Object.values(supabaseProjectPermissionRules),
);

/** A user as the permission backend hands it over, with their groups. */
function user(name: string, groups: string[]) {
  const ref = `user:default/${name}`;
  return {
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups] },
  };
}

const alice = user('alice', ['group:default/team-a']);
const bob = user('bob', ['group:default/team-b']);
const admin = user('root', ['group:default/platform-admins']);
const project = {
  namespace: 'team-a',
  name: 'shop',
  owner: 'group:default/team-a',
} as ProjectRecord;

async function allowed(
  who: ReturnType<typeof user>,
  permission: Permission,
  resource = project,
) {
  const decision = await policy.handle({ permission }, who);
  return admits(decision, resource);
}

describe('SupabaseOwnerPolicy', () => {
  const changes = supabasePermissions.filter(
    p =>
      p !== supabaseProjectReadPermission &&
      p !== supabaseProjectCreatePermission &&
      !supabaseSharedServerPermissions.some(shared => shared === p),
  );

  it('lets everyone read and create projects', async () => {
    for (const who of [alice, bob]) {
      expect(await allowed(who, supabaseProjectReadPermission)).toBe(true);
      expect(await allowed(who, supabaseProjectCreatePermission)).toBe(true);
    }
  });

  it("lets the owning group's members do the rest, and no one else", async () => {
    expect(changes.map(p => p.name).sort()).toEqual([
      'supabase.project.delete',
      'supabase.project.logs.read',
      'supabase.project.retry',
      'supabase.project.rotate',
      'supabase.project.secrets.read',
      'supabase.project.update',
    ]);
    for (const permission of changes) {
      expect([permission.name, await allowed(alice, permission)]).toEqual([
        permission.name,
        true,
      ]);
      expect([permission.name, await allowed(bob, permission)]).toEqual([
        permission.name,
        false,
      ]);
    }
  });

  it('lets a user who owns a project themselves act on it', async () => {
    const own = { ...project, owner: 'user:default/bob' } as ProjectRecord;
    for (const permission of changes) {
      expect(await allowed(bob, permission, own)).toBe(true);
      expect(await allowed(alice, permission, own)).toBe(false);
    }
  });

  it('lets platform admins do everything', async () => {
    for (const permission of changes) {
      const decision = await policy.handle({ permission }, admin);
      expect(decision.result).toBe(AuthorizeResult.ALLOW);
    }
  });

  it("lets only platform admins reveal a shared server's admin login or rotate its role passwords", async () => {
    expect(supabaseSharedServerPermissions.map(p => p.name).sort()).toEqual([
      'supabase.server.shared.rotate',
      'supabase.server.shared.secrets.read',
    ]);
    for (const permission of supabaseSharedServerPermissions) {
      const decide = async (who: ReturnType<typeof user>) =>
        (await policy.handle({ permission }, who)).result;
      expect(await decide(alice)).toBe(AuthorizeResult.DENY);
      expect(await decide(bob)).toBe(AuthorizeResult.DENY);
      expect(await decide(admin)).toBe(AuthorizeResult.ALLOW);
    }
  });

  it("leaves other plugins' permissions allowed", async () => {
    const decision = await policy.handle(
      { permission: catalogEntityDeletePermission },
      bob,
    );
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });
});
