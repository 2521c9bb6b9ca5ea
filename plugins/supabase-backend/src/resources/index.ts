export * from './anchor';
export * from './components';
export * from './dbInitConfigMap';
export * from './dbInitJob';
export * from './jwt';
export * from './labels';
export * from './objectNames';
export * from './secrets';
export type { DbInitScripts, ProjectObjectInput } from './types';
