export { NotAllowedTooltip } from './NotAllowedTooltip';
export type { NotAllowedTooltipProps } from './NotAllowedTooltip';
