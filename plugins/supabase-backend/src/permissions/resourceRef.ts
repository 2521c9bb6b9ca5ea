import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { RESOURCE_TYPE_SUPABASE_PROJECT } from '@supabase-backstage/plugin-supabase-common';
import { ProjectFilter, ProjectRecord } from '../database/ProjectStore';

/**
 * The `supabase-project` resource type: rules apply to a stored project and
 * turn into the store's ProjectFilter, so that conditional decisions filter
 * the list query itself.
 *
 * @public
 */
export const supabaseProjectPermissionResourceRef = createPermissionResourceRef<
  ProjectRecord,
  ProjectFilter
>().with({
  pluginId: 'supabase',
  resourceType: RESOURCE_TYPE_SUPABASE_PROJECT,
});
