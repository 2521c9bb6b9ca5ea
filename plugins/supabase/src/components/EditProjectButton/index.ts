export { EditProjectButton } from './EditProjectButton';
export type { EditProjectButtonProps } from './EditProjectButton';
