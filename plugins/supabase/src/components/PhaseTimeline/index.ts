export { PhaseTimeline } from './PhaseTimeline';
