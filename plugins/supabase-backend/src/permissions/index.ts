export { supabaseProjectPermissionResourceRef } from './resourceRef';
export {
  isProjectOwner,
  hasNamespace,
  supabaseProjectPermissionRules,
} from './rules';
export {
  supabaseProjectConditions,
  createSupabaseProjectConditionalDecision,
} from './conditionExports';
