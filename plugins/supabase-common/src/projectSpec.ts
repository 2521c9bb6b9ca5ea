import { z } from 'zod';
import { SUPABASE_COMPONENTS, SupabaseComponentName } from './components';
import {
  AUTH_OAUTH_PROVIDERS,
  DATABASE_SSL_MODES,
  ENV_NAME_PATTERN,
  IMAGE_MAX_LENGTH,
  JWT_EXPIRY_MAX_SECONDS,
  JWT_EXPIRY_MIN_SECONDS,
  MAX_DATABASE_CONNECTIONS,
  MAX_REPLICAS,
  OBJECT_NAME_MAX_LENGTH,
  OBJECT_NAME_PATTERN,
  QUANTITY_PATTERN,
} from './specLimits';

/**
 * The project spec, declared once. The TypeScript types below are inferred
 * from it, the backend validates requests with it, and the REST API's
 * OpenAPI document carries its JSON schema (written there by
 * `yarn openapi:generate`). Change a field here, then run that command.
 */

/** The PostgreSQL majors the SQL set supports. @public */
export const POSTGRES_MAJOR_VERSIONS = [15, 17] as const;

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

const componentOverrides = z
  .object({
    image: z.string().min(1).max(IMAGE_MAX_LENGTH).optional(),
    replicas: z
      .number()
      .int()
      .min(0)
      .max(MAX_REPLICAS)
      .optional()
      .meta({ description: `0 to ${MAX_REPLICAS}.` }),
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
      .optional()
      .meta({
        description:
          'Extra environment variables (plain values; never secrets).',
      }),
  })
  .strict()
  .meta({ description: "Overrides for one component's Deployment." });

const databaseSpec = z
  .object({
    secretRef: objectName.optional().meta({
      description:
        'An existing database: a Secret in the project namespace with host, port, database, username, password.',
    }),
    serverSecretRef: objectName.optional().meta({
      description:
        "A PostgreSQL server: a Secret in the project namespace with host, port, username, password of a login with CREATEDB and CREATEROLE, and optionally database (the maintenance database, default postgres). The plugin creates the project's own database on it.",
    }),
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
      .optional()
      .meta({
        description:
          "The server's PostgreSQL major version (default 15). The db-init Job runs the psql of the same major and warns when the server runs another.",
      }),
  })
  .strict()
  .meta({
    description:
      'Where the project data lives: exactly one of secretRef (an existing database) and serverSecretRef (a server on which the plugin creates the project database).',
  });

const secretRef = z.object({ secretRef: objectName }).strict();

/** One optional field per component, so an unknown component is refused by name. */
const componentsShape = Object.fromEntries(
  SUPABASE_COMPONENTS.map(name => [name, componentOverrides.optional()]),
) as Record<SupabaseComponentName, z.ZodOptional<typeof componentOverrides>>;

/**
 * The project spec: what a project is asked to be. Field-level rules that
 * need the backend's knowledge (how many connections the pooled replicas
 * take) are added by the backend's validation.
 *
 * @public
 */
