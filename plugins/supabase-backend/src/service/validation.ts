import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  AUTH_OAUTH_PROVIDERS,
  CreateProjectRequest,
  DATABASE_SSL_MODES,
  ENV_NAME_PATTERN,
  IMAGE_MAX_LENGTH,
  POSTGRES_MAJOR_VERSIONS,
  JWT_EXPIRY_MAX_SECONDS,
  JWT_EXPIRY_MIN_SECONDS,
  ListProjectsQuery,
  ProjectSpec,
  MAX_DATABASE_CONNECTIONS,
  MAX_REPLICAS,
  OBJECT_NAME_MAX_LENGTH,
  OBJECT_NAME_PATTERN,
  PROJECT_PHASES,
  QUANTITY_PATTERN,
  SUPABASE_COMPONENTS,
  validateNamespaceName,
  validateProjectName,
} from '@supabase-backstage/plugin-supabase-common';
import { z } from 'zod';
import { normalizeOwnerRef } from '../permissions/ownerRef';
import { pooledReplicas, withNewProjectApiKeys } from '../resources';

const OWNER_KINDS = ['user', 'group'];

/**
 * An owner: the entity ref of a user or group, `kind:namespace/name` or
 * `kind:name` (namespace `default`), stored in one normalized form.
 */
const ownerRef = z.string().transform((value, ctx) => {
  try {
    const ref = parseEntityRef(value);
    if (OWNER_KINDS.includes(ref.kind.toLocaleLowerCase('en-US'))) {
      return normalizeOwnerRef(stringifyEntityRef(ref));
    }
  } catch {
    // Reported below, with the fix.
  }
  ctx.addIssue({
    code: 'custom',
    message: `must be the entity ref of a user or group, e.g. "group:default/team-a" (got "${value}")`,
  });
  return z.NEVER;
});

/** A name Kubernetes accepts for a Secret or ConfigMap (DNS-1123 subdomain). */
const objectName = z
  .string()
  .max(OBJECT_NAME_MAX_LENGTH)
  .regex(
    OBJECT_NAME_PATTERN,
    'must be a Kubernetes object name: lower-case letters, digits, "-" and "."',
  );

// Any of the keys, not all of them: `{ cpu: '100m' }` is a valid request.
const quantities = z.partialRecord(
  z.enum(['cpu', 'memory', 'ephemeral-storage']),
  z.string().regex(QUANTITY_PATTERN, 'must be a Kubernetes quantity'),
);

const component = z
  .object({
    image: z.string().min(1).max(IMAGE_MAX_LENGTH).optional(),
    replicas: z.number().int().min(0).max(MAX_REPLICAS).optional(),
    resources: z
      .object({
        requests: quantities.optional(),
        limits: quantities.optional(),
      })
      .strict()
      .optional(),
    env: z
      .record(
        z
          .string()
          .regex(ENV_NAME_PATTERN, 'must be an environment variable name'),
        z.string(),
      )
      .optional(),
  })
  .strict();

const spec = z
  .object({
    cluster: z.string().min(1).max(253).optional(),
    database: z
      .object({
        secretRef: objectName.optional(),
        serverSecretRef: objectName.optional(),
        sslMode: z.enum(DATABASE_SSL_MODES).optional(),
        maxConnections: z
          .number()
          .int()
          .min(1)
          .max(MAX_DATABASE_CONNECTIONS)
          .optional(),
        majorVersion: z
          .union([z.literal(15), z.literal(17)], {
            error: `must be one of ${POSTGRES_MAJOR_VERSIONS.join(
              ', ',
            )}: the major version of the server's PostgreSQL`,
          })
          .optional(),
      })
      .strict(),
    storage: z.object({ secretRef: objectName }).strict().optional(),
    ingress: z
      .object({
        host: z
          .string()
          .max(253)
          .regex(
            OBJECT_NAME_PATTERN,
            'must be a DNS name: lower-case letters, digits, "-" and "."',
          ),
        className: objectName.optional(),
        annotations: z
          .record(z.string().min(1).max(316), z.string())
          .optional(),
        tlsSecretRef: objectName.optional(),
      })
      .strict()
      .optional(),
    auth: z
      .object({
        siteUrl: z.url({ protocol: /^https?$/ }).optional(),
        smtpSecretRef: objectName.optional(),
        oauthProviders: z
          .partialRecord(
            z.enum(AUTH_OAUTH_PROVIDERS),
            z.object({ secretRef: objectName }).strict(),
          )
          .optional(),
      })
      .strict()
      .optional(),
    jwt: z
      .object({
        expirySeconds: z
          .number()
          .int()
          .min(JWT_EXPIRY_MIN_SECONDS)
          .max(JWT_EXPIRY_MAX_SECONDS)
          .optional(),
      })
      .strict()
      .optional(),
    apiKeys: z
      .object({
        legacy: z
          .boolean({
            error:
              'must be true or false: whether the legacy anon and service_role keys are accepted besides the publishable and secret keys',
          })
          .optional(),
      })
      .strict()
      .optional(),
    dbInit: z
      .object({
        image: z.string().min(1).max(IMAGE_MAX_LENGTH).optional(),
        strict: z.boolean().optional(),
        customSqlConfigMap: objectName.optional(),
        holdUpgrades: z.boolean().optional(),
      })
      .strict()
      .optional(),
    functions: z
      .object({
        enabled: z.boolean(),
        configMapRef: objectName.optional(),
      })
      .strict()
      .optional(),
    studio: z
      .object({
        publicUrl: z
          .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
          .optional(),
        basicAuthSecretRef: objectName.optional(),
      })
      .strict()
      .optional(),
    components: z
      .object(
        Object.fromEntries(
          SUPABASE_COMPONENTS.map(name => [name, component.optional()]),
        ),
      )
      .strict()
      .optional(),
    lifecycle: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/,
        'must be a word such as experimental or production (letters, digits, ".", "_", "-"; at most 63)',
      )
      .optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const { secretRef, serverSecretRef } = value.database;
    if (!secretRef === !serverSecretRef) {
      ctx.addIssue({
        code: 'custom',
        path: ['database'],
        message: secretRef
          ? 'set either secretRef (an existing database) or serverSecretRef (a server on which the project gets its own database), not both; remove one'
          : 'set secretRef (a Secret of an existing database) or serverSecretRef (a Secret of a server on which the project gets its own database)',
      });
    }
    const max = value.database.maxConnections;
    const needed = pooledReplicas(value as ProjectSpec);
    if (max !== undefined && max < needed) {
      ctx.addIssue({
        code: 'custom',
        path: ['database', 'maxConnections'],
        message: `must be at least ${needed}, one connection for each replica that keeps a database pool (auth, rest, realtime and storage); raise it or lower their replicas`,
      });
    }
  });

