import { ReactNode } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import VpnKeyIcon from '@material-ui/icons/VpnKey';
import {
  supabaseProjectRotatePermission,
  supabaseSharedServerRotatePermission,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectRef, SupabaseApi, supabaseApiRef } from '../../api';
import { useSharedServerPermission } from '../../hooks/useSharedServerPermission';
import { sharedServerReason } from '../../lib/sharedServerReason';
import { ConfirmActionButton } from '../ConfirmActionButton';

/** What a project can have rotated. */
export type RotatableCredentials = 'jwtSecret' | 'rolePasswords';

const ROTATIONS: Record<
  RotatableCredentials,
  {
    label: string;
    what: string;
    rotate: (api: SupabaseApi, ref: ProjectRef) => Promise<unknown>;
    explanation: ReactNode;
    /** Reaches the whole database server: the roles are server-wide. */
    serverWide?: boolean;
  }
> = {
  jwtSecret: {
    label: 'Rotate keys',
    what: 'the JWT secret',
    rotate: (api, ref) => api.rotateJwtSecret(ref),
    explanation: (
      <>
        A new JWT secret is generated and the legacy anon and service_role keys
        are signed again. The database gets the new secret through a db-init run
        and every component restarts with it. Legacy keys and tokens issued with
        the old secret stop working: hand the new anon key to applications that
        use legacy keys. The publishable and secret keys do not change; signing
        keys have their own rotation.
      </>
    ),
  },
  rolePasswords: {
    label: 'Rotate database passwords',
    what: 'the database role passwords',
    rotate: (api, ref) => api.rotateRolePasswords(ref),
    serverWide: true,
    explanation: (
      <>
        The database roles the components log in as (authenticator,
        supabase_auth_admin, supabase_storage_admin, supabase_admin, ...) get
        new passwords through a db-init run, and every component restarts with
        them. Your applications and the database&apos;s own admin credentials
        are not affected. The roles belong to the PostgreSQL server, so every
        project that uses the same database credentials moves to the new
        passwords with this one.
      </>
    ),
  },
};

export interface RotateCredentialsButtonProps {
  projectRef: ProjectRef;
  /** Rotation needs a Running project. */
  running: boolean;
  credentials: RotatableCredentials;
  /** Whether the project's server is shared between owners (its warning). */
  sharedServer?: boolean;
}

/**
 * Rotates a project's JWT secret or database role passwords after
 * confirmation. On a server the platform shares between owners the role
 * passwords are the platform's to rotate: the button is off, saying so.
 */
export function RotateCredentialsButton(props: RotateCredentialsButtonProps) {
  const { projectRef, running, credentials, sharedServer = false } = props;
  const api = useApi(supabaseApiRef);
  const rotation = ROTATIONS[credentials];
  const server = useSharedServerPermission(
    supabaseSharedServerRotatePermission,
    sharedServer && !!rotation.serverWide,
  );
  const title = `${projectRef.namespace}/${projectRef.name}`;
  return (
    <ConfirmActionButton
      label={rotation.label}
      icon={<VpnKeyIcon />}
      permission={supabaseProjectRotatePermission}
      projectRef={projectRef}
      notAllowed={`Only the owners of ${title} may rotate its credentials`}
      refused={
        server.allowed
          ? undefined
          : sharedServerReason(`rotates ${rotation.what}`)
      }
      disabled={!running || server.loading}
      title={`Rotate ${rotation.what} of ${title}?`}
      confirmLabel="Rotate"
      action={() => rotation.rotate(api, projectRef)}
      done={`Rotating ${rotation.what} of ${title}`}
      failed={`Could not rotate ${rotation.what} of ${title}`}
    >
      {rotation.explanation}
    </ConfirmActionButton>
  );
}
