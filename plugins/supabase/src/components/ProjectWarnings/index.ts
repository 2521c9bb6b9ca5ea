export { ProjectWarnings } from './ProjectWarnings';
