import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { ProjectPhase } from '@supabase-backstage/plugin-supabase-common';
import { ComponentType, PropsWithChildren } from 'react';

const STATUS: Record<ProjectPhase, ComponentType<PropsWithChildren<{}>>> = {
  Pending: StatusPending,
  ValidatingDependencies: StatusRunning,
  InitializingDatabase: StatusRunning,
  DeployingSecrets: StatusRunning,
  DeployingComponents: StatusRunning,
  Running: StatusOK,
  Failed: StatusError,
  Deleting: StatusAborted,
};

/** A project's phase with the colour and icon of Backstage's status set. */
export function PhaseChip(props: { phase: ProjectPhase }) {
  const Status = STATUS[props.phase] ?? StatusPending;
  return <Status>{props.phase}</Status>;
}
