export { DbInitLogs } from './DbInitLogs';
