import {
  AuditorService,
  AuthService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  NotAllowedError,
  NotFoundError,
  ConflictError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  dbInitLogFileName,
  SupabaseProject,
  supabaseProjectCreatePermission,
  supabaseProjectDeletePermission,
  supabaseProjectLogsReadPermission,
  supabaseProjectReadPermission,
  supabaseProjectUpdatePermission,
} from '@supabase-backstage/plugin-supabase-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { ProjectRecord, ProjectStore } from '../database/ProjectStore';
import { ClusterClient } from '../kubernetes/ClusterClient';
import { searchLog } from '../logs/searchLog';
import { parseLogPosition, streamDbInitLogs } from '../logs/streamDbInitLogs';
import { ProjectChanges } from '../worker/ProjectChanges';
import { ProjectWorker } from '../worker/ProjectWorker';
import { audited } from './audited';
import { openEventStream } from './eventStream';
import { streamProjectStatus } from './streamProjectStatus';
import { rotateJwtSecret } from './rotateJwtSecret';
import { rotateRolePasswords } from './rotateRolePasswords';
import { updateProjectSpec } from './updateProject';
import {
  parseCreateProjectRequest,
  parseLogSearchQuery,
  parseListProjectsQuery,
  parsePositiveInt,
  parseUpdateProjectRequest,
} from './validation';

export interface RouterOptions {
  auditor: AuditorService;
  auth: AuthService;
  store: ProjectStore;
  cluster: ClusterClient;
  worker: ProjectWorker;
  changes: ProjectChanges;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
}

/**
 * Translates HTTP to the store and the worker; holds no pipeline logic.
 * Every route but /health needs credentials and a permission.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { auditor, auth, store, worker, changes, httpAuth, permissions } =
    options;
  const router = Router();
  router.use(express.json({ limit: '256kb' }));

  const authorize = async (req: Request, permission: BasicPermission) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
    return credentials;
  };

  const findProject = async (req: Request): Promise<ProjectRecord> => {
    const { namespace, name } = req.params;
    const project = await store.getProject({ namespace, name });
    if (!project) {
      throw new NotFoundError(`Project ${namespace}/${name} not found`);
    }
    return project;
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/projects', async (req, res) => {
    await authorize(req, supabaseProjectReadPermission);
    const query = parseListProjectsQuery(req.query);
    const { items, totalCount } = await store.listProjects(query);
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
      const credentials = await authorize(req, supabaseProjectCreatePermission);
      const request = parseCreateProjectRequest(req.body);
      const owner = auth.isPrincipal(credentials, 'user')
        ? credentials.principal.userEntityRef
        : undefined;
      return store.createProject({ ...request, owner });
    });
    worker.kick(project.uid);
    res.status(201).json(toApi(project));
  });

  router.get('/projects/:namespace/:name', async (req, res) => {
    await authorize(req, supabaseProjectReadPermission);
    res.json(toApi(await findProject(req)));
  });

  router.patch('/projects/:namespace/:name', async (req, res) => {
    const what = { eventId: 'project-update', meta: target(req) };
    const project = await audited(auditor, req, what, async () => {
      await authorize(req, supabaseProjectUpdatePermission);
      const found = await findProject(req);
      const spec = parseUpdateProjectRequest(req.body, found);
      return updateProjectSpec(options, found, spec);
    });
    res.json(toApi(project));
  });

  router.post(
    '/projects/:namespace/:name/rotate-jwt-secret',
    async (req, res) => {
      const what = { eventId: 'jwt-secret-rotate', meta: target(req) };
      const project = await audited(auditor, req, what, async () => {
        await authorize(req, supabaseProjectUpdatePermission);
        return rotateJwtSecret(options, await findProject(req));
      });
      res.status(202).json(toApi(project));
    },
  );

  router.post(
    '/projects/:namespace/:name/rotate-role-passwords',
    async (req, res) => {
      const what = { eventId: 'role-passwords-rotate', meta: target(req) };
      const project = await audited(auditor, req, what, async () => {
        await authorize(req, supabaseProjectUpdatePermission);
        return rotateRolePasswords(options, await findProject(req));
      });
      res.status(202).json(toApi(project));
    },
  );

  router.delete('/projects/:namespace/:name', async (req, res) => {
    const what = { eventId: 'project-delete', meta: target(req) };
    const project = await audited(auditor, req, what, async () => {
      await authorize(req, supabaseProjectDeletePermission);
      const found = await findProject(req);
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
      await authorize(req, supabaseProjectCreatePermission);
      const found = await findProject(req);
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

  router.get('/projects/:namespace/:name/events', async (req, res) => {
    await authorize(req, supabaseProjectReadPermission);
    const project = await findProject(req);
    res.json({ items: await store.listEvents(project.uid) });
  });

  router.get('/projects/:namespace/:name/db-init', async (req, res) => {
    await authorize(req, supabaseProjectReadPermission);
    const project = await findProject(req);
    res.json({ runs: await store.listRuns(project.uid) });
  });

  /** An attempt's archived log, with the project and the run's number. */
  async function findArchivedLog(req: Request) {
    await authorize(req, supabaseProjectLogsReadPermission);
    const project = await findProject(req);
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
    await authorize(req, supabaseProjectLogsReadPermission);
    const project = await findProject(req);
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
      options,
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
    await authorize(req, supabaseProjectReadPermission);
    const namespace = req.query.namespace
      ? String(req.query.namespace)
      : undefined;
    const name = req.query.name ? String(req.query.name) : undefined;
    const stream = openEventStream(req, res);
    await streamProjectStatus(
      { store, changes },
      { namespace, name },
      stream,
      toApi,
    );
  });

  return router;
}

/** The API's view of a project: no bookkeeping, never a secret value. */
export function toApi(project: ProjectRecord): SupabaseProject {
  const visible: SupabaseProject & Partial<ProjectRecord> = { ...project };
  delete visible.appliedSqlVersion;
  delete visible.currentRunId;
  return visible;
}
