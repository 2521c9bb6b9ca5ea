import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { DbInitRunState } from '@supabase-backstage/plugin-supabase-common';
import { ComponentType, PropsWithChildren } from 'react';

const STATUS: Record<DbInitRunState, ComponentType<PropsWithChildren<{}>>> = {
  Pending: StatusPending,
  Running: StatusRunning,
  Succeeded: StatusOK,
  Failed: StatusError,
};

/** The state of a db-init run or attempt (both use the same four states). */
export function RunStateChip(props: { state: DbInitRunState }) {
  const Status = STATUS[props.state] ?? StatusPending;
  return <Status>{props.state}</Status>;
}
