export { ComponentsTable } from './ComponentsTable';
