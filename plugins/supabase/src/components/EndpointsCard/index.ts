export { EndpointsCard } from './EndpointsCard';
export { EndpointText } from './EndpointText';
