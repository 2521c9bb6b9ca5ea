import type {
  V1ConfigMap,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import { AnchorRef, ownerReferenceTo } from './anchor';
import { standardLabels } from './labels';
import { objectNames } from './objectNames';
import { ProjectObjectInput } from './types';

/** The edge runtime's port. */
export const FUNCTIONS_PORT = 9000;

/** Where the pieces live in the edge runtime's container. */
const MAIN_DIR = '/home/deno/main';
const SOURCE_DIR = '/home/deno/source';
const FUNCTIONS_DIR = '/home/deno/functions';

/** The main service answers this path itself: the readiness probe's. */
export const FUNCTIONS_HEALTH_PATH = '/_internal/health';

/**
 * The edge runtime's main service, written for this plugin (upstream's
 * self-hosting setup has one of its own). It serves `/<name>/...` with the
 * function in `/home/deno/functions/<name>`, refuses names that are not
 * plain names (no `..`, no `/`), answers its health path, and, with
 * `VERIFY_JWT=true`, requires a bearer JWT signed with the project's secret
 * (HS256, checked with Web Crypto, so nothing is downloaded at start).
 * Kong has already required an API key by then.
 *
 * Plain JavaScript that is also TypeScript, with no imports, so the tests
 * can run it with a stand-in for `Deno` and `EdgeRuntime`.
 */
export const FUNCTIONS_MAIN_SERVICE = `// Main service of the edge runtime (Supabase for Backstage).
const FUNCTIONS_DIR = '${FUNCTIONS_DIR}';
const HEALTH_PATH = '${FUNCTIONS_HEALTH_PATH}';
const NAME = /^[A-Za-z0-9_-]+$/;
const VERIFY_JWT = Deno.env.get('VERIFY_JWT') === 'true';
const JWT_SECRET = Deno.env.get('JWT_SECRET') || '';

function reply(status, body) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function fromBase64Url(text) {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  return Uint8Array.from(binary, c => c.charCodeAt(0));
}

async function validJwt(token) {
  const parts = token.split('.');
  if (parts.length !== 3 || !JWT_SECRET) return false;
  try {
    const decode = part => JSON.parse(new TextDecoder().decode(fromBase64Url(part)));
    const header = decode(parts[0]);
    const payload = decode(parts[1]);
    if (header.alg !== 'HS256') return false;
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(JWT_SECRET),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['verify'],
    );
    const signed = await crypto.subtle.verify(
      'HMAC',
      key,
      fromBase64Url(parts[2]),
      new TextEncoder().encode(parts[0] + '.' + parts[1]),
    );
    if (!signed) return false;
    return typeof payload.exp !== 'number' || payload.exp > Date.now() / 1000;
  } catch {
    return false;
  }
}

Deno.serve(async req => {
  const { pathname } = new URL(req.url);
  if (pathname === HEALTH_PATH) return reply(200, { status: 'ok' });
  const name = pathname.split('/')[1] || '';
  if (!NAME.test(name)) {
    return reply(400, { msg: 'missing or invalid function name in request' });
  }
  if (VERIFY_JWT && req.method !== 'OPTIONS') {
    const match = /^Bearer (\\S+)$/.exec(req.headers.get('authorization') || '');
    if (!match || !(await validJwt(match[1]))) {
      return reply(401, { msg: 'Invalid JWT' });
    }
  }
  const servicePath = FUNCTIONS_DIR + '/' + name;
  try {
    await Deno.stat(servicePath);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      return reply(404, { msg: 'function not found: ' + name });
    }
  }
  try {
    const worker = await EdgeRuntime.userWorkers.create({
      servicePath,
      memoryLimitMb: 150,
      workerTimeoutMs: 60 * 1000,
      noModuleCache: false,
      importMapPath: null,
      envVars: Object.entries(Deno.env.toObject()),
    });
    return await worker.fetch(req);
  } catch (error) {
    console.error('function ' + name + ' failed:', error);
    return reply(500, { msg: String(error) });
  }
});
`;

/** The function a project gets when it names no ConfigMap of its own. */
export const HELLO_FUNCTION = `// A first function: GET /functions/v1/hello
Deno.serve(async req => {
  const { name } = await req.json().catch(() => ({}));
  return new Response(
    JSON.stringify({ message: 'Hello ' + (name || 'from Supabase Edge Functions') + '!' }),
    { headers: { 'Content-Type': 'application/json' } },
  );
});
`;

/**
 * The edge runtime's start: each `<name>.ts` of the functions ConfigMap
 * becomes `/home/deno/functions/<name>/index.ts` (the layout the runtime
 * serves), then the runtime starts with the main service. A changed
 * ConfigMap reaches the functions when the pods restart.
 */
export const FUNCTIONS_COMMAND = [
  'sh',
  '-c',
  [
    'set -e',
    `for file in ${SOURCE_DIR}/*.ts; do`,
    '  [ -e "$file" ] || continue',
    '  name=$(basename "$file" .ts)',
    '  case "$name" in *[!A-Za-z0-9_-]*) echo "skipping $file: not a function name" >&2; continue ;; esac',
    `  mkdir -p "${FUNCTIONS_DIR}/$name"`,
    `  cp "$file" "${FUNCTIONS_DIR}/$name/index.ts"`,
    '  echo "function $name"',
    'done',
    `exec edge-runtime start --main-service ${MAIN_DIR} --port ${FUNCTIONS_PORT}`,
  ].join('\n'),
];

/** True when the project asks for edge functions. */
export function functionsEnabled(
  project: Pick<ProjectObjectInput, 'spec'>,
): boolean {
  return project.spec.functions?.enabled === true;
}

/**
 * `<project>-functions`: the main service and the hello function. The
 * user's functions, when named, come from their own ConfigMap.
 */
export function buildFunctionsConfigMap(
  project: ProjectObjectInput,
  owner: AnchorRef,
): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: objectNames(project.name).component('functions'),
      namespace: project.namespace,
      labels: standardLabels(project.name, 'functions'),
      ownerReferences: [ownerReferenceTo(owner)],
    },
    data: { 'main.ts': FUNCTIONS_MAIN_SERVICE, 'hello.ts': HELLO_FUNCTION },
  };
}

/** The edge runtime's volumes: main service, function sources, a work dir. */
export function functionsVolumes(project: ProjectObjectInput): {
  volumes: V1Volume[];
  mounts: V1VolumeMount[];
} {
  const own = objectNames(project.name).component('functions');
  const userConfigMap = project.spec.functions?.configMapRef;
  return {
    volumes: [
      {
        name: 'main',
        configMap: { name: own, items: [{ key: 'main.ts', path: 'index.ts' }] },
      },
      {
        name: 'source',
        configMap: userConfigMap
          ? { name: userConfigMap }
          : { name: own, items: [{ key: 'hello.ts', path: 'hello.ts' }] },
      },
      { name: 'functions', emptyDir: {} },
    ],
    mounts: [
      { name: 'main', mountPath: MAIN_DIR, readOnly: true },
      { name: 'source', mountPath: SOURCE_DIR, readOnly: true },
      { name: 'functions', mountPath: FUNCTIONS_DIR },
    ],
  };
}
