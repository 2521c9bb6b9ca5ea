import {
  ComponentOverrides,
  CreateProjectRequest,
  ProjectSpec,
  SUPABASE_COMPONENTS,
  SupabaseComponentName,
  stringifyProjectRef,
} from '@supabase-backstage/plugin-supabase-common';
import { ProjectInput } from './projectInput';

/** What a create step will produce, known before anything is created. */
export interface ProjectPlan {
  request: CreateProjectRequest;
  /** `<namespace>/<name>`. */
  projectRef: string;
  /** The project's page in the Backstage app. */
  projectUrl: string;
  dbInitJobName: string;
  /** `Kind/name` of every object the backend creates for the project. */
  objects: string[];
}

/** Turns the action's input into the body of `POST /projects`. */
export function toCreateProjectRequest(
  input: ProjectInput,
): CreateProjectRequest {
  const spec: ProjectSpec = {
    ...(input.cluster && { cluster: input.cluster }),
    database: {
      ...(input.databaseServerSecret
        ? { serverSecretRef: input.databaseServerSecret }
        : { secretRef: input.databaseSecret }),
      ...(input.databaseSslMode && { sslMode: input.databaseSslMode }),
      ...(input.databaseMajorVersion && {
        majorVersion: input.databaseMajorVersion,
      }),
      ...(input.databaseMaxConnections !== undefined && {
        maxConnections: input.databaseMaxConnections,
      }),
    },
  };
  if (input.storageSecret) {
    spec.storage = { secretRef: input.storageSecret };
  }
  if (input.ingressHost) {
    spec.ingress = {
      host: input.ingressHost,
      ...(input.ingressClassName && { className: input.ingressClassName }),
      ...(input.ingressAnnotations && {
        annotations: input.ingressAnnotations,
      }),
      ...(input.ingressTlsSecret && { tlsSecretRef: input.ingressTlsSecret }),
    };
  }
  const auth: NonNullable<ProjectSpec['auth']> = {
    ...(input.authSiteUrl && { siteUrl: input.authSiteUrl }),
    ...(input.authSmtpSecret && { smtpSecretRef: input.authSmtpSecret }),
  };
  const oauthProviders = Object.fromEntries(
    Object.entries(input.authOAuthProviders ?? {}).filter(
      ([, provider]) => provider,
    ),
  ) as NonNullable<NonNullable<ProjectSpec['auth']>['oauthProviders']>;
  if (Object.keys(oauthProviders).length > 0) {
    auth.oauthProviders = oauthProviders;
  }
  if (Object.keys(auth).length > 0) spec.auth = auth;
  if (input.jwtExpirySeconds !== undefined) {
    spec.jwt = { expirySeconds: input.jwtExpirySeconds };
  }
  if (input.legacyApiKeys !== undefined) {
    spec.apiKeys = { legacy: input.legacyApiKeys };
  }
  const dbInit: NonNullable<ProjectSpec['dbInit']> = {
    ...(input.dbInitImage && { image: input.dbInitImage }),
    ...(input.dbInitStrict !== undefined && { strict: input.dbInitStrict }),
    ...(input.customSqlConfigMap && {
      customSqlConfigMap: input.customSqlConfigMap,
    }),
    ...(input.dbInitHoldUpgrades !== undefined && {
      holdUpgrades: input.dbInitHoldUpgrades,
    }),
  };
  if (Object.keys(dbInit).length > 0) spec.dbInit = dbInit;
  if (input.functionsEnabled !== undefined) {
    spec.functions = {
      enabled: input.functionsEnabled,
      ...(input.functionsConfigMap && {
        configMapRef: input.functionsConfigMap,
      }),
    };
  }
  const studio: NonNullable<ProjectSpec['studio']> = {
    ...(input.studioPublicUrl && { publicUrl: input.studioPublicUrl }),
    ...(input.studioBasicAuthSecret && {
      basicAuthSecretRef: input.studioBasicAuthSecret,
    }),
  };
  if (Object.keys(studio).length > 0) spec.studio = studio;
  const components = toComponentOverrides(input.components);
  if (components) spec.components = components;
  return {
    namespace: input.namespace,
    name: input.name,
    spec,
    ...(input.owner && { owner: input.owner }),
  };
}

function toComponentOverrides(
  components: ProjectInput['components'],
): ProjectSpec['components'] {
  if (!components) return undefined;
  const result: Partial<Record<SupabaseComponentName, ComponentOverrides>> = {};
  for (const component of SUPABASE_COMPONENTS) {
    const overrides = components[component];
    // An empty object from a form overrides nothing; leave it out.
    if (overrides && Object.keys(overrides).length > 0) {
      result[component] = overrides as ComponentOverrides;
    }
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * Names the objects the backend creates for a project, by the naming rules
 * of the design (`<project>-db-init`, `<project>-jwt`, `<project>-<component>`),
 * so a dry run can show them and later steps can refer to them: the edge
 * runtime's ConfigMap with functions, the Ingress with `ingress`.
 */
export function projectObjects(request: CreateProjectRequest): string[] {
  const { name, spec } = request;
  const objects = [
    `ConfigMap/${name}-db-init`,
    `Job/${name}-db-init`,
    `Secret/${name}-jwt`,
  ];
  for (const component of SUPABASE_COMPONENTS) {
    // The storage component exists only when storage is configured, the
    // edge functions only when enabled.
    if (component === 'storage' && !spec.storage) continue;
    if (component === 'functions' && !spec.functions?.enabled) continue;
    if (component === 'functions') {
      // Its main service (and the `hello` function without the user's own).
      objects.push(`ConfigMap/${name}-functions`);
    }
    objects.push(
      `Deployment/${name}-${component}`,
      `Service/${name}-${component}`,
    );
  }
  // The Ingress takes kong's name: it publishes the API gateway.
  if (spec.ingress) objects.push(`Ingress/${name}-kong`);
  return objects;
}

/**
 * The project page: `<app.baseUrl>/supabase/<namespace>/<name>`. Without a
 * base URL the link is app-relative, which the scaffolder UI still follows.
 */
export function projectPageUrl(
  appBaseUrl: string | undefined,
  ref: { namespace: string; name: string },
): string {
  const base = (appBaseUrl ?? '').replace(/\/+$/, '');
  return `${base}/supabase/${encodeURIComponent(
    ref.namespace,
  )}/${encodeURIComponent(ref.name)}`;
}

/** Everything a create step will produce that can be known in advance. */
export function planProject(
  input: ProjectInput,
  appBaseUrl: string | undefined,
): ProjectPlan {
  const request = toCreateProjectRequest(input);
  return {
    request,
    projectRef: stringifyProjectRef(request),
    projectUrl: projectPageUrl(appBaseUrl, request),
    dbInitJobName: `${request.name}-db-init`,
    objects: projectObjects(request),
  };
}
