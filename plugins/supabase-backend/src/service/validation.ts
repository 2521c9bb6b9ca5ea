import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  CreateProjectRequest,
  ListProjectsQuery,
  ProjectSpec,
  PROJECT_PHASES,
  projectSpecSchema,
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

/**
 * The spec as common declares it, plus the rule that needs the backend's
 * knowledge of which replicas keep a database pool.
 */
const spec = projectSpecSchema.superRefine((value, ctx) => {
  const max = value.database.maxConnections;
  const needed = pooledReplicas(value);
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
  const request = parse(createProject, body, 'project');
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
    spec: request.spec,
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
