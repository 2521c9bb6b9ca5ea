import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import BlockIcon from '@material-ui/icons/Block';
import CheckIcon from '@material-ui/icons/Check';
import {
  SigningKeyInfo,
  SupabaseProject,
  supabaseProjectRotatePermission,
} from '@supabase-backstage/plugin-supabase-common';
import { ReactElement } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { SigningKeyRotation, supabaseApiRef } from '../../api';
import { ConfirmActionButton } from '../ConfirmActionButton';
import { SectionCard } from '../SectionCard';

const STATES: Record<SigningKeyInfo['state'], string> = {
  standby: 'standby: verifies, signs nothing yet',
  current: 'current: signs Auth’s tokens',
  previous: 'previous: verifies the tokens it signed',
  revoked: 'revoked',
};

/**
 * The project's ES256 signing keys and the rotation's three steps: a
 * standby key that every component knows before it signs, making it
 * current, revoking the one before. Each step is on the timeline and rolls
 * the components out; the publishable and secret keys stay the same.
 */
export function SigningKeysCard(props: {
  project: Pick<
    SupabaseProject,
    'namespace' | 'name' | 'phase' | 'generation' | 'observedGeneration'
  >;
}) {
  const { project } = props;
  const api = useApi(supabaseApiRef);
  const projectRef = { namespace: project.namespace, name: project.name };
  const title = `${project.namespace}/${project.name}`;
  const { value, error } = useAsync(
    () => api.listSigningKeys(projectRef),
    [
      project.namespace,
      project.name,
      project.generation,
      project.observedGeneration,
    ],
  );
  const keys = (value?.items ?? []).filter(k => k.state !== 'revoked');
  const running = project.phase === 'Running';

  const stepButton = (
    label: string,
    icon: ReactElement,
    step: SigningKeyRotation,
    question: string,
    explanation: string,
  ) => (
    <ConfirmActionButton
      label={label}
      icon={icon}
      permission={supabaseProjectRotatePermission}
      projectRef={projectRef}
      notAllowed={`Only the owners of ${title} may rotate its signing keys`}
      disabled={!running}
      title={question}
      confirmLabel={label}
      action={() => api.rotateSigningKey(projectRef, step)}
      done={`${label}: the components of ${title} roll out with the new keys`}
      failed={`Could not ${label.toLowerCase()} for ${title}`}
    >
      {explanation}
    </ConfirmActionButton>
  );

  return (
    <SectionCard
      title="Signing keys"
      subheader="ES256 keys Auth signs tokens with; every component verifies them"
    >
      {error && (
        <Typography color="error">
          The signing keys could not be read: {error.message}
        </Typography>
      )}
      {keys.map(key => (
        <Box key={key.kid} display="flex" alignItems="center" py={0.5}>
          <Box flex={1} minWidth={0}>
            <Typography variant="body2">
              <code>{key.kid}</code>
            </Typography>
            <Typography variant="caption" color="textSecondary">
              {STATES[key.state]}
            </Typography>
          </Box>
          {key.state === 'standby' &&
            stepButton(
              'Make current',
              <CheckIcon />,
              { step: 'make-current', kid: key.kid },
              `Make key ${key.kid} of ${title} current?`,
              'Auth signs new tokens with this key from now on. The current key becomes the previous one and still verifies the tokens it signed until you revoke it.',
            )}
          {key.state === 'previous' &&
            stepButton(
              'Revoke',
              <BlockIcon />,
              { step: 'revoke', kid: key.kid },
              `Revoke key ${key.kid} of ${title}?`,
              'Tokens this key signed stop verifying at every component: users signed in with them sign in again.',
            )}
        </Box>
      ))}
      {value && !keys.some(k => k.state === 'standby') && (
        <Box pt={1}>
          {stepButton(
            'Create standby key',
            <AddIcon />,
            { step: 'create-standby' },
            `Create a standby signing key for ${title}?`,
            'A new key is published to every component that verifies tokens; it signs nothing until you make it current.',
          )}
        </Box>
      )}
    </SectionCard>
  );
}
