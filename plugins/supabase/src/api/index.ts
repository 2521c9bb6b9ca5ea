export { supabaseApiRef } from './SupabaseApi';
export type {
  LogAttemptUpdate,
  LogStreamListener,
  LogStreamRequest,
  ProjectRef,
  ProjectStreamFilter,
  ProjectStreamListener,
  SigningKeyRotation,
  StreamConnectionState,
  StreamResult,
  SupabaseApi,
} from './SupabaseApi';
export { SupabaseClient } from './SupabaseClient';
export type { SupabaseClientOptions } from './SupabaseClient';
export type { StreamBackoff } from './eventStream';
