import Tooltip from '@material-ui/core/Tooltip';
import { ReactElement } from 'react';

export interface NotAllowedTooltipProps {
  /** Whether the user may use the control; without it, the reason shows. */
  allowed: boolean;
  /** Why the control is off, e.g. who may use it. */
  reason: string;
  children: ReactElement;
}

/**
 * A control the user may not use, kept in view but off, with the reason in
 * a tooltip (and as its accessible description).
 */
export function NotAllowedTooltip(props: NotAllowedTooltipProps) {
  const { allowed, reason, children } = props;
  if (allowed) return children;
  return (
    <Tooltip title={reason}>
      {/* A disabled button fires no events: the span carries the tooltip. */}
      <span aria-label={reason}>{children}</span>
    </Tooltip>
  );
}
