import {
  AuditorService,
  AuthService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  PROJECT_SECRETS,
  ProjectSecretName,
  dbInitLogFileName,
  SupabaseProject,
  supabaseProjectCreatePermission,
  supabaseProjectDeletePermission,
  supabaseProjectLogsReadPermission,
  supabaseProjectReadPermission,
  supabaseProjectRetryPermission,
  supabaseProjectRotatePermission,
  supabaseProjectSecretsReadPermission,
  supabaseSharedServerRotatePermission,
  supabaseSharedServerSecretsReadPermission,
  supabaseProjectUpdatePermission,
} from '@supabase-backstage/plugin-supabase-common';
import express, { Request } from 'express';
import { KeyMaterialStore } from '../database/KeyMaterialStore';
import { ProjectRecord, ProjectStore } from '../database/ProjectStore';
import { ProjectClusters } from '../kubernetes/ProjectClusters';
import { searchLog } from '../logs/searchLog';
import { parseLogPosition, streamDbInitLogs } from '../logs/streamDbInitLogs';
import type { SigningKeyRotationStep } from '../resources';
import { ProjectChanges } from '../worker/ProjectChanges';
import { ProjectWorker } from '../worker/ProjectWorker';
import { createOpenApiRouter } from '../schema/openapi/generated';
import { normalizeOwnerRef } from '../permissions/ownerRef';
import { audited } from './audited';
import {
  changeProjectOwner,
  requireOwnerWithinReach,
} from './changeProjectOwner';
import { Readiness } from './Readiness';
import { openEventStream } from './eventStream';
import { ProjectAuthorizer, ProjectPermission } from './ProjectAuthorizer';
import { revealProjectSecret } from './revealSecret';
import { streamProjectStatus } from './streamProjectStatus';
import { rotateJwtSecret } from './rotateJwtSecret';
import { listSigningKeys, rotateSigningKey } from './rotateSigningKeys';
import { rotateRolePasswords } from './rotateRolePasswords';
import { RETRY_AFTER_SECONDS, unavailableErrors } from './unavailableErrors';
import { updateProjectSpec } from './updateProject';
import {
  parseCreateProjectRequest,
  parseLogSearchQuery,
  parseListProjectsQuery,
  parsePositiveInt,
  parseUpdateProjectRequest,
} from './validation';

/** The path parameters of a route on one project. */
type ProjectPath = { namespace: string; name: string };

export interface RouterOptions {
  auditor: AuditorService;
  auth: AuthService;
  store: ProjectStore;
  keys: KeyMaterialStore;
  /** The clusters; each project's calls go to its own. */
  clusters: ProjectClusters;
  /** Told which projects to reconcile now; the router only kicks. */
  worker: Pick<ProjectWorker, 'kick'>;
  changes: ProjectChanges;
  httpAuth: HttpAuthService;
  /** Decides on projects with the resource type's registered rules. */
  authorizer: ProjectAuthorizer;
  logger: LoggerService;
  /** What `/health` reports: the store and each cluster. */
  readiness: Readiness;
}

