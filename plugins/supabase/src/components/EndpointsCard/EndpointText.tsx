import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { endpointReach } from '@supabase-backstage/plugin-supabase-common';
import { CommandText } from '../CommandText';

export interface EndpointTextProps {
  url: string;
  /** Also show the port-forward command that reaches a cluster-internal URL. */
  withPortForward?: boolean;
}

/**
 * A project's URL: a link when it is public; a cluster-internal address is
 * text labelled "inside the cluster" (a browser cannot open it), with the
 * `kubectl port-forward` command when asked.
 */
export function EndpointText(props: EndpointTextProps) {
  const { url, withPortForward } = props;
  const reach = endpointReach(url);
  if (reach.kind === 'public') {
    return (
      <Link to={url} target="_blank" rel="noopener noreferrer">
        {url}
      </Link>
    );
  }
  return (
    <>
      <code style={{ overflowWrap: 'anywhere' }}>{url}</code>
      <Typography
        variant="caption"
        color="textSecondary"
        component="span"
        display="block"
      >
        inside the cluster
        {withPortForward && `; from your machine, then ${reach.localUrl}:`}
      </Typography>
      {withPortForward && (
        <CommandText text={reach.portForward} label="port-forward command" />
      )}
    </>
  );
}