export const projectSpecSchema = z
  .object({
    database: databaseSpec,
    cluster: z.string().min(1).max(OBJECT_NAME_MAX_LENGTH).optional().meta({
      description:
        'The cluster the project runs on, by its configured name; default the first configured cluster.',
    }),
    storage: secretRef.optional().meta({
      description:
        'Secret with endpoint, region, bucket, accessKeyId, secretAccessKey. Without it the storage component is not deployed.',
    }),
    ingress: z
      .object({
        host: z
          .string()
          .max(253)
          .regex(
            OBJECT_NAME_PATTERN,
            'must be a DNS name: lower-case letters, digits, "-" and "."',
          ),
        className: objectName
          .optional()
          .meta({ description: "The IngressClass; the cluster's default." }),
        annotations: z
          .record(z.string().min(1).max(316), z.string())
          .optional()
          .meta({ description: 'Annotations for the ingress controller.' }),
        tlsSecretRef: objectName.optional().meta({
          description: 'A kubernetes.io/tls Secret with tls.crt and tls.key.',
        }),
      })
      .strict()
      .optional()
      .meta({
        description: 'Publishes the API gateway through an Ingress on host.',
      }),
    auth: z
      .object({
        siteUrl: z
          .url({ protocol: /^https?$/ })
          .optional()
          .meta({
            description:
              "Where users land after signing in (GoTrue's site URL); default Studio.",
          }),
        smtpSecretRef: objectName.optional().meta({
          description:
            'Secret with host, port, username, password and senderEmail for sign-up and password-reset emails.',
        }),
        oauthProviders: z
          .partialRecord(z.enum(AUTH_OAUTH_PROVIDERS), secretRef)
          .optional()
          .meta({
            description:
              'OAuth providers to enable, each with a Secret with clientId and clientSecret.',
          }),
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
          .optional()
          .meta({ description: 'Lifetime of user tokens; default 3600.' }),
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
          .optional()
          .meta({
            description:
              'Also issue the legacy JWT anon and service_role keys next to the publishable and secret keys.',
          }),
      })
      .strict()
      .optional(),
    dbInit: z
      .object({
        image: z.string().min(1).max(IMAGE_MAX_LENGTH).optional().meta({
          description:
            "The db-init Job's image; default postgres:<database.majorVersion>-alpine.",
        }),
        strict: z.boolean().optional().meta({
          description:
            'Stop at the first SQL error instead of continuing (ON_ERROR_STOP=1).',
        }),
        customSqlConfigMap: objectName.optional().meta({
          description:
            'A ConfigMap in the namespace whose .sql files run after the set.',
        }),
        holdUpgrades: z.boolean().optional().meta({
          description:
            'Hold back SQL upgrades of a Running project: a changed SQL set is reported as a warning instead of being applied.',
        }),
      })
      .strict()
      .optional(),
    functions: z
      .object({
        enabled: z.boolean(),
        configMapRef: objectName.optional().meta({
          description:
            'A ConfigMap with one <name>.ts key per function; without it a hello function is deployed.',
        }),
      })
      .strict()
      .optional()
      .meta({ description: 'Edge functions, off by default.' }),
    studio: z
      .object({
        publicUrl: z
          .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
          .optional()
          .meta({
            description: 'Where Studio is reached from outside (through Kong).',
          }),
        basicAuthSecretRef: objectName.optional().meta({
          description:
            "Secret with username and password for the dashboard's basic auth; generated credentials without it.",
        }),
      })
      .strict()
      .optional(),
    components: z.object(componentsShape).strict().optional(),
    lifecycle: z
      .string()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/,
        'must be a word such as experimental or production (letters, digits, ".", "_", "-"; at most 63)',
      )
      .optional()
      .meta({
        description:
          "The catalog entity's spec.lifecycle; the catalog module's default (experimental) without it.",
      }),
  })
  .strict()
  .superRefine((value, ctx) => {
    const { secretRef: existing, serverSecretRef } = value.database;
    if (!existing === !serverSecretRef) {
      ctx.addIssue({
        code: 'custom',
        path: ['database'],
        message: existing
          ? 'set either secretRef (an existing database) or serverSecretRef (a server on which the project gets its own database), not both; remove one'
          : 'set secretRef (a Secret of an existing database) or serverSecretRef (a Secret of a server on which the project gets its own database)',
      });
    }
  })
  .meta({ description: 'What a project is asked to be.' });

/** What a project is asked to be. @public */
export type ProjectSpec = z.infer<typeof projectSpecSchema>;

/**
 * Where a project's data lives. Exactly one of `secretRef` (an existing
 * database) and `serverSecretRef` (a server on which the plugin creates the
 * project's own database) is set. @public
 */
export type DatabaseSpec = ProjectSpec['database'];

/** Overrides for one component's Deployment. @public */
export type ComponentOverrides = z.infer<typeof componentOverrides>;

/** libpq sslmode values. @public */
export type DatabaseSslMode = (typeof DATABASE_SSL_MODES)[number];

/** A PostgreSQL major the SQL set supports. @public */
export type PostgresMajorVersion = (typeof POSTGRES_MAJOR_VERSIONS)[number];
