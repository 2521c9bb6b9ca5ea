import { createPermissionRule } from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { normalizeOwnerRef } from './ownerRef';
import { supabaseProjectPermissionResourceRef } from './resourceRef';

/**
 * Projects owned by one of the claims: a policy passes the caller's
 * ownership entity refs (the user and their groups), as the catalog's
 * `isEntityOwner` does.
 *
 * @public
 */
export const isProjectOwner = createPermissionRule({
  name: 'IS_PROJECT_OWNER',
  description: 'Allow Supabase projects owned by one of the given entity refs',
  resourceRef: supabaseProjectPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs, e.g. the ownership refs of the user'),
  }),
  apply: (project, { claims }) =>
    project.owner !== undefined &&
    claims.map(normalizeOwnerRef).includes(normalizeOwnerRef(project.owner)),
  toQuery: ({ claims }) => ({
    key: 'owner',
    values: claims.map(normalizeOwnerRef),
  }),
});

/** Projects in one Kubernetes namespace. @public */
export const hasNamespace = createPermissionRule({
  name: 'HAS_NAMESPACE',
  description: 'Allow Supabase projects in the given Kubernetes namespace',
  resourceRef: supabaseProjectPermissionResourceRef,
  paramsSchema: z.object({
    namespace: z.string().describe('The Kubernetes namespace'),
  }),
  apply: (project, { namespace }) => project.namespace === namespace,
  toQuery: ({ namespace }) => ({ key: 'namespace', values: [namespace] }),
});

/** The rules the plugin registers with its resource type. */
export const supabaseProjectPermissionRules = { isProjectOwner, hasNamespace };
