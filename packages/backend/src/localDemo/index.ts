export { createLocalDemo } from './localDemo';
