import { Progress } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { SupabaseProject } from '@supabase-backstage/plugin-supabase-common';
import { ProjectRef } from '../../api';
import { DbInitStatusState } from '../../hooks/useDbInitStatus';
import { SectionCard } from '../SectionCard';
import { SupabaseErrorPanel } from '../SupabaseErrorPanel';
import { DbInitRunDetails } from './DbInitRunDetails';
import { RetryButton } from './RetryButton';

export interface DbInitCardProps {
  projectRef: ProjectRef;
  project: SupabaseProject;
  dbInit: DbInitStatusState;
}

/**
 * The newest db-init run: its Job, how many attempts it took, what each SQL
 * file did; and Retry when the project failed.
 */
export function DbInitCard(props: DbInitCardProps) {
  const { projectRef, project, dbInit } = props;
  const run = dbInit.status?.runs[0];
  let content: JSX.Element;
  if (dbInit.loading) {
    content = <Progress />;
  } else if (dbInit.error) {
    content = (
      <SupabaseErrorPanel
        title="Could not load the database initialization"
        error={dbInit.error}
      />
    );
  } else if (!run) {
    content = (
      <Typography color="textSecondary">
        No db-init Job yet: it is created when the project reaches
        InitializingDatabase.
      </Typography>
    );
  } else {
    content = <DbInitRunDetails run={run} />;
  }
  return (
    <SectionCard
      title="Database initialization"
      action={
        project.phase === 'Failed' ? (
          <RetryButton projectRef={projectRef} />
        ) : undefined
      }
    >
      {content}
    </SectionCard>
  );
}
