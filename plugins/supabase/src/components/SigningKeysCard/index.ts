export { SigningKeysCard } from './SigningKeysCard';
