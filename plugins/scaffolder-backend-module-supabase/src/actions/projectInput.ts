import { InputError } from '@backstage/errors';
import {
  AUTH_OAUTH_PROVIDERS,
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
import { z as z4 } from 'zod/v4';

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

/** The longest host name DNS allows. */
const HOST_MAX_LENGTH = 253;
/** The longest annotation key Kubernetes allows (253-character prefix, "/", 63). */
const ANNOTATION_KEY_MAX_LENGTH = 316;

// The backend's own URL rule (zod 4's `z.url` limited to http and https),
// so that both accept the same URLs.
const httpUrl = z4.url({ protocol: /^https?$/ });
function httpUrlProblem(value: string): string | undefined {
  return httpUrl.safeParse(value).success
    ? undefined
    : 'must be an http or https URL';
}

const url = (zod: Zod) =>
  zod.string().min(1).superRefine(refineWith(httpUrlProblem));

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
  cluster: (zod: Zod) =>
    zod
      .string()
      .min(1)
      .max(253)
      .optional()
      .describe(
        "Name of the cluster the project runs on, one of the backend's `kubernetes.clusterLocatorMethods` clusters; the first configured when omitted. A project cannot move to another cluster later",
      ),
  owner: (zod: Zod) =>
    zod
      .string()
      .min(1)
      .optional()
      .describe(
        'Entity ref of the owning group or user, e.g. `group:default/team-a` (the OwnerPicker gives one); the user who runs the template when omitted',
      ),
  databaseServerSecret: (zod: Zod) =>
    objectName(zod)
      .optional()
      .describe(
        'Secret in the namespace with a PostgreSQL server login that may create databases and roles (keys `host`, `port`, `username`, `password`, optional `database`): the project gets its own database there, created for it. Give this or `databaseSecret`',
      ),
  databaseSecret: (zod: Zod) =>
    objectName(zod)
      .optional()
      .describe(
        'Secret in the namespace with an existing PostgreSQL database, which the project then holds alone: keys `host`, `port`, `database`, `username`, `password`. Give this or `databaseServerSecret`',
      ),
  databaseSslMode: (zod: Zod) =>
    zod
      .enum(DATABASE_SSL_MODES)
      .optional()
      .describe('libpq `sslmode` for connections to the database'),
  databaseMajorVersion: (zod: Zod) =>
    zod
      .union([zod.literal(15), zod.literal(17)])
      .optional()
      .describe(
        "The server's PostgreSQL major version (15 or 17; the backend's default is 15): the db-init Job runs the psql of the same major",
      ),
  databaseMaxConnections: (zod: Zod) =>
    zod
      .number()
      .int()
      .min(1)
      .max(MAX_DATABASE_CONNECTIONS)
      .optional()
      .describe(
        'Upper bound on the connections the components hold, split over every replica of auth, rest, realtime and storage (at least one each)',
      ),
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
  legacyApiKeys: (zod: Zod) =>
    zod
      .boolean()
      .optional()
      .describe(
        'Also accept the legacy anon and service_role keys (`spec.apiKeys.legacy`); default off: the publishable and secret keys only',
      ),
  ingressHost: (zod: Zod) =>
    zod
      .string()
      .max(HOST_MAX_LENGTH)
      .regex(
        OBJECT_NAME_PATTERN,
        'must be a DNS name: lower-case letters, digits, "-" and "."',
      )
      .optional()
      .describe(
        'Publishes the API gateway (kong) through an Ingress `<name>-kong` on this host, e.g. `todo.apps.example.com`; without it the API is reachable inside the cluster only',
      ),
  ingressClassName: (zod: Zod) =>
    objectName(zod)
      .optional()
      .describe(
        "The Ingress's IngressClass; the cluster's default when omitted. Needs `ingressHost`",
      ),
  ingressTlsSecret: (zod: Zod) =>
    objectName(zod)
      .optional()
      .describe(
        'A `kubernetes.io/tls` Secret (`tls.crt`, `tls.key`) for the Ingress: the API is then served over HTTPS. Needs `ingressHost`',
      ),
  ingressAnnotations: (zod: Zod) =>
    zod
      .record(zod.string().min(1).max(ANNOTATION_KEY_MAX_LENGTH), zod.string())
      .optional()
      .describe(
        "Annotations for the ingress controller, e.g. cert-manager's `cert-manager.io/cluster-issuer`. Needs `ingressHost`",
      ),
  functionsEnabled: (zod: Zod) =>
    zod
      .boolean()
      .optional()
      .describe(
        'Deploys edge functions (`supabase/edge-runtime`), served at `/functions/v1/<name>`; off by default. Override their Deployment with `components.functions`',
      ),
  functionsConfigMap: (zod: Zod) =>
    objectName(zod)
      .optional()
      .describe(
        'ConfigMap in the namespace with one `<name>.ts` key per function; without it a `hello` function is deployed. Needs `functionsEnabled`',
      ),
  studioPublicUrl: (zod: Zod) =>
    url(zod)
      .optional()
      .describe(
        'Where Studio is reached from outside (an http or https URL, through kong); the Studio endpoint the project reports',
      ),
  studioBasicAuthSecret: (zod: Zod) =>
    objectName(zod)
      .optional()
      .describe(
        "Secret with `username` and `password` for the dashboard's basic auth in kong; without it credentials are generated (in `<name>-jwt`)",
      ),
  authSiteUrl: (zod: Zod) =>
    url(zod)
      .optional()
      .describe(
        "Where users land after signing in (an http or https URL, GoTrue's site URL); default Studio",
      ),
  authSmtpSecret: (zod: Zod) =>
    objectName(zod)
      .optional()
      .describe(
        'Secret with `host`, `port`, `username`, `password` and `senderEmail` for sign-up and password-reset emails',
      ),
  authOAuthProviders: (zod: Zod) =>
    zod
      .object(
        Object.fromEntries(
          AUTH_OAUTH_PROVIDERS.map(provider => [
            provider,
            zod
              .object({ secretRef: objectName(zod) })
              .strict()
              .optional(),
          ]),
        ) as Record<
          (typeof AUTH_OAUTH_PROVIDERS)[number],
          z.ZodOptional<
            z.ZodObject<{ secretRef: ReturnType<typeof objectName> }, 'strict'>
          >
        >,
      )
      .strict()
      .optional()
      .describe(
        `OAuth providers to enable (${AUTH_OAUTH_PROVIDERS.join(
          ', ',
        )}), each as \`{ secretRef }\`: a Secret with \`clientId\` and \`clientSecret\`. An empty \`secretRef\` leaves the provider out`,
      ),
  dbInitHoldUpgrades: (zod: Zod) =>
    zod
      .boolean()
      .optional()
      .describe(
        'Hold back SQL upgrades once the project is Running: a changed SQL set (or custom scripts) is reported as a warning instead of being applied',
      ),
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
  .strict()
  .superRefine((input, ctx) => {
    if (!input.databaseSecret === !input.databaseServerSecret) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['databaseServerSecret'],
        message: input.databaseSecret
          ? 'give either `databaseServerSecret` (a database of its own on a server) or `databaseSecret` (an existing database), not both'
          : 'give `databaseServerSecret` (a database of its own on a server) or `databaseSecret` (an existing database)',
      });
    }
    // Settings of a block whose switch is off would be dropped silently.
    const needs = (
      field: keyof typeof projectInputSchema,
      given: boolean,
      needed: keyof typeof projectInputSchema,
      set: boolean,
    ) => {
      if (given && !set) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [field],
          message: `needs \`${needed}\``,
        });
      }
    };
    const hasHost = input.ingressHost !== undefined;
    needs('ingressClassName', !!input.ingressClassName, 'ingressHost', hasHost);
    needs('ingressTlsSecret', !!input.ingressTlsSecret, 'ingressHost', hasHost);
    needs(
      'ingressAnnotations',
      !!input.ingressAnnotations,
      'ingressHost',
      hasHost,
    );
    needs(
      'functionsConfigMap',
      !!input.functionsConfigMap,
      'functionsEnabled',
      input.functionsEnabled !== undefined,
    );
  });

const isEmpty = (value: unknown) =>
  value === '' || value === null || value === undefined;

/** Leaves out the OAuth providers a form left without a Secret. */
function withoutEmptyProviders(providers: unknown): unknown {
  if (!providers || typeof providers !== 'object' || Array.isArray(providers)) {
    return providers;
  }
  return Object.fromEntries(
    Object.entries(providers).filter(
      ([, value]) =>
        !isEmpty(value) &&
        !(
          typeof value === 'object' &&
          isEmpty((value as { secretRef?: unknown }).secretRef)
        ),
    ),
  );
}

/**
 * Parses the raw step input, or throws an InputError naming every field at
 * fault. Optional fields rendered from an empty form field arrive as `''`;
 * they mean "not set", as does an OAuth provider with an empty `secretRef`.
 */
export function parseProjectInput(raw: unknown): ProjectInput {
  const cleaned =
    raw && typeof raw === 'object' && !Array.isArray(raw)
      ? Object.fromEntries(
          Object.entries(raw)
            .filter(([, value]) => !isEmpty(value))
            .map(([key, value]) => [
              key,
              key === 'authOAuthProviders'
                ? withoutEmptyProviders(value)
                : value,
            ]),
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
