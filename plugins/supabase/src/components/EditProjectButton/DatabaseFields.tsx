import FormControlLabel from '@material-ui/core/FormControlLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  DatabaseSecret,
  projectDatabaseName,
} from '@supabase-backstage/plugin-supabase-common';
import { databaseField } from './specForm';

export interface DatabaseFieldsProps {
  project: { namespace: string; name: string };
  kind: DatabaseSecret['kind'];
  secretRef: string;
  /** The form's values differ from the project's database. */
  changed: boolean;
  onKindChange(kind: DatabaseSecret['kind']): void;
  onSecretRefChange(secretRef: string): void;
}

/**
 * Where the project's data lives: a database of its own, which the plugin
 * creates on a server, or an existing database; and the Secret of either.
 */
export function DatabaseFields(props: DatabaseFieldsProps) {
  const { project, kind, secretRef, changed } = props;
  const onServer = kind === 'server';
  return (
    <>
      <Typography variant="subtitle2" style={{ marginTop: 16 }}>
        Database
      </Typography>
      <RadioGroup
        aria-label="Database"
        value={kind}
        onChange={event =>
          props.onKindChange(event.target.value as DatabaseSecret['kind'])
        }
      >
        <FormControlLabel
          value="server"
          control={<Radio color="primary" />}
          label="A database of its own, created on a PostgreSQL server"
        />
        <FormControlLabel
          value="database"
          control={<Radio color="primary" />}
          label="An existing database"
        />
      </RadioGroup>
      <TextField
        id="supabase-edit-database-secret"
        label={`${
          onServer ? 'Server' : 'Database'
        } Secret (database.${databaseField(kind)})`}
        value={secretRef}
        onChange={event => props.onSecretRefChange(event.target.value)}
        helperText={
          onServer
            ? `Keys host, port, username, password of a login with CREATEDB and CREATEROLE (database: the maintenance database, default postgres). The project's database: ${projectDatabaseName(
                project,
              )}`
            : 'Keys host, port, database, username, password. The database holds this project alone.'
        }
        fullWidth
      />
      {changed && (
        <Alert severity="info" style={{ marginTop: 8 }}>
          The project moves to that database and is initialized there. The data
          in its current database are not moved, and stay there.
        </Alert>
      )}
    </>
  );
}
