import type { V1ConfigMap } from '@kubernetes/client-node';
import { AnchorRef, ownerReferenceTo } from './anchor';
import { FUNCTIONS_PORT, functionsEnabled } from './functions';
import { kongPlaceholder } from './kongKeyTranslation';
import { legacyApiKeysOn } from './legacyApiKeys';
import { standardLabels } from './labels';
import { objectNames } from './objectNames';
import { ProjectObjectInput } from './types';

/**
 * The `Authorization` header a component gets: the ES256 token for a
 * publishable or secret key (kongKeyTranslation.ts).
 */
const translateKeys = {
  name: 'request-transformer',
  config: {
    add: { headers: [`Authorization: ${kongPlaceholder('LUA_AUTH_EXPR')}`] },
    replace: {
      headers: [`Authorization: ${kongPlaceholder('LUA_AUTH_EXPR')}`],
    },
  },
};

/** Realtime's WebSocket gets the translated key as `x-api-key` and `apikey`. */
const translateRealtimeKeys = {
  name: 'request-transformer',
  config: {
    add: { headers: [`x-api-key:${kongPlaceholder('LUA_RT_WS_EXPR')}`] },
    replace: {
      querystring: [`apikey:${kongPlaceholder('LUA_RT_WS_EXPR')}`],
    },
  },
};

/**
 * Drops an empty `Authorization` (a request with no key at all, like a
 * presigned URL), which the translation leaves behind.
 */
const dropEmptyAuthorization = {
  name: 'post-function',
  config: {
    access: [
      [
        'local auth = kong.request.get_header("authorization")',
        'if auth == nil or auth:find("^%s*$") then',
        '  kong.service.request.clear_header("authorization")',
        'end',
      ].join('\n'),
    ],
  },
};

const api = (
  path: string,
  url: string,
  acl: string[],
  name: string,
  translate: object | undefined = translateKeys,
) => ({
  name,
  url,
  routes: [{ name, strip_path: true, paths: [path] }],
  plugins: [
    { name: 'cors' },
    { name: 'key-auth', config: { hide_credentials: false } },
    ...(translate ? [translate] : []),
    { name: 'acl', config: { hide_groups_header: true, allow: acl } },
  ],
});

/**
 * Kong's declarative configuration: the API gateway in front of every
 * component, as upstream's kong.yml routes it. The API keys and the
 * dashboard credentials are placeholders (`__SUPABASE_ANON_KEY__`, ...)
 * filled in from the container's environment at start: the generated
 * credentials, or those of the Secret `studio.basicAuthSecretRef` names.
 * The publishable and secret keys are always accepted; the legacy anon and
 * service_role keys only while `spec.apiKeys.legacy` is on.
 */
