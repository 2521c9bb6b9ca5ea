import { CopyTextButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { EndpointText } from './EndpointText';

export interface EndpointRowProps {
  label: string;
  value: string;
  /**
   * The value is a URL: a link when it is public; a cluster-internal address
   * is text labelled "inside the cluster", as a browser cannot open it.
   */
  link?: boolean;
}

/** A labelled value with a copy button; wraps under its label when narrow. */
export function EndpointRow(props: EndpointRowProps) {
  const { label, value, link } = props;
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" py={0.5}>
      <Box width={120} flexShrink={0}>
        <Typography variant="subtitle2" component="span">
          {label}
        </Typography>
      </Box>
      <Box display="flex" alignItems="center" flex="1 1 200px" minWidth={0}>
        <Box flex={1} minWidth={0} style={{ overflowWrap: 'anywhere' }}>
          {link ? <EndpointText url={value} /> : <code>{value}</code>}
        </Box>
        <CopyTextButton text={value} aria-label={`Copy ${label}`} />
      </Box>
    </Box>
  );
}
