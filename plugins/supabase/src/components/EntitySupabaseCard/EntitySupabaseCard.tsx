import { SectionCard } from '../SectionCard';
import { EntityAnnotationGuard } from '../EntityAnnotationGuard';
import { ProjectSummary } from './ProjectSummary';

/** A card for a catalog entity's overview: its Supabase project at a glance. */
export function EntitySupabaseCard() {
  return (
    <SectionCard title="Supabase">
      <EntityAnnotationGuard>
        {projectRef => <ProjectSummary projectRef={projectRef} />}
      </EntityAnnotationGuard>
    </SectionCard>
  );
}
