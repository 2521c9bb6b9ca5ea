import { InputError } from '@backstage/errors';
import {
  DATABASE_SSL_MODES,
  ENV_NAME_PATTERN,
  IMAGE_MAX_LENGTH,
  JWT_EXPIRY_MAX_SECONDS,
  JWT_EXPIRY_MIN_SECONDS,
  MAX_DATABASE_CONNECTIONS,
  MAX_REPLICAS,
  NAMESPACE_PATTERN,
  OBJECT_NAME_MAX_LENGTH,
  OBJECT_NAME_PATTERN,
  QUANTITY_PATTERN,
  PROJECT_NAME_MAX_LENGTH,
  PROJECT_NAME_PATTERN,
  PROVISIONING_PHASES,
  SUPABASE_COMPONENTS,
  validateNamespaceName,
  validateProjectName,
} from '@supabase-backstage/plugin-supabase-common';
import { z } from 'zod/v3';

type Zod = typeof z;

/**
 * The bounds below mirror what the backend's `POST /projects` accepts, so
 * that a template fails at the form or at the start of the step rather than
 * after a round trip. The backend stays the authority: its 400 is passed on.
 */
const DNS_LABEL_MAX = 63;

/** The longest wait a step may ask for; a scaffolder task is no place for more. */
export const MAX_TIMEOUT_SECONDS = 7200;
/** How long to wait when `waitFor` is given without `timeoutSeconds`. */
export const DEFAULT_TIMEOUT_SECONDS = 600;

/**
 * Adds the shared validator's verdict as the field's message, so the action
 * reports exactly what the backend would.
 */
function refineWith(validate: (value: string) => string | undefined) {
  return (value: string, ctx: z.RefinementCtx) => {
    const problem = validate(value);
    if (problem)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  };
}

const objectName = (zod: Zod) =>
  zod
    .string()
    .min(1)
    .max(OBJECT_NAME_MAX_LENGTH)
    .regex(
      OBJECT_NAME_PATTERN,
      'must be a Kubernetes object name: lower-case letters, digits, "-" and "."',
    );

const quantities = (zod: Zod) =>
  zod
    .object({
      cpu: zod.string().regex(QUANTITY_PATTERN).optional(),
      memory: zod.string().regex(QUANTITY_PATTERN).optional(),
      'ephemeral-storage': zod.string().regex(QUANTITY_PATTERN).optional(),
    })
    .strict();

const componentOverrides = (zod: Zod) =>
  zod
    .object({
      image: zod
        .string()
        .min(1)
        .max(IMAGE_MAX_LENGTH)
        .optional()
        .describe('Container image, e.g. `supabase/gotrue:v2.170.0`'),
      replicas: zod.number().int().min(0).max(MAX_REPLICAS).optional(),
      resources: zod
        .object({
          requests: quantities(zod).optional(),
          limits: quantities(zod).optional(),
        })
        .strict()
        .optional()
        .describe(
          'Kubernetes quantities for `cpu`, `memory`, `ephemeral-storage`',
        ),
      env: zod
        .record(
          zod
            .string()
            .regex(ENV_NAME_PATTERN, 'must be an environment variable name'),
          zod.string(),
        )
        .optional()
        .describe('Extra plain environment variables; never put secrets here'),
    })
    .strict();

/**
 * The action's input, as zod callbacks (the form `createTemplateAction`
 * turns into the JSON schema the scaffolder validates against). The handler
 * parses with the same callbacks, because a JSON schema cannot carry the
 * shared name validators and `createMockActionContext` validates nothing.
 */
