import { useApi } from '@backstage/core-plugin-api';
import VpnKeyIcon from '@material-ui/icons/VpnKey';
import { supabaseProjectUpdatePermission } from '@supabase-backstage/plugin-supabase-common';
import { ProjectRef, supabaseApiRef } from '../../api';
import { ConfirmActionButton } from '../ConfirmActionButton';

export interface RotateJwtSecretButtonProps {
  projectRef: ProjectRef;
  /** Rotation needs a Running project. */
  running: boolean;
}

/** Rotates a project's JWT secret after confirmation. */
export function RotateJwtSecretButton(props: RotateJwtSecretButtonProps) {
  const { projectRef, running } = props;
  const api = useApi(supabaseApiRef);
  const title = `${projectRef.namespace}/${projectRef.name}`;
  return (
    <ConfirmActionButton
      label="Rotate keys"
      icon={<VpnKeyIcon />}
      permission={supabaseProjectUpdatePermission}
      notAllowed="You are not allowed to change Supabase projects"
      disabled={!running}
      title={`Rotate the JWT secret of ${title}?`}
      confirmLabel="Rotate"
      action={() => api.rotateJwtSecret(projectRef)}
      done={`Rotating the JWT secret of ${title}`}
      failed={`Could not rotate the JWT secret of ${title}`}
    >
      A new JWT secret is generated and the anon and service_role keys are
      signed again. The database gets the new secret through a db-init run and
      every component restarts with it. Tokens and keys issued before stop
      working: hand the new anon key to your applications.
    </ConfirmActionButton>
  );
}
