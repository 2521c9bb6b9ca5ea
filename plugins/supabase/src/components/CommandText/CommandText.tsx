import { CopyTextButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';

/**
 * A command or snippet to copy: monospace, wrapping anywhere rather than
 * widening the page, with a copy button.
 */
export function CommandText(props: { text: string; label: string }) {
  const { text, label } = props;
  return (
    <Box display="flex" alignItems="flex-start" minWidth={0}>
      <Box
        component="pre"
        flex={1}
        minWidth={0}
        m={0}
        py={1}
        style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
      >
        <code>{text}</code>
      </Box>
      <CopyTextButton text={text} aria-label={`Copy ${label}`} />
    </Box>
  );
}
