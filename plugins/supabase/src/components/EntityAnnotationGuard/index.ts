export { EntityAnnotationGuard } from './EntityAnnotationGuard';
