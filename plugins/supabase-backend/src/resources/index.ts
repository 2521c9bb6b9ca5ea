export * from './anchor';
export * from './components';
export * from './dbInitConfigMap';
export * from './dbInitJob';
export * from './jwt';
export * from './labels';
export * from './objectNames';
export * from './secrets';
export type { DbInitScripts, ProjectObjectInput } from './types';
export * from './rolePasswords';
export * from './databasePools';
export * from './databaseUrl';
export * from './legacyApiKeys';
export * from './signingKeyRotation';
export {
  describeSigningKey,
  parseSigningKeys,
  verifierJwks,
  type SigningKey,
  type SigningKeyRotationStep,
} from './signingKeys';
export { opaqueApiKeyKind } from './opaqueApiKeys';
export * from './databaseServer';
