import { EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { CreateProjectButton } from '../CreateProjectButton';

/** What a first-time visitor sees: how to get a project. */
export function NoProjectsEmptyState() {
  return (
    <EmptyState
      missing="content"
      title="No Supabase projects yet"
      description={
        <>
          <Typography component="span" display="block" paragraph>
            A Supabase project is a self-hosted Supabase stack (API gateway,
            auth, REST, realtime, storage, meta and Studio) on your Kubernetes
            cluster, backed by a PostgreSQL database you already have.
          </Typography>
          <Typography component="span" display="block" paragraph>
            To create one, open the Supabase project software template, pick a
            name and a namespace, and name the Secret in that namespace that
            holds the database's <code>host</code>, <code>port</code>,{' '}
            <code>database</code>, <code>username</code> and{' '}
            <code>password</code>. The project then shows up here, and you can
            follow it from Pending to Running.
          </Typography>
        </>
      }
      action={<CreateProjectButton />}
    />
  );
}
