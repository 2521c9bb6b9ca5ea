export { DeleteProjectButton } from './DeleteProjectButton';
