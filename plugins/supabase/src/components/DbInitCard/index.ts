export { DbInitCard } from './DbInitCard';
