import Timeline from '@material-ui/lab/Timeline';
import {
  ProjectEvent,
  SupabaseProject,
} from '@supabase-backstage/plugin-supabase-common';
import { useMemo } from 'react';
import { useNow } from '../../hooks/useNow';
import { buildTimeline } from '../../lib/timeline';
import { SectionCard } from '../SectionCard';
import { PhaseTimelineItem } from './PhaseTimelineItem';

export interface PhaseTimelineProps {
  project: SupabaseProject;
  events: ProjectEvent[];
}

/** Every provisioning phase in order, and Deleting once it started. */
export function PhaseTimeline(props: PhaseTimelineProps) {
  const { project, events } = props;
  const entries = useMemo(
    () => buildTimeline(events, project),
    [events, project],
  );
  // Only a phase in progress has a duration that grows.
  const now = useNow(
    1000,
    entries.some(entry => entry.state === 'active'),
  );
  return (
    <SectionCard title="Phase timeline">
      <Timeline aria-label="Phases">
        {entries.map((entry, index) => (
          <PhaseTimelineItem
            key={entry.phase}
            entry={entry}
            last={index === entries.length - 1}
            now={now}
          />
        ))}
      </Timeline>
    </SectionCard>
  );
}
