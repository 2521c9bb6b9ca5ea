/**
 * How Kong turns the publishable and secret keys into tokens the
 * components verify, as upstream's gateway does: requests carry an opaque
 * key (`apikey`, and `Authorization: Bearer sb_…` from supabase-js), which
 * no component can verify, so Kong puts the ES256 anon or service_role
 * token in its place. A user's session token (an `Authorization` that is
 * not an opaque key) passes unchanged; a legacy key is passed on as the
 * bearer token, as before.
 *
 * The expressions are Lua for Kong's request-transformer (`$(…)`). They are
 * printf formats filled in with the keys by Kong's start command
 * (KONG_START), so the keys live only in the Secret: `%s` are the keys, in
 * the order of `args`; no single quote, backslash or other `%`.
 */
export const KONG_KEY_EXPRESSIONS = {
  /** The `Authorization` header for Auth, PostgREST, Storage and functions. */
  LUA_AUTH_EXPR: {
    format: [
      '$((headers.authorization ~= nil and headers.authorization:sub(1, 10) ~= "Bearer sb_" and headers.authorization)',
      'or (headers.apikey == "%s" and "Bearer %s")',
      'or (headers.apikey == "%s" and "Bearer %s")',
      'or (headers.apikey ~= nil and "Bearer " .. headers.apikey)',
      'or nil)',
    ].join(' '),
    args: [
      'SUPABASE_SECRET_KEY',
      'SERVICE_ROLE_KEY_ASYMMETRIC',
      'SUPABASE_PUBLISHABLE_KEY',
      'ANON_KEY_ASYMMETRIC',
    ],
  },
  /**
   * Realtime's WebSocket: supabase-js sends the key as the `apikey` query
   * parameter; Realtime reads `x-api-key` first.
   */
  LUA_RT_WS_EXPR: {
    format: [
      '$((query_params.apikey == "%s" and "%s")',
      'or (query_params.apikey == "%s" and "%s")',
      'or query_params.apikey)',
    ].join(' '),
    args: [
      'SUPABASE_SECRET_KEY',
      'SERVICE_ROLE_KEY_ASYMMETRIC',
      'SUPABASE_PUBLISHABLE_KEY',
      'ANON_KEY_ASYMMETRIC',
    ],
  },
} as const;

/** The key variables whose placeholders (`__NAME__`) are in Kong's config. */
export const KONG_KEY_VARIABLES = [
  'SUPABASE_ANON_KEY',
  'SUPABASE_SERVICE_KEY',
  'SUPABASE_PUBLISHABLE_KEY',
  'SUPABASE_SECRET_KEY',
] as const;

/** The placeholder of a variable or expression in Kong's config. */
export const kongPlaceholder = (
  name:
    | (typeof KONG_KEY_VARIABLES)[number]
    | keyof typeof KONG_KEY_EXPRESSIONS
    | 'DASHBOARD_USERNAME'
    | 'DASHBOARD_PASSWORD',
) => `__${name}__`;
