export { ProjectOverview } from './ProjectOverview';
