export { CreateProjectButton } from './CreateProjectButton';
