export { PublicApiKeys } from './PublicApiKeys';
