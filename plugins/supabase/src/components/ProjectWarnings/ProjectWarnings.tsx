import { WarningPanel } from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import { ProjectWarning } from '@supabase-backstage/plugin-supabase-common';

/** Things the platform team should fix (e.g. `wal_level`), with the fix. */
export function ProjectWarnings(props: { warnings?: ProjectWarning[] }) {
  const warnings = props.warnings ?? [];
  if (warnings.length === 0) {
    return null;
  }
  return (
    <WarningPanel
      severity="warning"
      title={
        warnings.length === 1
          ? '1 warning for the platform team'
          : `${warnings.length} warnings for the platform team`
      }
      defaultExpanded
    >
      {/* The panel's body is a flex row: without a width of its own the
          list keeps its longest line's width and is cut on a narrow screen. */}
      <List dense disablePadding style={{ width: '100%', minWidth: 0 }}>
        {warnings.map(warning => (
          <ListItem key={warning.code} disableGutters>
            {/* Backstage's theme keeps a list item's text on one line, cut
                at the panel's edge: a warning is read in full. */}
            <ListItemText
              primary={warning.message}
              secondary={warning.code}
              style={{ overflowWrap: 'anywhere', whiteSpace: 'normal' }}
            />
          </ListItem>
        ))}
      </List>
    </WarningPanel>
  );
}
