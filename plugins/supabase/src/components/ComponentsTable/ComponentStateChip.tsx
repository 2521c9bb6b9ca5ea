import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusRunning,
} from '@backstage/core-components';
import { ComponentStatus } from '@supabase-backstage/plugin-supabase-common';
import { ComponentType, PropsWithChildren } from 'react';

const STATUS: Record<
  ComponentStatus['state'],
  ComponentType<PropsWithChildren<{}>>
> = {
  Available: StatusOK,
  Progressing: StatusRunning,
  Unavailable: StatusError,
  Disabled: StatusAborted,
};

/** A component's Deployment state. */
export function ComponentStateChip(props: { state: ComponentStatus['state'] }) {
  const Status = STATUS[props.state] ?? StatusAborted;
  return <Status>{props.state}</Status>;
}
