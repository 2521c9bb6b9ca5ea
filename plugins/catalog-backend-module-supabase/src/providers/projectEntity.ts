import { createHash } from 'node:crypto';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  EntityLink,
  ResourceEntity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  NAMESPACE_PATTERN,
  endpointReach,
  PROJECT_NAME_PATTERN,
  ProjectEndpoints,
  SUPABASE_DATABASE_ANNOTATION,
  SUPABASE_PROJECT_ANNOTATION,
  SupabaseProject,
  stringifyProjectRef,
} from '@supabase-backstage/plugin-supabase-common';

/** `spec.type` of the Resource entity of a Supabase project. @public */
export const SUPABASE_PROJECT_RESOURCE_TYPE = 'supabase-project';

/** How Backstage's Kubernetes plugin finds an entity's objects by label. */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';

/**
 * The namespace the Backstage Kubernetes plugin restricts its lookup to; with
 * `backstage.io/kubernetes-id` it finds exactly the project's objects.
 */
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';

/**
 * The cluster the project is on. Backstage's Kubernetes plugin, with
 * `serviceLocatorMethod.type: singleTenant`, asks only that cluster.
 */
export const ANNOTATION_KUBERNETES_CLUSTER = 'backstage.io/kubernetes-cluster';

/** Location type of `backstage.io/managed-by-location`. */
export const PROJECT_LOCATION_TYPE = 'supabase-project';

const ENTITY_NAME_MAX = 63;
const HASH_LENGTH = 10;

/**
 * The Resource of a project. It carries `spec.lifecycle`, which the Resource
 * kind does not define but the catalog's lifecycle filter and tables read
 * from any kind.
 *
 * @public
 */
export type SupabaseProjectEntity = ResourceEntity & {
  spec: ResourceEntity['spec'] & { lifecycle: string };
};

/** How the entities are filled in where the project does not say. @public */
export interface ProjectEntityOptions {
  /** Owner of projects without one (not created by a user). A full entity ref. */
  defaultOwner: string;
  /** `spec.lifecycle` of the project entities whose spec names none. */
  lifecycle: string;
  /**
   * The Backstage app's base URL; when set, each entity links to the
   * project's page (`<appBaseUrl>/supabase/<namespace>/<name>`).
   */
  appBaseUrl?: string;
}

/** The links an endpoint gets, in the order entities list them. */
const ENDPOINT_LINKS: {
  key: keyof ProjectEndpoints;
  title: string;
  icon?: string;
}[] = [
  { key: 'api', title: 'API gateway (Kong)', icon: 'web' },
  { key: 'studio', title: 'Supabase Studio', icon: 'dashboard' },
  { key: 'auth', title: 'Auth API (GoTrue)', icon: 'web' },
  { key: 'rest', title: 'REST API (PostgREST)', icon: 'web' },
  { key: 'realtime', title: 'Realtime API', icon: 'web' },
  { key: 'storage', title: 'Storage API', icon: 'web' },
  { key: 'functions', title: 'Edge Functions', icon: 'web' },
];

/**
 * The catalog name of a project's entity.
 *
 * `<namespace>.<name>` when that is a valid entity name: a project name and a
 * namespace are DNS labels, which contain no `.`, so the dot makes the name
 * unique (`a-b`/`c` and `a`/`b-c` stay apart) and readable. When it would be
 * longer than 63 characters (a namespace can have 63 and a project name 53),
 * or the parts are not DNS labels, it is a cut-down prefix, `_`, and ten hex
 * digits of the SHA-256 of `<namespace>/<name>`. Only these long names contain
 * `_`, so they never collide with a short one.
 *
 * @public
 */
export function projectEntityName(ref: {
  namespace: string;
  name: string;
}): string {
  const plain = `${ref.namespace}.${ref.name}`;
  if (
    plain.length <= ENTITY_NAME_MAX &&
    NAMESPACE_PATTERN.test(ref.namespace) &&
    PROJECT_NAME_PATTERN.test(ref.name)
  ) {
    return plain;
  }
  const hash = createHash('sha256')
    .update(stringifyProjectRef(ref))
    .digest('hex')
    .slice(0, HASH_LENGTH);
  const prefix = plain
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .slice(0, ENTITY_NAME_MAX - HASH_LENGTH - 1)
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[^a-z0-9]+$/, '');
  return `${prefix || 'project'}_${hash}`;
}

