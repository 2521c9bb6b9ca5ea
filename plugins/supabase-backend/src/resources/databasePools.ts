import type { V1EnvVar } from '@kubernetes/client-node';
import { ProjectSpec } from '@supabase-backstage/plugin-supabase-common';
import { ComponentDefinition, enabledComponents } from './componentDefinitions';

/**
 * How many replicas keep a database pool: every replica of a running
 * component that has one (auth, rest, realtime, storage).
 */
export function pooledReplicas(spec: ProjectSpec): number {
  return enabledComponents({ spec })
    .filter(c => c.poolSizeEnv)
    .reduce((sum, c) => sum + (spec.components?.[c.name]?.replicas ?? 1), 0);
}

/**
 * Each pool's size when the project caps its connections: the cap split
 * evenly over every replica that keeps a pool, so that together they never
 * open more than `spec.database.maxConnections`. (Meta and edge functions
 * open connections on demand and are left out; validation makes sure each
 * pool gets at least one.)
 */
export function databasePoolSize(spec: ProjectSpec): number | undefined {
  const max = spec.database.maxConnections;
  const replicas = pooledReplicas(spec);
  if (max === undefined || replicas === 0) return undefined;
  return Math.max(1, Math.floor(max / replicas));
}

/** The pool-size variable of a component, when the project caps connections. */
export function poolSizeEnv(
  spec: ProjectSpec,
  definition: ComponentDefinition,
): V1EnvVar[] {
  const size = databasePoolSize(spec);
  return definition.poolSizeEnv && size !== undefined
    ? [{ name: definition.poolSizeEnv, value: String(size) }]
    : [];
}
