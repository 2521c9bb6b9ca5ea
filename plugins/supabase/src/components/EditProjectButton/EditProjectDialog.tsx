import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import {
  MAX_REPLICAS,
  ProjectSpec,
  SUPABASE_COMPONENTS,
  SupabaseComponentName,
  SupabaseProject,
} from '@supabase-backstage/plugin-supabase-common';
import { useState } from 'react';
import { supabaseApiRef } from '../../api';
import { DatabaseFields } from './DatabaseFields';
import { SettingsFields } from './SettingsFields';
import {
  SpecFormValues,
  applyForm,
  formFromSpec,
  parseSpecJson,
  validateForm,
} from './specForm';

export interface EditProjectDialogProps {
  /** The project as it was when the dialog opened; its spec is edited. */
  project: SupabaseProject;
  onClose(): void;
  /** The update was accepted; `updated` is the project the backend answered. */
  onUpdated?(updated: SupabaseProject): void;
}

/** The server's own message (it names the field it refuses), else the error's. */
function messageOf(error: Error): string {
  return ResponseError.is(error) ? error.body.error.message : error.message;
}

function toJson(spec: ProjectSpec): string {
  return JSON.stringify(spec, null, 2);
}

/**
 * The components the project deploys: storage only with a storage Secret,
 * edge functions only when enabled (in the form or the spec).
 */
function editableComponents(
  spec: ProjectSpec,
  values: SpecFormValues,
): SupabaseComponentName[] {
  return SUPABASE_COMPONENTS.filter(
    name =>
      (name !== 'storage' || spec.storage) &&
      (name !== 'functions' || values.functionsEnabled),
  );
}

/**
 * Edits a project's spec: a form for the common fields, or the whole spec as
 * JSON. Sends the whole new spec; on refusal shows the backend's message and
 * stays open.
 */
export function EditProjectDialog(props: EditProjectDialogProps) {
  const { project, onClose, onUpdated } = props;
  const api = useApi(supabaseApiRef);
  const alertApi = useApi(alertApiRef);
  const title = `${project.namespace}/${project.name}`;
  // What the form's fields are relative to; JSON edits become the new base.
  const [base, setBase] = useState<ProjectSpec>(project.spec);
  const [values, setValues] = useState<SpecFormValues>(() =>
    formFromSpec(project.spec),
  );
  const [jsonMode, setJsonMode] = useState(false);
  const [jsonText, setJsonText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const setComponent = (
    name: SupabaseComponentName,
    field: 'replicas' | 'image',
    value: string,
  ) =>
    setValues(previous => ({
      ...previous,
      components: {
        ...previous.components,
        [name]: { ...previous.components[name], [field]: value },
      },
    }));
  const setField = <K extends keyof SpecFormValues>(
    key: K,
    value: SpecFormValues[K],
  ) => setValues(previous => ({ ...previous, [key]: value }));

  /** The spec the form describes; undefined, with the problems shown, if invalid. */
  const specOfForm = (): ProjectSpec | undefined => {
    const problems = validateForm(values);
    if (problems.length > 0) {
      setError(problems.join('. '));
      return undefined;
    }
    return applyForm(base, values);
  };

  /** The spec the JSON text holds; undefined, with why shown, if invalid. */
  const specOfJson = (): ProjectSpec | undefined => {
    const parsed = parseSpecJson(jsonText);
    if ('error' in parsed) {
      setError(parsed.error);
      return undefined;
    }
    return parsed.spec;
  };

  const toggleJson = (on: boolean) => {
    const spec = on ? specOfForm() : specOfJson();
    if (!spec) return;
    if (on) {
      setJsonText(toJson(spec));
    } else {
      setBase(spec);
      setValues(formFromSpec(spec));
    }
    setError(undefined);
    setJsonMode(on);
  };

  const save = async () => {
    const spec = jsonMode ? specOfJson() : specOfForm();
    if (!spec) return;
    setError(undefined);
    setBusy(true);
    try {
      const updated = await api.updateProject(
        { namespace: project.namespace, name: project.name },
        spec,
      );
      alertApi.post({
        message: `Updating ${title}`,
        severity: 'info',
        display: 'transient',
      });
      onUpdated?.(updated);
      onClose();
    } catch (e) {
      setError(messageOf(e as Error));
    } finally {
      setBusy(false);
    }
  };

  const currentImage = (name: SupabaseComponentName) =>
    project.components?.find(component => component.name === name)?.image;

  return (
    <Dialog
      open
      onClose={busy ? undefined : onClose}
      maxWidth="md"
      fullWidth
      aria-labelledby="supabase-edit-title"
    >
      <DialogTitle id="supabase-edit-title">Edit {title}</DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" style={{ marginBottom: 16 }}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{error}</span>
          </Alert>
        )}
        <FormControlLabel
          control={
            <Switch
              checked={jsonMode}
              onChange={(_event, checked) => toggleJson(checked)}
              color="primary"
            />
          }
          label="Advanced: edit as JSON"
        />
        {jsonMode ? (
          <TextField
            id="supabase-edit-json"
            label="Spec (JSON)"
            value={jsonText}
            onChange={event => setJsonText(event.target.value)}
            multiline
            minRows={16}
            fullWidth
            variant="outlined"
            margin="normal"
            inputProps={{
              spellCheck: false,
              style: { fontFamily: 'monospace' },
            }}
            helperText="The whole spec; what you leave out is removed."
          />
        ) : (
          <>
            <DatabaseFields
              project={project}
              kind={values.databaseKind}
              secretRef={values.databaseSecretRef}
              changed={
                values.databaseKind !== formFromSpec(base).databaseKind ||
                values.databaseSecretRef.trim() !==
                  formFromSpec(base).databaseSecretRef
              }
              onKindChange={kind => setField('databaseKind', kind)}
              onSecretRefChange={secretRef =>
                setField('databaseSecretRef', secretRef)
              }
            />
            <Typography variant="subtitle2" style={{ marginTop: 16 }}>
              Components
            </Typography>
            <Table size="small" aria-label="Components">
              <TableHead>
                <TableRow>
                  <TableCell>Component</TableCell>
                  <TableCell>Replicas (0–{MAX_REPLICAS})</TableCell>
                  <TableCell>Image</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {editableComponents(base, values).map(name => (
                  <TableRow key={name}>
                    <TableCell>{name}</TableCell>
                    <TableCell style={{ width: 140 }}>
                      <TextField
                        type="number"
                        size="small"
                        placeholder="default"
                        value={values.components[name].replicas}
                        onChange={event =>
                          setComponent(name, 'replicas', event.target.value)
                        }
                        inputProps={{
                          min: 0,
                          max: MAX_REPLICAS,
                          'aria-label': `${name} replicas`,
                        }}
                      />
                    </TableCell>
                    <TableCell>
                      <TextField
                        size="small"
                        fullWidth
                        placeholder="default"
                        // The running image in full, wrapping: a placeholder
                        // would cut it.
                        helperText={currentImage(name)}
                        FormHelperTextProps={{
                          style: { overflowWrap: 'anywhere' },
                        }}
                        value={values.components[name].image}
                        onChange={event =>
                          setComponent(name, 'image', event.target.value)
                        }
                        inputProps={{ 'aria-label': `${name} image` }}
                      />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <SettingsFields values={values} onChange={setField} />
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={save}
          disabled={busy}
        >
          Save
        </Button>
      </DialogActions>
    </Dialog>
  );
}
