import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of a Supabase project in the permission framework. A
 * resource ref is the project's `<namespace>/<name>` (stringifyProjectRef).
 *
 * @public
 */
export const RESOURCE_TYPE_SUPABASE_PROJECT = 'supabase-project';

/**
 * Create a Supabase project. A basic permission: there is no project yet to
 * decide on. @public
 */
export const supabaseProjectCreatePermission = createPermission({
  name: 'supabase.project.create',
  attributes: { action: 'create' },
});

/** See a project, its timeline and db-init status. @public */
export const supabaseProjectReadPermission = createPermission({
  name: 'supabase.project.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_SUPABASE_PROJECT,
});

/** Change a project's spec or owner; the change is rolled out. @public */
export const supabaseProjectUpdatePermission = createPermission({
  name: 'supabase.project.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_SUPABASE_PROJECT,
});

/** Delete a project and the cluster objects it owns. @public */
export const supabaseProjectDeletePermission = createPermission({
  name: 'supabase.project.delete',
  attributes: { action: 'delete' },
  resourceType: RESOURCE_TYPE_SUPABASE_PROJECT,
});

/** Read the db-init pod logs, live and archived. @public */
export const supabaseProjectLogsReadPermission = createPermission({
  name: 'supabase.project.logs.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_SUPABASE_PROJECT,
});

/** Rotate a project's JWT secret or its database role passwords. @public */
export const supabaseProjectRotatePermission = createPermission({
  name: 'supabase.project.rotate',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_SUPABASE_PROJECT,
});

/** Retry a Failed project from the dependency checks. @public */
export const supabaseProjectRetryPermission = createPermission({
  name: 'supabase.project.retry',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_SUPABASE_PROJECT,
});

/**
 * Reveal a project's secrets: the database connection string, the
 * service_role key, Studio's dashboard credentials. Every reveal is audited.
 * @public
 */
export const supabaseProjectSecretsReadPermission = createPermission({
  name: 'supabase.project.secrets.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_SUPABASE_PROJECT,
});

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
];
