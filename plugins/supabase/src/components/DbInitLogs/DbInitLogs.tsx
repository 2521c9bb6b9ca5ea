import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  DbInitRun,
  dbInitLogFileName,
} from '@supabase-backstage/plugin-supabase-common';
import { useEffect, useRef } from 'react';
import { ProjectRef, supabaseApiRef } from '../../api';
import { useLogSelection } from '../../hooks/useLogSelection';
import { LogStreamState, useLogStream } from '../../hooks/useLogStream';
import { saveTextFile } from '../../lib/download';
import { SectionCard } from '../SectionCard';
import { SupabaseErrorPanel } from '../SupabaseErrorPanel';
import { AttemptPicker } from './AttemptPicker';
import { LogPanel } from './LogPanel';

export interface DbInitLogsProps {
  projectRef: ProjectRef;
  /** Newest first, as the db-init status lists them. */
  runs: DbInitRun[];
  /** An attempt started or finished: the db-init status is out of date. */
  onAttemptChange?(): void;
  /** Lines the viewer holds; the rest is left to the download. */
  maxLines?: number;
}

function connectionText(stream: LogStreamState): string {
  const attempt = stream.attempt
    ? `Attempt ${stream.attempt}`
    : 'Waiting for the first attempt';
  switch (stream.connection) {
    case 'connecting':
      return `${attempt} · connecting…`;
    case 'open':
      return `${attempt} · following live`;
    case 'reconnecting':
      return `${attempt} · connection lost, reconnecting…`;
    default:
      return `${attempt} · complete`;
  }
}

/**
 * The db-init pod logs, live while the pod runs and from the archive
 * afterwards, with a run and attempt picker, search (over the whole log once
 * it is archived), copy and download.
 */
export function DbInitLogs(props: DbInitLogsProps) {
  const { projectRef, runs, onAttemptChange, maxLines } = props;
  const api = useApi(supabaseApiRef);
  const alertApi = useApi(alertApiRef);
  const selection = useLogSelection(runs);
  const { run, attempt } = selection;
  const stream = useLogStream(
    projectRef,
    run === undefined
      ? undefined
      : { run, attempt: attempt === 'follow' ? undefined : attempt },
    { onAttempt: onAttemptChange, maxLines },
  );

  // The server announces an attempt when it ends, so the log of a new attempt
  // can be shown before the db-init status knows the attempt: reload it then.
  const knownAttempts =
    runs.find(candidate => candidate.id === run)?.attempts.length ?? 0;
  const reportAttempt = useRef(onAttemptChange);
  reportAttempt.current = onAttemptChange;
  useEffect(() => {
    if (stream.attempt !== undefined && stream.attempt > knownAttempts) {
      reportAttempt.current?.();
    }
  }, [stream.attempt, knownAttempts]);

  if (run === undefined) {
    return (
      <SectionCard title="Logs">
        <Typography color="textSecondary">
          No logs yet: the db-init Job has not started.
        </Typography>
      </SectionCard>
    );
  }

  const shownAttempt = stream.attempt;
  const runNumber = runs.find(candidate => candidate.id === run)?.number ?? run;
  const download = async () => {
    if (shownAttempt === undefined) {
      return;
    }
    try {
      // The server has the whole log, also what the viewer leaves out.
      const text = await api.getDbInitLog(projectRef, run, shownAttempt);
      saveTextFile(
        dbInitLogFileName(projectRef.name, runNumber, shownAttempt),
        text,
      );
    } catch (error) {
      alertApi.post({
        message: `Could not download the log: ${(error as Error).message}`,
        severity: 'error',
      });
    }
  };
  const copy = () => window.navigator.clipboard.writeText(stream.fullText());

  return (
    <SectionCard title="Logs" subheader={connectionText(stream)}>
      <AttemptPicker
        runs={runs}
        run={run}
        attempt={attempt}
        onRunChange={selection.setRun}
        onAttemptChange={selection.setAttempt}
      />
      {stream.error ? (
        <Box mt={2}>
          <SupabaseErrorPanel
            title="Could not read the db-init logs"
            error={stream.error}
          />
        </Box>
      ) : (
        <LogPanel
          projectRef={projectRef}
          run={run}
          stream={stream}
          onCopy={copy}
          onDownload={shownAttempt === undefined ? undefined : download}
        />
      )}
    </SectionCard>
  );
}
