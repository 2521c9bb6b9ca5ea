/**
 * The bounds of a project spec, shared by the backend's validation, the
 * scaffolder action and the template form so all of them accept the same.
 */

/** A DNS-1123 subdomain: what Kubernetes requires of Secret and ConfigMap names. @public */
export const OBJECT_NAME_PATTERN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** @public */
export const OBJECT_NAME_MAX_LENGTH = 253;
/** An environment variable name. @public */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A Kubernetes resource quantity such as `250m` or `1Gi`. @public */
export const QUANTITY_PATTERN = /^[0-9.]+[a-zA-Z]*$/;
/** @public */
export const IMAGE_MAX_LENGTH = 512;
/** Replicas per component. @public */
export const MAX_REPLICAS = 10;
/** @public */
export const MAX_DATABASE_CONNECTIONS = 10_000;
/** JWT lifetime bounds, in seconds. @public */
export const JWT_EXPIRY_MIN_SECONDS = 60;
/** @public */
export const JWT_EXPIRY_MAX_SECONDS = 31_536_000;
/** OAuth providers the auth component (GoTrue) can be given. @public */
export const AUTH_OAUTH_PROVIDERS = [
  'apple',
  'azure',
  'bitbucket',
  'discord',
  'facebook',
  'github',
  'gitlab',
  'google',
  'keycloak',
  'linkedin_oidc',
  'slack_oidc',
  'twitch',
  'twitter',
  'workos',
  'zoom',
] as const;

/** @public */
export type AuthOAuthProvider = (typeof AUTH_OAUTH_PROVIDERS)[number];

/** Keys of the Secret that configures auth's email sending. @public */
export const SMTP_SECRET_KEYS = [
  'host',
  'port',
  'username',
  'password',
  'senderEmail',
] as const;

/** Keys of the Secret of one OAuth provider. @public */
export const OAUTH_SECRET_KEYS = ['clientId', 'clientSecret'] as const;

/** Keys of the Secret with the dashboard's basic-auth credentials. @public */
export const BASIC_AUTH_SECRET_KEYS = ['username', 'password'] as const;

/**
 * A key of the functions ConfigMap: `<name>.ts`, one function each, served
 * at `/functions/v1/<name>`. @public
 */
export const FUNCTION_KEY_PATTERN = /^([A-Za-z0-9_-]+)\.ts$/;

/** libpq sslmode values. @public */
export const DATABASE_SSL_MODES = [
  'disable',
  'allow',
  'prefer',
  'require',
  'verify-ca',
  'verify-full',
] as const;