/**
 * Translates HTTP to the store and the worker; holds no pipeline logic.
 * Every route but /health needs credentials and a permission; a route on
 * one project checks its permission on that project.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { auditor, auth, store, worker, changes, httpAuth, authorizer } =
    options;
  // Typed by the OpenAPI document: a route or an answer it does not describe
  // fails the type check. Bodies and queries are checked by the zod schemas
  // in validation.ts, whose messages name each field and the fix.
  const router = await createOpenApiRouter({
    middleware: [express.json({ limit: '256kb' })],
    validatorOptions: { validateRequests: false },
  });

  /** The services' dependencies, with the project's own cluster. */
  const onItsCluster = (project: ProjectRecord) => ({
    ...options,
    cluster: options.clusters.forProject(project),
  });

  /** A request on one project, whatever its route's other parameters. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  type ProjectRequest = Request<any, any, any, any> & {
    params: ProjectPath;
  };

  const findProject = async (req: ProjectRequest): Promise<ProjectRecord> => {
    const { namespace, name } = req.params;
    const project = await store.getProject({ namespace, name });
    if (!project) {
      throw new NotFoundError(`Project ${namespace}/${name} not found`);
    }
    return project;
  };

  /** The project the URL names, if the caller may do `permission` to it. */
  const authorizedProject = async (
    req: ProjectRequest,
    permission: ProjectPermission,
  ) => {
    const credentials = await httpAuth.credentials(req);
    const project = await findProject(req);
    await authorizer.authorizeProject(credentials, permission, project);
    return { credentials, project };
  };

  router.get('/health', async (_req, res) => {
    const report = await options.readiness.report();
    if (report.status === 'unavailable') {
      res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS));
    }
    res.json(report);
  });

  router.get('/projects', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const decision = await authorizer.decideForProjects(
      credentials,
      supabaseProjectReadPermission,
    );
    const query = parseListProjectsQuery(req.query);
    const { items, totalCount } = await store.listProjects(
      query,
      decision.result === 'some' ? decision.filter : undefined,
    );
    res.json({ items: items.map(toApi), totalCount });
  });

  /** What an audit event is about: the project the URL or body names. */
  const target = (req: Request) => ({
    namespace: String(req.params.namespace ?? req.body?.namespace ?? ''),
    name: String(req.params.name ?? req.body?.name ?? ''),
  });

  router.post('/projects', async (req, res) => {
    const what = { eventId: 'project-create', meta: target(req) };
    const project = await audited(auditor, req, what, async () => {
      const credentials = await authorizer.authorize(
        req,
        supabaseProjectCreatePermission,
      );
      const request = parseCreateProjectRequest(req.body);
      const creator = auth.isPrincipal(credentials, 'user')
        ? normalizeOwnerRef(credentials.principal.userEntityRef)
        : undefined;
      const owner = request.owner ?? creator;
      if (request.owner && request.owner !== creator) {
        await requireOwnerWithinReach(
          authorizer,
          credentials,
          // The project as it would be stored: the rules see its owner.
          { ...request, owner } as ProjectRecord,
          request.owner,
        );
      }
      return store.createProject({
        ...request,
        spec: options.clusters.placeNew(request.spec),
        owner,
      });
    });
    worker.kick(project.uid);
    res.status(201).json(toApi(project));
  });

  router.get('/projects/:namespace/:name', async (req, res) => {
    const { project } = await authorizedProject(
      req,
      supabaseProjectReadPermission,
    );
    res.json(toApi(project));
  });

  router.patch('/projects/:namespace/:name', async (req, res) => {
    const what = { eventId: 'project-update', meta: target(req) };
    const project = await audited(auditor, req, what, async () => {
      const { credentials, project: found } = await authorizedProject(
        req,
        supabaseProjectUpdatePermission,
      );
      const { spec, owner } = parseUpdateProjectRequest(req.body, found);
      if (owner !== undefined && owner !== found.owner) {
        await requireOwnerWithinReach(authorizer, credentials, found, owner);
      }
      const updated = spec
        ? await updateProjectSpec(
            onItsCluster(found),
            found,
            options.clusters.keepPlace(found.spec, spec),
          )
        : found;
      return owner !== undefined
        ? changeProjectOwner(store, updated, owner)
        : updated;
    });
    res.json(toApi(project));
  });

  router.post(
    '/projects/:namespace/:name/rotate-jwt-secret',
    async (req, res) => {
      const what = { eventId: 'jwt-secret-rotate', meta: target(req) };
      const project = await audited(auditor, req, what, async () => {
        const { project: found } = await authorizedProject(
          req,
          supabaseProjectRotatePermission,
        );
        return rotateJwtSecret(onItsCluster(found), found);
      });
      res.status(202).json(toApi(project));
    },
  );

  router.get('/projects/:namespace/:name/signing-keys', async (req, res) => {
    const { project } = await authorizedProject(
      req,
      supabaseProjectReadPermission,
    );
    res.json({ items: await listSigningKeys(onItsCluster(project), project) });
  });

  /** A step of a signing-key rotation: audited, a rollout. */
  const signingKeyStep =
    (step: (req: ProjectRequest) => SigningKeyRotationStep) =>
    async (req: ProjectRequest, res: express.Response) => {
      const { step: name, ...key } = step(req);
      const what = {
        eventId: 'signing-key-rotate',
        meta: { ...target(req), step: name, ...key },
      };
      const project = await audited(auditor, req, what, async () => {
        const { project: found } = await authorizedProject(
          req,
          supabaseProjectRotatePermission,
        );
        return rotateSigningKey(onItsCluster(found), found, step(req));
      });
      res.status(202).json(toApi(project));
    };
  router.post(
    '/projects/:namespace/:name/signing-keys',
    signingKeyStep(() => ({ step: 'create-standby' })),
  );
  router.post(
    '/projects/:namespace/:name/signing-keys/:kid/make-current',
    signingKeyStep(req => ({
      step: 'make-current',
      kid: String(req.params.kid),
    })),
  );
  router.post(
    '/projects/:namespace/:name/signing-keys/:kid/revoke',
    signingKeyStep(req => ({ step: 'revoke', kid: String(req.params.kid) })),
  );

  router.post(
    '/projects/:namespace/:name/rotate-role-passwords',
    async (req, res) => {
      const what = { eventId: 'role-passwords-rotate', meta: target(req) };
      const project = await audited(auditor, req, what, async () => {
        const { credentials, project: found } = await authorizedProject(
          req,
          supabaseProjectRotatePermission,
        );
        return rotateRolePasswords(
          {
            ...onItsCluster(found),
            mayRotateSharedServer: () =>
              authorizer.allows(
                credentials,
                supabaseSharedServerRotatePermission,
              ),
          },
          found,
        );
      });
      res.status(202).json(toApi(project));
    },
  );

  router.delete('/projects/:namespace/:name', async (req, res) => {
    const what = { eventId: 'project-delete', meta: target(req) };
    const project = await audited(auditor, req, what, async () => {
      const { project: found } = await authorizedProject(
        req,
        supabaseProjectDeletePermission,
      );
      if (found.phase !== 'Deleting') {
        await store.transition(found.uid, {
          from: found.phase,
          to: 'Deleting',
          reason: 'DeleteRequested',
          message: 'Removing the project and its cluster objects',
        });
      }
      return found;
    });
    worker.kick(project.uid);
    res.status(202).json(toApi((await store.getProjectByUid(project.uid))!));
  });

  router.post('/projects/:namespace/:name/retry', async (req, res) => {
    const what = { eventId: 'project-retry', meta: target(req) };
    const project = await audited(auditor, req, what, async () => {
      const { project: found } = await authorizedProject(
        req,
        supabaseProjectRetryPermission,
      );
      if (found.phase !== 'Failed') {
        throw new ConflictError(
          `Project ${found.namespace}/${found.name} is ${found.phase}; only a Failed project can be retried`,
        );
      }
      // A new db-init run is made when the pipeline reaches the database again.
      await store.updateProject(found.uid, { currentRunId: null });
      await store.transition(found.uid, {
        from: 'Failed',
        to: 'ValidatingDependencies',
        reason: 'RetryRequested',
        message: 'Retrying from the dependency checks',
      });
      return found;
    });
    worker.kick(project.uid);
    res.status(202).json(toApi((await store.getProjectByUid(project.uid))!));
  });

  router.post(
    '/projects/:namespace/:name/secrets/:secret/reveal',
    async (req, res) => {
      const what = {
        eventId: 'project-secret-reveal',
        severityLevel: 'high' as const,
        meta: { ...target(req), secret: String(req.params.secret) },
      };
      const revealed = await audited(auditor, req, what, async () => {
        const secret = parseSecretName(req.params.secret);
        const { credentials, project } = await authorizedProject(
          req,
          supabaseProjectSecretsReadPermission,
        );
        return revealProjectSecret(
          {
            ...onItsCluster(project),
            maySeeSharedServerSecrets: () =>
              authorizer.allows(
                credentials,
                supabaseSharedServerSecretsReadPermission,
              ),
          },
          project,
          secret,
        );
      });
      res.set('Cache-Control', 'no-store').json(revealed);
    },
  );

  router.get('/projects/:namespace/:name/events', async (req, res) => {
    const { project } = await authorizedProject(
      req,
      supabaseProjectReadPermission,
    );
    res.json({ items: await store.listEvents(project.uid) });
  });

  router.get('/projects/:namespace/:name/db-init', async (req, res) => {
    const { project } = await authorizedProject(
      req,
      supabaseProjectReadPermission,
    );
    res.json({ runs: await store.listRuns(project.uid) });
  });

  /** An attempt's archived log, with the project and the run's number. */
  async function findArchivedLog(
    req: ProjectRequest & { params: { run: unknown; attempt: unknown } },
  ) {
    const { project } = await authorizedProject(
      req,
      supabaseProjectLogsReadPermission,
    );
    const runId = parsePositiveInt(req.params.run, 'run');
    const attempt = parsePositiveInt(req.params.attempt, 'attempt');
    const run = (await store.listRuns(project.uid)).find(r => r.id === runId);
    const log = run && (await store.getAttemptLog(runId, attempt));
    if (run === undefined || log === undefined) {
      throw new NotFoundError(
        `No archived log for run ${runId} attempt ${attempt} of ${project.namespace}/${project.name}`,
      );
    }
    return { project, run, attempt, log };
  }

  router.get(
    '/projects/:namespace/:name/db-init/runs/:run/attempts/:attempt/log',
    async (req, res) => {
      const { project, run, attempt, log } = await findArchivedLog(req);
      res
        .type('text/plain; charset=utf-8')
        // Named as the page names the run ("Run 1"), not by its id.
        .attachment(dbInitLogFileName(project.name, run.number, attempt))
        .send(log);
    },
  );

  router.get(
    '/projects/:namespace/:name/db-init/runs/:run/attempts/:attempt/log/search',
    async (req, res) => {
      const { q, offset, limit } = parseLogSearchQuery(req.query);
      const { log } = await findArchivedLog(req);
      res.json(searchLog(log, q, { offset, limit }));
    },
  );

  router.get('/projects/:namespace/:name/db-init/logs', async (req, res) => {
    const { project } = await authorizedProject(
      req,
      supabaseProjectLogsReadPermission,
    );
    const runId =
      req.query.run !== undefined
        ? parsePositiveInt(req.query.run, 'run')
        : undefined;
    const attempt =
      req.query.attempt !== undefined
        ? parsePositiveInt(req.query.attempt, 'attempt')
        : undefined;
    const from = parseLogPosition(
      req.header('last-event-id') ?? req.query.after,
    );
    const stream = openEventStream(req, res);
    await streamDbInitLogs(
      onItsCluster(project),
      project,
      { runId, attempt, from },
      {
        signal: stream.signal,
        log: chunk =>
          stream.send(
            'log',
            chunk,
            `${chunk.attempt}:${chunk.offset + chunk.text.length}`,
          ),
        attempt: event => void stream.send('attempt', event),
        end: () => void stream.send('end', {}),
      },
    );
    stream.close();
  });

  router.get('/stream', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const decision = await authorizer.decideForProjects(
      credentials,
      supabaseProjectReadPermission,
    );
    const admits = decision.result === 'some' ? decision.admits : () => true;
    const namespace = req.query.namespace
      ? String(req.query.namespace)
      : undefined;
    const name = req.query.name ? String(req.query.name) : undefined;
    if (namespace && name) {
      const project = await store.getProject({ namespace, name });
      if (project && !admits(project)) {
        throw new NotAllowedError(
          `Missing permission ${supabaseProjectReadPermission.name} on project ${namespace}/${name}`,
        );
      }
    }
    const stream = openEventStream(req, res);
    await streamProjectStatus(
      { store, changes },
      { namespace, name, admits },
      stream,
      toApi,
    );
  });

  // An outage of the store or the cluster is a 503, not a 500.
  router.use(unavailableErrors(options.logger));
  return router;
}

function parseSecretName(value: string): ProjectSecretName {
  if (!(PROJECT_SECRETS as readonly string[]).includes(value)) {
    throw new InputError(
      `Invalid secret: secret: must be one of ${PROJECT_SECRETS.join(
        ', ',
      )} (got "${value}")`,
    );
  }
  return value as ProjectSecretName;
}

/** The API's view of a project: no bookkeeping, never a secret value. */
export function toApi(project: ProjectRecord): SupabaseProject {
  const visible: SupabaseProject & Partial<ProjectRecord> = { ...project };
  delete visible.appliedSqlVersion;
  delete visible.currentRunId;
  return visible;
}
