import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of a Supabase project in the permission framework. A
 * resource ref is the project's `<namespace>/<name>` (stringifyProjectRef).
 *
 * @public
 */
export const RESOURCE_TYPE_SUPABASE_PROJECT = 'supabase-project';

/** A permission decided on one project (a resource permission). */
function projectPermission(name: string, action: 'read' | 'update' | 'delete') {
  return createPermission({
    name,
    attributes: { action },
    resourceType: RESOURCE_TYPE_SUPABASE_PROJECT,
  });
}

/**
 * Create a Supabase project. A basic permission: there is no project yet to
 * decide on. @public
 */
export const supabaseProjectCreatePermission = createPermission({
  name: 'supabase.project.create',
  attributes: { action: 'create' },
});

/** See a project, its timeline and db-init status. @public */
export const supabaseProjectReadPermission = projectPermission(
  'supabase.project.read',
  'read',
);

/** Change a project's spec or owner; the change is rolled out. @public */
export const supabaseProjectUpdatePermission = projectPermission(
  'supabase.project.update',
  'update',
);

/** Delete a project and the cluster objects it owns. @public */
export const supabaseProjectDeletePermission = projectPermission(
  'supabase.project.delete',
  'delete',
);

/** Read the db-init pod logs, live and archived. @public */
export const supabaseProjectLogsReadPermission = projectPermission(
  'supabase.project.logs.read',
  'read',
);

/** Rotate a project's JWT secret or its database role passwords. @public */
export const supabaseProjectRotatePermission = projectPermission(
  'supabase.project.rotate',
  'update',
);

/** Retry a Failed project from the dependency checks. @public */
export const supabaseProjectRetryPermission = projectPermission(
  'supabase.project.retry',
  'update',
);

/**
 * Reveal a project's secrets: the database connection string, the
 * service_role key, Studio's dashboard credentials. Every reveal is audited.
 * @public
 */
export const supabaseProjectSecretsReadPermission = projectPermission(
  'supabase.project.secrets.read',
  'read',
);

/**
 * Reveal the admin login of a database server that the platform shares
 * between owners (its Secret says `supabase.backstage.io/shared-by-owners:
 * "true"`): a project's connection string there, and Studio's credentials
 * (Studio works as supabase_admin). Both reach every owner's database on the
 * server, so a project's own `supabase.project.secrets.read` is not enough.
 * A basic permission, for the platform team. @public
 */
export const supabaseSharedServerSecretsReadPermission = createPermission({
  name: 'supabase.server.shared.secrets.read',
  attributes: { action: 'read' },
});

/**
 * Rotate the role passwords of a database server that the platform shares
 * between owners: the roles are server-wide, so every owner's projects there
 * get new passwords and restart. A project's own `supabase.project.rotate`
 * is not enough. A basic permission, for the platform team. @public
 */
export const supabaseSharedServerRotatePermission = createPermission({
  name: 'supabase.server.shared.rotate',
  attributes: { action: 'update' },
});

/**
 * The permissions that act on a whole shared server rather than on one
 * project: a policy gives them to the platform team only. @public
 */
export const supabaseSharedServerPermissions = [
  supabaseSharedServerSecretsReadPermission,
  supabaseSharedServerRotatePermission,
];

/** Every permission of the plugin, for `permissionsRegistry`. @public */
export const supabasePermissions = [
  supabaseProjectCreatePermission,
  supabaseProjectReadPermission,
  supabaseProjectUpdatePermission,
  supabaseProjectDeletePermission,
  supabaseProjectLogsReadPermission,
  supabaseProjectRotatePermission,
  supabaseProjectRetryPermission,
  supabaseProjectSecretsReadPermission,
  ...supabaseSharedServerPermissions,
];
