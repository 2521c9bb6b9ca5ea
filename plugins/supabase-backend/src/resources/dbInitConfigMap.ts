import type { V1ConfigMap } from '@kubernetes/client-node';
import { AnchorRef, ownerReferenceTo } from './anchor';
import { standardLabels } from './labels';
import { objectNames } from './objectNames';
import { DbInitScripts, ProjectObjectInput } from './types';

/** Which SQL set version an object was built from. */
export const SQL_VERSION_ANNOTATION = 'supabase.backstage.io/sql-version';

/**
 * ConfigMap `<project>-db-init`: every SQL file of the set, the runner
 * script, and `init.sql` (all files in order, for the guide's "Manual
 * Execution" recipe). Mounted read-only at /scripts/ by the db-init Job.
 */
export function buildDbInitConfigMap(
  project: ProjectObjectInput,
  owner: AnchorRef,
  scripts: DbInitScripts,
): V1ConfigMap {
  const data: Record<string, string> = {};
  for (const file of scripts.files) data[file.name] = file.content;
  data['run-migrations.sh'] = scripts.runner;
  data['init.sql'] = scripts.initSql;
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: objectNames(project.name).dbInit,
      namespace: project.namespace,
      labels: standardLabels(project.name, 'db-init'),
      annotations: { [SQL_VERSION_ANNOTATION]: scripts.version },
      ownerReferences: [ownerReferenceTo(owner)],
    },
    data,
  };
}
