import { StructuredMetadataTable } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { DbInitRun } from '@supabase-backstage/plugin-supabase-common';
import { latestAttempt, maxAttempts } from '../../lib/dbInit';
import { RelativeTime } from '../RelativeTime';
import { RunStateChip } from '../RunStateChip';
import { FailureLink } from '../FailurePanel';
import { FileResultsTable } from './FileResultsTable';

/** A db-init run: Job, state, attempts, and the SQL files of its newest attempt. */
export function DbInitRunDetails(props: { run: DbInitRun }) {
  const { run } = props;
  const attempt = latestAttempt(run);
  const limit = maxAttempts(run);
  const metadata: Record<string, JSX.Element | string> = {
    Job: <code>{run.jobName}</code>,
    State: <RunStateChip state={run.state} />,
    Attempt: attempt
      ? `${attempt.attempt} of ${limit}`
      : `not started (up to ${limit})`,
    Trigger: run.trigger,
    Started: <RelativeTime iso={run.createdAt} />,
    Finished: run.finishedAt ? <RelativeTime iso={run.finishedAt} /> : '—',
  };
  if (attempt) {
    metadata.Pod = <code>{attempt.podName}</code>;
    if (attempt.exitCode !== undefined || attempt.reason) {
      metadata.Exit = [
        attempt.exitCode !== undefined ? `code ${attempt.exitCode}` : '',
        attempt.reason ?? '',
      ]
        .filter(Boolean)
        .join(', ');
    }
  }
  const message = run.message ?? attempt?.message;
  return (
    <>
      <StructuredMetadataTable metadata={metadata} />
      {run.state === 'Failed' ? (
        <Box mt={1}>
          <Typography variant="body2" color="error">
            The run failed · <FailureLink />
          </Typography>
        </Box>
      ) : (
        message && (
          <Box mt={1}>
            <Typography
              variant="body2"
              color="textSecondary"
              style={{ whiteSpace: 'pre-wrap' }}
            >
              {message}
            </Typography>
          </Box>
        )
      )}
      {attempt && attempt.fileResults.length > 0 && (
        <Box mt={2}>
          <FileResultsTable
            title={`SQL files, attempt ${attempt.attempt}`}
            results={attempt.fileResults}
          />
        </Box>
      )}
    </>
  );
}
