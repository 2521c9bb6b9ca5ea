import { CopyTextButton, Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

export interface EndpointRowProps {
  label: string;
  value: string;
  /** Show the value as a link (URLs) rather than as code (keys). */
  link?: boolean;
}

/** A labelled value with a copy button. */
export function EndpointRow(props: EndpointRowProps) {
  const { label, value, link } = props;
  return (
    <Box display="flex" alignItems="center" py={0.5}>
      <Box width={120} flexShrink={0}>
        <Typography variant="subtitle2" component="span">
          {label}
        </Typography>
      </Box>
      <Box flex={1} minWidth={0} style={{ overflowWrap: 'anywhere' }}>
        {link ? (
          <Link to={value} target="_blank" rel="noopener noreferrer">
            {value}
          </Link>
        ) : (
          <code>{value}</code>
        )}
      </Box>
      <CopyTextButton text={value} aria-label={`Copy ${label}`} />
    </Box>
  );
}
