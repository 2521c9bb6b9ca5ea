import { Entity } from '@backstage/catalog-model';
import {
  SUPABASE_PROJECT_ANNOTATION,
  parseProjectRef,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectRef } from '../api';

/** The entity's `supabase.com/project` annotation, if any. */
export function projectAnnotation(entity: Entity): string | undefined {
  return entity.metadata.annotations?.[SUPABASE_PROJECT_ANNOTATION];
}

/**
 * Whether an entity names a Supabase project, for `EntitySwitch` and the
 * new frontend system's entity filters.
 *
 * @public
 */
export function isSupabaseAvailable(entity: Entity): boolean {
  return Boolean(projectAnnotation(entity));
}

/** The project an entity names; undefined when the annotation is malformed. */
export function projectRefOf(entity: Entity): ProjectRef | undefined {
  const annotation = projectAnnotation(entity);
  return annotation ? parseProjectRef(annotation) : undefined;
}
