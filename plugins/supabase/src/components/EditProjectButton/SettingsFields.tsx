import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import { SpecFormValues } from './specForm';

/** The form's values of a type: its switches, or its text fields. */
type KeysOf<T> = {
  [K in keyof SpecFormValues]: SpecFormValues[K] extends T ? K : never;
}[keyof SpecFormValues];

/** A switch of the form; the label names the spec field it sets. */
interface SwitchSetting {
  key: KeysOf<boolean>;
  label: string;
}

/** A text field of the form; the label names the spec field it sets. */
interface TextSetting {
  key: KeysOf<string>;
  id: string;
  label: string;
  helperText?: string;
  /** Takes the whole row rather than half of it. */
  wide?: boolean;
}

const SWITCHES: SwitchSetting[] = [
  { key: 'functionsEnabled', label: 'Edge functions (functions.enabled)' },
  { key: 'holdUpgrades', label: 'Hold SQL upgrades (dbInit.holdUpgrades)' },
  {
    key: 'legacyApiKeys',
    label: 'Legacy anon and service_role keys (apiKeys.legacy)',
  },
];

const TEXTS: TextSetting[] = [
  {
    key: 'ingressHost',
    id: 'supabase-edit-ingress-host',
    label: 'Ingress host (ingress.host)',
    helperText: 'Empty: no Ingress',
  },
  {
    key: 'ingressTlsSecretRef',
    id: 'supabase-edit-ingress-tls',
    label: 'TLS Secret (ingress.tlsSecretRef)',
    helperText: 'A kubernetes.io/tls Secret; empty: HTTP only',
  },
  {
    key: 'studioPublicUrl',
    id: 'supabase-edit-studio-url',
    label: 'Studio public URL (studio.publicUrl)',
    wide: true,
  },
];

export interface SettingsFieldsProps {
  values: SpecFormValues;
  onChange<K extends keyof SpecFormValues>(
    key: K,
    value: SpecFormValues[K],
  ): void;
}

/** The project's settings besides its database and components. */
export function SettingsFields(props: SettingsFieldsProps) {
  const { values, onChange } = props;
  return (
    <Grid container spacing={2} style={{ marginTop: 16 }}>
      {SWITCHES.map(({ key, label }) => (
        <Grid item xs={12} sm={6} key={key}>
          <FormControlLabel
            control={
              <Switch
                checked={values[key]}
                onChange={(_event, checked) => onChange(key, checked)}
                color="primary"
              />
            }
            label={label}
          />
        </Grid>
      ))}
      {TEXTS.map(({ key, id, label, helperText, wide }) => (
        <Grid item xs={12} sm={wide ? undefined : 6} key={key}>
          <TextField
            id={id}
            label={label}
            value={values[key]}
            onChange={event => onChange(key, event.target.value)}
            helperText={helperText}
            fullWidth
          />
        </Grid>
      ))}
    </Grid>
  );
}
