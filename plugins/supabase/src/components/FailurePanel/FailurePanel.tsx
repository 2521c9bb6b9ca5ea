import { WarningPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  SupabaseProject,
  describeProjectFailure,
} from '@supabase-backstage/plugin-supabase-common';
import { CommandText } from '../CommandText';

/** The id of the failure panel, which the other places link to. */
export const FAILURE_ANCHOR = 'supabase-failure';

/**
 * A Failed project's failure, in one place: what went wrong, the object it
 * concerns with a kubectl command to look at it, the fix, and the db-init
 * pod's last log lines.
 */
export function FailurePanel(props: {
  project: Pick<
    SupabaseProject,
    'namespace' | 'name' | 'spec' | 'reason' | 'message'
  >;
}) {
  const { project } = props;
  const failure = describeProjectFailure(project);
  return (
    <section id={FAILURE_ANCHOR} aria-label="Failure">
      <WarningPanel
        severity="error"
        title={`${project.namespace}/${project.name} failed${
          project.reason ? `: ${project.reason}` : ''
        }`}
        defaultExpanded
      >
        <Box minWidth={0} width="100%">
          <Typography variant="body2" paragraph>
            {failure.summary}
          </Typography>
          {failure.object && (
            <>
              <Typography variant="subtitle2">
                Concerns the {failure.object.kind}{' '}
                <code>
                  {failure.object.namespace
                    ? `${failure.object.namespace}/`
                    : ''}
                  {failure.object.name}
                </code>
              </Typography>
              <CommandText
                text={failure.object.inspect}
                label={`the command that shows the ${failure.object.kind}`}
              />
            </>
          )}
          {failure.fix && (
            <Typography variant="body2" paragraph>
              <strong>Fix: </strong>
              {failure.fix}
            </Typography>
          )}
          {failure.logLines && (
            <>
              <Typography variant="subtitle2">Last log lines</Typography>
              <Box
                component="pre"
                m={0}
                p={1}
                bgcolor="background.default"
                style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
              >
                <code>{failure.logLines}</code>
              </Box>
            </>
          )}
        </Box>
      </WarningPanel>
    </section>
  );
}

/** A link to the failure panel, for the places that mention the failure. */
export function FailureLink(props: { children?: string }) {
  return (
    <a
      href={`#${FAILURE_ANCHOR}`}
      onClick={event => {
        const panel = document.getElementById(FAILURE_ANCHOR);
        if (panel) {
          event.preventDefault();
          panel.scrollIntoView({ behavior: 'smooth', block: 'start' });
        }
      }}
    >
      {props.children ?? 'See the failure'}
    </a>
  );
}