/** `supabase-project:<namespace>/<name>`, the entity's (virtual) location. */
export function projectLocation(ref: {
  namespace: string;
  name: string;
}): string {
  return `${PROJECT_LOCATION_TYPE}:${stringifyProjectRef(ref)}`;
}

/**
 * The owner's entity ref, normalized (`user:default/jane`); the default
 * owner when the project has none or it is not an entity ref.
 */
function ownerRef(owner: string | undefined, fallback: string): string {
  if (!owner) return fallback;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'user',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    return fallback;
  }
}

function isUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !value) return false;
  try {
    return Boolean(new URL(value));
  } catch {
    return false;
  }
}

function projectLinks(
  project: SupabaseProject,
  appBaseUrl: string | undefined,
): EntityLink[] {
  const links: EntityLink[] = [];
  if (appBaseUrl) {
    links.push({
      url: `${appBaseUrl.replace(/\/+$/, '')}/supabase/${encodeURIComponent(
        project.namespace,
      )}/${encodeURIComponent(project.name)}`,
      title: 'Project page (phases, db-init, logs)',
      icon: 'dashboard',
      type: 'supabase-project-page',
    });
  }
  for (const { key, title, icon } of ENDPOINT_LINKS) {
    const url = project.endpoints?.[key];
    // A Service address answers inside the cluster only: as a link it
    // would lead nowhere (the project page shows it with its port-forward).
    if (isUrl(url) && endpointReach(url).kind === 'public') {
      links.push({ url, title, icon, type: `supabase-${key}` });
    }
  }
  return links;
}

/**
 * Whether a value from the REST API has what an entity is made from; the
 * provider skips (and logs) anything else rather than failing every project.
 */
export function isProjectLike(value: unknown): value is SupabaseProject {
  const p = value as Partial<SupabaseProject> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.namespace === 'string' &&
    p.namespace.length > 0 &&
    typeof p.name === 'string' &&
    p.name.length > 0
  );
}

/**
 * The catalog `Resource` of a Supabase project. Only what changes rarely goes
 * into the entity (no phase, no timestamps): every change is a catalog
 * re-processing, and the live state is on the entity's Supabase tab.
 *
 * @public
 */
export function projectToEntity(
  project: SupabaseProject,
  options: ProjectEntityOptions,
): SupabaseProjectEntity {
  const ref = stringifyProjectRef(project);
  const location = projectLocation(project);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: projectEntityName(project),
      namespace: 'default',
      title: ref,
      description: `Self-hosted Supabase project ${
        project.name
      } in the Kubernetes namespace ${project.namespace}${
        project.spec?.cluster ? ` of the cluster ${project.spec.cluster}` : ''
      }.`,
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [SUPABASE_PROJECT_ANNOTATION]: ref,
        // The backend labels every object of the project with
        // `backstage.io/kubernetes-id: <project name>`; the namespace
        // annotation keeps same-named projects in other namespaces apart.
        [ANNOTATION_KUBERNETES_ID]: project.name,
        [ANNOTATION_KUBERNETES_NAMESPACE]: project.namespace,
        ...(project.spec?.cluster && {
          [ANNOTATION_KUBERNETES_CLUSTER]: project.spec.cluster,
        }),
        ...(project.database?.name && {
          [SUPABASE_DATABASE_ANNOTATION]: project.database.name,
        }),
      },
      tags: ['supabase', 'postgres'],
      links: projectLinks(project, options.appBaseUrl),
    },
    spec: {
      type: SUPABASE_PROJECT_RESOURCE_TYPE,
      owner: ownerRef(project.owner, options.defaultOwner),
      lifecycle: project.spec.lifecycle ?? options.lifecycle,
    },
  };
}
