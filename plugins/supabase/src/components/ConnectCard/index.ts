export { ConnectCard } from './ConnectCard';
