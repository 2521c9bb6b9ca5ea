import { EntityAnnotationGuard } from '../EntityAnnotationGuard';
import { EntityProjectOverview } from './EntityProjectOverview';

/**
 * The "Supabase" tab of a catalog entity annotated
 * `supabase.com/project: <namespace>/<name>`.
 */
export function EntitySupabaseContent() {
  return (
    <EntityAnnotationGuard>
      {projectRef => <EntityProjectOverview projectRef={projectRef} />}
    </EntityAnnotationGuard>
  );
}
