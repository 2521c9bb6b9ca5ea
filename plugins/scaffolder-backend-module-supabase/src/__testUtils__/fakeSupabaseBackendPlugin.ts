import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  CreateProjectRequest,
  PROVISIONING_PHASES,
  SupabaseProject,
  stringifyProjectRef,
} from '@supabase-backstage/plugin-supabase-common';
import express, { NextFunction, Request, Response } from 'express';

/** What the fake answers as a Running project's publishable key. */
export const FAKE_PUBLISHABLE_KEY =
  'sb_publishable_FakeFakeFakeFakeFake_12345678';

/** What the fake backend saw and holds. */
export interface FakeSupabaseBackendState {
  projects: Map<string, SupabaseProject>;
  /** Each POST with the user the backend authenticated. */
  created: { request: CreateProjectRequest; userEntityRef: string }[];
  /**
   * Set: the next POST creates the project but answers 502, as a proxy does
   * when the answer took too long. Cleared by that POST.
   */
  loseNextCreateAnswer?: boolean;
}

function sendError(
  res: Response,
  status: number,
  name: string,
  message: string,
) {
  res
    .status(status)
    .json({ error: { name, message }, response: { statusCode: status } });
}

/** Express 4 does not catch rejections: hand them to the error middleware. */
function handle(fn: (req: Request, res: Response) => Promise<void>) {
  return (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };
}

/**
 * A `supabase` backend plugin speaking the REST contract of the real one
 * (POST and GET of projects, the status stream) over the test backend's
 * real HTTP stack and real service-to-service auth. A created project moves
 * through the provisioning phases every `stepMs`, as the real pipeline
 * would, without a cluster.
 */
export function createFakeSupabaseBackendPlugin(options: { stepMs: number }) {
  const state: FakeSupabaseBackendState = {
    projects: new Map(),
    created: [],
  };

  const plugin = createBackendPlugin({
    pluginId: 'supabase',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = express.Router();
          router.use(express.json());

          router.post(
            '/projects',
            handle(async (req, res) => {
              const credentials = await httpAuth.credentials(req, {
                allow: ['user'],
              });
              const request = req.body as CreateProjectRequest;
              const ref = stringifyProjectRef(request);
              if (state.projects.has(ref)) {
                sendError(
                  res,
                  409,
                  'ConflictError',
                  `Project ${ref} already exists`,
                );
                return;
              }
              const now = new Date().toISOString();
              const project: SupabaseProject = {
                ...request,
                uid: `uid-${state.created.length + 1}`,
                phase: 'Pending',
                generation: 1,
                owner: credentials.principal.userEntityRef,
                createdAt: now,
                updatedAt: now,
                phaseChangedAt: now,
              };
              state.projects.set(ref, project);
              state.created.push({
                request,
                userEntityRef: credentials.principal.userEntityRef,
              });
              const timer = setInterval(() => {
                const index = PROVISIONING_PHASES.indexOf(
                  project.phase as (typeof PROVISIONING_PHASES)[number],
                );
                if (index < 0 || index === PROVISIONING_PHASES.length - 1) {
                  clearInterval(timer);
                  return;
                }
                project.phase = PROVISIONING_PHASES[index + 1];
                project.updatedAt = new Date().toISOString();
                if (project.phase === 'Running') {
                  project.endpoints = {
                    api: `http://${request.name}-kong.${request.namespace}.svc:8000`,
                    studio: `http://${request.name}-kong.${request.namespace}.svc:8000`,
                  };
                  project.publishableKey = FAKE_PUBLISHABLE_KEY;
                  if (project.spec.apiKeys?.legacy !== false) {
                    project.anonKey = 'anon.jwt.value';
                  }
                  clearInterval(timer);
                }
              }, options.stepMs);
              if (state.loseNextCreateAnswer) {
                state.loseNextCreateAnswer = false;
                sendError(res, 502, 'Error', 'Bad Gateway');
                return;
              }
              res.status(201).json(project);
            }),
          );

          router.get(
            '/projects/:namespace/:name',
            handle(async (req, res) => {
              await httpAuth.credentials(req);
              const project = state.projects.get(
                `${req.params.namespace}/${req.params.name}`,
              );
              if (!project) {
                sendError(res, 404, 'NotFoundError', 'No such project');
                return;
              }
              res.json(project);
            }),
          );

          router.get(
            '/stream',
            handle(async (req, res) => {
              await httpAuth.credentials(req);
              const ref = `${req.query.namespace}/${req.query.name}`;
              res.writeHead(200, {
                'Content-Type': 'text/event-stream; charset=utf-8',
                'Cache-Control': 'no-cache, no-transform',
              });
              res.flushHeaders();
              let sent = '';
              const push = () => {
                const project = state.projects.get(ref);
                if (!project || project.updatedAt + project.phase === sent) {
                  return;
                }
                sent = project.updatedAt + project.phase;
                res.write(
                  `event: project\ndata: ${JSON.stringify(project)}\n\n`,
                );
              };
              push();
              const timer = setInterval(push, Math.max(5, options.stepMs / 2));
              req.on('close', () => clearInterval(timer));
            }),
          );

          httpRouter.use(router);
        },
      });
    },
  });

  return { plugin, state };
}