export function buildKongConfig(
  project: ProjectObjectInput,
  owner: AnchorRef,
  serviceUrl: (component: string, port: number) => string,
): V1ConfigMap {
  const both = ['admin', 'anon'];
  const legacy = legacyApiKeysOn(project.spec);
  const credentials = (
    key: 'SUPABASE_PUBLISHABLE_KEY' | 'SUPABASE_SECRET_KEY',
    legacyKey: 'SUPABASE_ANON_KEY' | 'SUPABASE_SERVICE_KEY',
  ) => [
    ...(legacy ? [{ key: kongPlaceholder(legacyKey) }] : []),
    { key: kongPlaceholder(key) },
  ];
  const services = [
    {
      name: 'auth-v1-open',
      url: `${serviceUrl('auth', 9999)}/verify`,
      routes: [
        { name: 'auth-v1-open', strip_path: true, paths: ['/auth/v1/verify'] },
      ],
      plugins: [{ name: 'cors' }],
    },
    {
      name: 'auth-v1-open-callback',
      url: `${serviceUrl('auth', 9999)}/callback`,
      routes: [
        {
          name: 'auth-v1-open-callback',
          strip_path: true,
          paths: ['/auth/v1/callback'],
        },
      ],
      plugins: [{ name: 'cors' }],
    },
    // Auth's public keys, which anyone verifying its tokens reads.
    {
      name: 'auth-v1-open-jwks',
      url: `${serviceUrl('auth', 9999)}/.well-known/jwks.json`,
      routes: [
        {
          name: 'auth-v1-open-jwks',
          strip_path: true,
          paths: ['/auth/v1/.well-known/jwks.json'],
        },
      ],
      plugins: [{ name: 'cors' }],
    },
    api('/auth/v1/', `${serviceUrl('auth', 9999)}/`, both, 'auth-v1'),
    api('/rest/v1/', `${serviceUrl('rest', 3000)}/`, both, 'rest-v1'),
    // Realtime's tenant administration and its OpenAPI document are not
    // for clients (upstream's 0.6.0 security fix): the longer paths win.
    ...['tenants', 'openapi'].map(blocked => ({
      name: `realtime-v1-rest-${blocked}`,
      url: `${serviceUrl('realtime', 4000)}/api/${blocked}`,
      routes: [
        {
          name: `realtime-v1-rest-${blocked}`,
          strip_path: true,
          paths: [`/realtime/v1/api/${blocked}`],
        },
      ],
      plugins: [
        {
          name: 'request-termination',
          config: { status_code: 403, message: 'Access is forbidden.' },
        },
      ],
    })),
    api(
      '/realtime/v1/',
      `${serviceUrl('realtime', 4000)}/socket/`,
      both,
      'realtime-v1',
      translateRealtimeKeys,
    ),
    ...(project.spec.storage
      ? [
          {
            name: 'storage-v1',
            url: `${serviceUrl('storage', 5000)}/`,
            routes: [
              { name: 'storage-v1', strip_path: true, paths: ['/storage/v1/'] },
            ],
            // No key-auth: Storage checks its own requests (presigned
            // URLs carry no key), but opaque keys are translated.
            plugins: [{ name: 'cors' }, translateKeys, dropEmptyAuthorization],
          },
        ]
      : []),
    // Edge functions, only when enabled: an API key (anon or service_role)
    // is required, as for the other APIs.
    ...(functionsEnabled(project)
      ? [
          api(
            '/functions/v1/',
            `${serviceUrl('functions', FUNCTIONS_PORT)}/`,
            both,
            'functions-v1',
          ),
        ]
      : []),
    api('/pg/', `${serviceUrl('meta', 8080)}/`, ['admin'], 'meta', undefined),
    {
      name: 'dashboard',
      url: `${serviceUrl('studio', 3000)}/`,
      routes: [{ name: 'dashboard', strip_path: true, paths: ['/'] }],
      plugins: [
        { name: 'cors' },
        { name: 'basic-auth', config: { hide_credentials: true } },
      ],
    },
  ];
  const config = {
    _format_version: '2.1',
    _transform: true,
    consumers: [
      {
        username: 'DASHBOARD',
        basicauth_credentials: [
          {
            username: '__DASHBOARD_USERNAME__',
            password: '__DASHBOARD_PASSWORD__',
          },
        ],
      },
      {
        username: 'anon',
        keyauth_credentials: credentials(
          'SUPABASE_PUBLISHABLE_KEY',
          'SUPABASE_ANON_KEY',
        ),
      },
      {
        username: 'service_role',
        keyauth_credentials: credentials(
          'SUPABASE_SECRET_KEY',
          'SUPABASE_SERVICE_KEY',
        ),
      },
    ],
    acls: [
      { consumer: 'anon', group: 'anon' },
      { consumer: 'service_role', group: 'admin' },
    ],
    services,
  };
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: objectNames(project.name).component('kong'),
      namespace: project.namespace,
      labels: standardLabels(project.name, 'kong'),
      ownerReferences: [ownerReferenceTo(owner)],
    },
    data: { 'kong.json': JSON.stringify(config, null, 2) },
  };
}
