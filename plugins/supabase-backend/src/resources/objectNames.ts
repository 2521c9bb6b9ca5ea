import { SupabaseComponentName } from '@supabase-backstage/plugin-supabase-common';

/**
 * Every object name derived from a project name, in one place. Each suffix
 * is listed in DERIVED_NAME_SUFFIXES (common), which bounds project names.
 */
export function objectNames(project: string) {
  return {
    /** The anchor ConfigMap that owns everything else. */
    anchor: `${project}-project`,
    /** The db-init ConfigMap, Job and Secret (the role passwords it sets). */
    dbInit: `${project}-db-init`,
    /** The Job that releases the project's claim on its database when it is deleted. */
    claimRelease: `${project}-release`,
    /** JWT secret, signed keys and other generated component secrets. */
    jwtSecret: `${project}-jwt`,
    /** The components' role passwords and connection URLs. */
    roles: `${project}-roles`,
    /** A component's Deployment and Service (and kong's ConfigMap). */
    component: (name: SupabaseComponentName) => `${project}-${name}`,
  };
}
