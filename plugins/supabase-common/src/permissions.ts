import { createPermission } from '@backstage/plugin-permission-common';

/** Create a Supabase project. @public */
export const supabaseProjectCreatePermission = createPermission({
  name: 'supabase.project.create',
  attributes: { action: 'create' },
});

/** See projects, their timeline and db-init status. @public */
export const supabaseProjectReadPermission = createPermission({
  name: 'supabase.project.read',
  attributes: { action: 'read' },
});

/** Change a project's spec; the change is rolled out. @public */
export const supabaseProjectUpdatePermission = createPermission({
  name: 'supabase.project.update',
  attributes: { action: 'update' },
});

/** Delete a project and the cluster objects it owns. @public */
export const supabaseProjectDeletePermission = createPermission({
  name: 'supabase.project.delete',
  attributes: { action: 'delete' },
});

/** Read the db-init pod logs, live and archived. @public */
export const supabaseProjectLogsReadPermission = createPermission({
  name: 'supabase.project.logs.read',
  attributes: { action: 'read' },
});

/** Every permission of the plugin, for `permissionsRegistry.addPermissions`. @public */
export const supabasePermissions = [
  supabaseProjectCreatePermission,
  supabaseProjectReadPermission,
  supabaseProjectUpdatePermission,
  supabaseProjectDeletePermission,
  supabaseProjectLogsReadPermission,
];
