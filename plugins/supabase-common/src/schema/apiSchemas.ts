import { SupabaseComponentName } from '../components';
import { ProjectSecretName } from '../api';
import { ProjectPhase } from '../phases';
import { components } from './openapi/generated/types';

/** The schemas of the REST API's OpenAPI document, as TypeScript types. */
export type ApiSchemas = components['schemas'];

/**
 * True when A and B are the same type. The lists below are constants the
 * code iterates over and also enums of the OpenAPI document: a value added
 * to one and not the other fails the type check here.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// Each line must read `true`.
export const documentAgreesWithConstants: [
  Same<ApiSchemas['ProjectPhase'], ProjectPhase>,
  Same<ApiSchemas['ProjectSecretName'], ProjectSecretName>,
  Same<ApiSchemas['SupabaseComponentName'], SupabaseComponentName>,
] = [true, true, true];
