export { CommandText } from './CommandText';