const createProject = z
  .object({
    namespace: z.string().superRefine(refineWith(validateNamespaceName)),
    name: z.string().superRefine(refineWith(validateProjectName)),
    spec,
    owner: ownerRef.optional(),
  })
  .strict();

const updateProject = z
  .object({
    namespace: z.string().optional(),
    name: z.string().optional(),
    spec: spec.optional(),
    owner: ownerRef.optional(),
  })
  .strict()
  .refine(value => value.spec !== undefined || value.owner !== undefined, {
    message: 'give the new "spec", a new "owner", or both',
  });

const listProjects = z
  .object({
    namespace: z.string().optional(),
    phase: z.enum(PROJECT_PHASES as [string, ...string[]]).optional(),
    owner: ownerRef.optional(),
    search: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
    offset: z.coerce.number().int().min(0).optional(),
  })
  .strict();

function refineWith(validate: (value: string) => string | undefined) {
  return (value: string, ctx: z.RefinementCtx) => {
    const problem = validate(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  };
}

/**
 * Parses with a schema, or throws an InputError that names every field at
 * fault and what it must be.
 */
function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map(issue => {
    const field = issue.path.join('.') || '(body)';
    return `${field}: ${issue.message}`;
  });
  throw new InputError(`Invalid ${what}: ${problems.join('; ')}`);
}

/** Parses a new project; its spec gets a new project's defaults. */
export function parseCreateProjectRequest(body: unknown): CreateProjectRequest {
  const request = parse(createProject, body, 'project') as CreateProjectRequest;
  return { ...request, spec: withNewProjectApiKeys(request.spec) };
}

/**
 * Parses an update: a new spec, a new owner, or both. A project keeps its
 * namespace and name: a body that names others is refused, naming the field.
 */
export function parseUpdateProjectRequest(
  body: unknown,
  project: { namespace: string; name: string },
): { spec?: ProjectSpec; owner?: string } {
  const request = parse(updateProject, body, 'project update');
  for (const field of ['namespace', 'name'] as const) {
    const given = request[field];
    if (given !== undefined && given !== project[field]) {
      throw new InputError(
        `Invalid project update: ${field}: a project cannot be ${
          field === 'name' ? 'renamed' : 'moved to another namespace'
        } ("${project[field]}" → "${given}"); create a new project instead`,
      );
    }
  }
  return {
    spec: request.spec as ProjectSpec | undefined,
    owner: request.owner,
  };
}

export function parseListProjectsQuery(query: unknown): ListProjectsQuery {
  return parse(listProjects, query, 'query') as ListProjectsQuery;
}

export function parsePositiveInt(value: unknown, what: string): number {
  return parse(z.coerce.number().int().min(1), value, what);
}

const logSearch = z.object({
  q: z.string().trim().min(1, 'give the text to search for').max(200),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** `?q=&offset=&limit=` of the log search: at most 500 matches a page. */
export function parseLogSearchQuery(query: unknown): z.infer<typeof logSearch> {
  return parse(logSearch, query, 'query');
}