export const projectInputSchema = {
  name: (zod: Zod) =>
    zod
      .string()
      .max(PROJECT_NAME_MAX_LENGTH)
      .regex(PROJECT_NAME_PATTERN)
      .superRefine(refineWith(validateProjectName))
      .describe(
        `Project name: a DNS label of at most ${PROJECT_NAME_MAX_LENGTH} characters (lower-case letters, digits, "-", starting with a letter)`,
      ),
  namespace: (zod: Zod) =>
    zod
      .string()
      .max(DNS_LABEL_MAX)
      .regex(NAMESPACE_PATTERN)
      .superRefine(refineWith(validateNamespaceName))
      .describe('Kubernetes namespace the project runs in; it must exist'),
  databaseSecret: (zod: Zod) =>
    objectName(zod).describe(
      'Secret in the namespace with the PostgreSQL connection: keys `host`, `port`, `database`, `username`, `password`',
    ),
  databaseSslMode: (zod: Zod) =>
    zod
      .enum(DATABASE_SSL_MODES)
      .optional()
      .describe('libpq `sslmode` for connections to the database'),
  databaseMaxConnections: (zod: Zod) =>
    zod
      .number()
      .int()
      .min(1)
      .max(MAX_DATABASE_CONNECTIONS)
      .optional()
      .describe('Upper bound on the connections the components open'),
  storageSecret: (zod: Zod) =>
    objectName(zod)
      .optional()
      .describe(
        'Secret with S3 settings (`endpoint`, `region`, `bucket`, `accessKeyId`, `secretAccessKey`); without it the storage component is not deployed',
      ),
  customSqlConfigMap: (zod: Zod) =>
    objectName(zod)
      .optional()
      .describe(
        'ConfigMap in the namespace whose `.sql` files run after the Supabase SQL set',
      ),
  dbInitStrict: (zod: Zod) =>
    zod
      .boolean()
      .optional()
      .describe(
        'Stop the db-init Job at the first SQL error (`ON_ERROR_STOP=1`) instead of counting errors and going on',
      ),
  dbInitImage: (zod: Zod) =>
    zod
      .string()
      .min(1)
      .max(IMAGE_MAX_LENGTH)
      .optional()
      .describe('Image of the db-init Job; default `postgres:15-alpine`'),
  jwtExpirySeconds: (zod: Zod) =>
    zod
      .number()
      .int()
      .min(JWT_EXPIRY_MIN_SECONDS)
      .max(JWT_EXPIRY_MAX_SECONDS)
      .optional()
      .describe('Lifetime of user JWTs in seconds; default 3600'),
  components: (zod: Zod) =>
    zod
      .object(
        Object.fromEntries(
          SUPABASE_COMPONENTS.map(component => [
            component,
            componentOverrides(zod).optional(),
          ]),
        ) as Record<
          (typeof SUPABASE_COMPONENTS)[number],
          z.ZodOptional<ReturnType<typeof componentOverrides>>
        >,
      )
      .strict()
      .optional()
      .describe(
        `Overrides per component (${SUPABASE_COMPONENTS.join(
          ', ',
        )}): image, replicas, resources, env`,
      ),
  waitFor: (zod: Zod) =>
    zod
      .enum(PROVISIONING_PHASES)
      .optional()
      .describe(
        'Wait until the project reaches this phase (e.g. `Running`); without it the step returns right after the project is created',
      ),
  timeoutSeconds: (zod: Zod) =>
    zod
      .number()
      .positive()
      .max(MAX_TIMEOUT_SECONDS)
      .optional()
      .describe(
        `How long to wait for \`waitFor\`, in seconds; default ${DEFAULT_TIMEOUT_SECONDS}`,
      ),
};

/** The action's input once parsed. */
export type ProjectInput = z.output<
  z.ZodObject<{
    [K in keyof typeof projectInputSchema]: ReturnType<
      (typeof projectInputSchema)[K]
    >;
  }>
>;

const inputObject = z
  .object(
    Object.fromEntries(
      Object.entries(projectInputSchema).map(([key, field]) => [key, field(z)]),
    ) as {
      [K in keyof typeof projectInputSchema]: ReturnType<
        (typeof projectInputSchema)[K]
      >;
    },
  )
  .strict();

/**
 * Parses the raw step input, or throws an InputError naming every field at
 * fault. Optional fields rendered from an empty form field arrive as `''`;
 * they mean "not set".
 */
export function parseProjectInput(raw: unknown): ProjectInput {
  const cleaned =
    raw && typeof raw === 'object' && !Array.isArray(raw)
      ? Object.fromEntries(
          Object.entries(raw).filter(
            ([, value]) =>
              value !== '' && value !== null && value !== undefined,
          ),
        )
      : raw;
  const result = inputObject.safeParse(cleaned);
  if (result.success) return result.data;

  // The shared validators repeat what `max` and `regex` (kept for the JSON
  // schema) found, in the backend's words: report theirs alone.
  const byField = new Map<string, z.ZodIssue[]>();
  for (const issue of result.error.issues) {
    const field = issue.path.join('.') || '(input)';
    byField.set(field, [...(byField.get(field) ?? []), issue]);
  }
  const problems = [...byField].map(([field, issues]) => {
    const custom = issues.filter(i => i.code === z.ZodIssueCode.custom);
    const shown = custom.length > 0 ? custom : issues;
    return `${field}: ${shown.map(i => i.message).join(', ')}`;
  });
  throw new InputError(
    `Invalid input to supabase:project:create: ${problems.join('; ')}`,
  );
}
