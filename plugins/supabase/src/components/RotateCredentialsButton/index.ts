export { RotateCredentialsButton } from './RotateCredentialsButton';
export type {
  RotateCredentialsButtonProps,
  RotatableCredentials,
} from './RotateCredentialsButton';
