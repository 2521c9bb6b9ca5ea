export { ProjectSecretsCard } from './ProjectSecretsCard';
