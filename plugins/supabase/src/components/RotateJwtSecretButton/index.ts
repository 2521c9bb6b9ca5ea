export { RotateJwtSecretButton } from './RotateJwtSecretButton';
export type { RotateJwtSecretButtonProps } from './RotateJwtSecretButton';
