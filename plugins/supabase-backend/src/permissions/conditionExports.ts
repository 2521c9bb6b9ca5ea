import { createConditionExports } from '@backstage/plugin-permission-node';
import { supabaseProjectPermissionResourceRef } from './resourceRef';
import { supabaseProjectPermissionRules } from './rules';

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: supabaseProjectPermissionResourceRef,
  rules: supabaseProjectPermissionRules,
});

/**
 * Conditions for a permission policy, e.g.
 * `supabaseProjectConditions.isProjectOwner({ claims })`.
 *
 * @public
 */
export const supabaseProjectConditions = conditions;

/**
 * A conditional decision on a `supabase-project` permission, e.g.
 * `createSupabaseProjectConditionalDecision(permission, supabaseProjectConditions.isProjectOwner({ claims }))`.
 *
 * @public
 */
export const createSupabaseProjectConditionalDecision =
  createConditionalDecision;
