import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  endpointReach,
  CreateProjectRequest,
  SupabaseProject,
  stringifyProjectRef,
} from '@supabase-backstage/plugin-supabase-common';
import { isDeepStrictEqual } from 'node:util';
import { examples } from './createProject.examples';
import {
  DEFAULT_TIMEOUT_SECONDS,
  parseProjectInput,
  projectInputSchema,
} from './projectInput';
import { planProject } from './projectPlan';
import {
  ProjectRef,
  RequestOptions,
  SupabaseProjectsApi,
} from './supabaseProjectsClient';
import { waitForProjectPhase } from './waitForProjectPhase';
import { forTaskLog } from './actionFailure';

/** The action's id. */
export const SUPABASE_PROJECT_CREATE_ACTION_ID = 'supabase:project:create';

/** Options of {@link createSupabaseProjectCreateAction}. */
export interface SupabaseProjectCreateActionOptions {
  client: SupabaseProjectsApi;
  /** `app.baseUrl`, for the link to the project's page. */
  appBaseUrl?: string;
  /** Between status checks while waiting; tests make it short. */
  pollIntervalMs?: number;
}

/**
 * `supabase:project:create`: creates a Supabase project through the
 * `supabase` backend plugin, optionally waits for a phase, and returns the
 * project's ref, page and endpoints.
 */
export function createSupabaseProjectCreateAction(
  options: SupabaseProjectCreateActionOptions,
) {
  const { client, appBaseUrl, pollIntervalMs } = options;

  return createTemplateAction({
    id: SUPABASE_PROJECT_CREATE_ACTION_ID,
    description:
      'Creates a self-hosted Supabase project on the cluster through the supabase backend plugin, optionally waits for it to reach a phase, and outputs its ref, page link and endpoints.',
    examples,
    supportsDryRun: true,
    schema: {
      input: projectInputSchema,
      output: {
        projectRef: z =>
          z.string().describe('The project as `<namespace>/<name>`'),
        phase: z =>
          z
            .string()
            .describe(
              'The phase when the step ended (`Pending` right after creation and in a dry run)',
            ),
        projectUrl: z => z.string().describe("The project's page in Backstage"),
        apiUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'The API gateway (kong) URL, once the project publishes it',
            ),
        studioUrl: z =>
          z
            .string()
            .optional()
            .describe('The Studio URL, once the project publishes it'),
        publicStudioUrl: z =>
          z
            .string()
            .optional()
            .describe(
              'The Studio URL when it is public (an Ingress or `studio.publicUrl`), for a link',
            ),
        portForward: z =>
          z
            .string()
            .optional()
            .describe(
              'When the API answers only inside the cluster: the `kubectl port-forward` command that reaches it from a workstation',
            ),
        localApiUrl: z =>
          z
            .string()
            .optional()
            .describe('The API URL through that port-forward'),
        anonKey: z =>
          z
            .string()
            .optional()
            .describe(
              'The legacy anon key (public by design), once the project has one and while legacy keys are on',
            ),
        publishableKey: z =>
          z
            .string()
            .optional()
            .describe(
              'The publishable key (`sb_publishable_…`, public by design), once the project has one',
            ),
        dbInitJobName: z =>
          z.string().describe('Name of the db-init Job (`<name>-db-init`)'),
        objects: z =>
          z
            .array(z.string())
            .describe(
              '`Kind/name` of the Kubernetes objects the project gets in its namespace',
            ),
      },
    },
    async handler(ctx) {
      try {
        const input = parseProjectInput(ctx.input);
        const plan = planProject(input, appBaseUrl);
        const ref: ProjectRef = {
          namespace: input.namespace,
          name: input.name,
        };
        const credentials = await ctx.getInitiatorCredentials();
        const requestOptions = { credentials, signal: ctx.signal };

        ctx.output('projectRef', plan.projectRef);
        ctx.output('projectUrl', plan.projectUrl);
        ctx.output('dbInitJobName', plan.dbInitJobName);
        ctx.output('objects', plan.objects);

        if (ctx.isDryRun) {
          await reportConflictInAdvance(
            client,
            ref,
            requestOptions,
            ctx.logger,
          );
          ctx.logger.info(
            `Dry run: would create Supabase project ${
              plan.projectRef
            } with objects ${plan.objects.join(', ')}`,
          );
          ctx.output('phase', 'Pending');
          return;
        }

        // Recorded before the POST: a retried step of the same task finds it
        // and knows that a 409 may answer its own earlier POST (one whose
        // answer was lost, or whose checkpoint was not saved).
        let firstAttempt = false;
        await ctx.checkpoint({
          key: `supabase.project.create.attempt.${plan.projectRef}`,
          fn: async () => {
            firstAttempt = true;
            return { startedAt: new Date().toISOString() };
          },
        });

        // A resumed task finds the checkpoint and does not POST again.
        let posted = false;
        const created = await ctx.checkpoint({
          key: `supabase.project.create.${plan.projectRef}`,
          fn: async () => {
            posted = true;
            try {
              const project = await client.createProject(
                plan.request,
                requestOptions,
              );
              ctx.logger.info(
                `Created Supabase project ${plan.projectRef}; follow it at ${plan.projectUrl}`,
              );
              return { uid: project.uid, phase: project.phase };
            } catch (error) {
              if (firstAttempt || !isConflict(error)) throw error;
              const project = await findProjectOfEarlierAttempt({
                client,
                request: plan.request,
                credentials,
                requestOptions,
                conflict: error,
              });
              ctx.logger.info(
                `Supabase project ${plan.projectRef} already exists with this step's spec and owner: an earlier attempt of this step created it. Carrying on with it; follow it at ${plan.projectUrl}`,
              );
              return { uid: project.uid, phase: project.phase };
            }
          },
        });
        if (!posted) {
          ctx.logger.info(
            `Supabase project ${plan.projectRef} was created by an earlier attempt of this step; follow it at ${plan.projectUrl}`,
          );
        }

        let project: Pick<SupabaseProject, 'phase'> & Partial<SupabaseProject> =
          created;
        if (input.waitFor) {
          const timeoutSeconds =
            input.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
          ctx.logger.info(
            `Waiting up to ${timeoutSeconds} s for ${plan.projectRef} to reach ${input.waitFor}`,
          );
          project = await waitForProjectPhase({
            client,
            ref,
            target: input.waitFor,
            timeoutSeconds,
            credentials,
            logger: ctx.logger,
            signal: ctx.signal,
            pollIntervalMs,
          });
        }

        ctx.output('phase', project.phase);
        const { api, studio } = project.endpoints ?? {};
        if (api) {
          ctx.output('apiUrl', api);
          const reach = endpointReach(api);
          if (reach.kind === 'cluster') {
            ctx.output('portForward', reach.portForward);
            ctx.output('localApiUrl', reach.localUrl);
          }
        }
        if (studio) {
          ctx.output('studioUrl', studio);
          // A cluster-internal address is no link: a browser cannot open it.
          if (endpointReach(studio).kind === 'public') {
            ctx.output('publicStudioUrl', studio);
          }
        }
        if (project.anonKey) ctx.output('anonKey', project.anonKey);
        if (project.publishableKey) {
          ctx.output('publishableKey', project.publishableKey);
        }
      } catch (error) {
        throw forTaskLog(error);
      }
    },
  });
}

function isConflict(error: unknown): error is Error {
  return (error as Error | undefined)?.name === 'ConflictError';
}

/** The user the backend records as the owner of what these credentials create. */
function ownerOf(credentials: BackstageCredentials): string | undefined {
  const principal = credentials.principal as
    | { type?: string; userEntityRef?: string }
    | undefined;
  return principal?.type === 'user' ? principal.userEntityRef : undefined;
}

/**
 * A retried step got a 409 for the project it means to create. Returns the
 * existing project when it can only be the one an earlier attempt created:
 * the same spec and, when the backend records one, the same owner. Throws
 * the conflict, with the reasons, otherwise.
 */
async function findProjectOfEarlierAttempt(options: {
  client: SupabaseProjectsApi;
  request: CreateProjectRequest;
  credentials: BackstageCredentials;
  requestOptions: RequestOptions;
  conflict: Error;
}): Promise<SupabaseProject> {
  const { client, request, credentials, requestOptions, conflict } = options;
  const existing = await client.getProject(request, requestOptions);
  if (!existing) throw conflict; // gone again: deleted in between
  const reasons: string[] = [];
  // Through JSON, as the backend stores it: no undefined fields, any order.
  const asStored = (value: unknown) => JSON.parse(JSON.stringify(value));
  if (!isDeepStrictEqual(asStored(existing.spec), asStored(request.spec))) {
    reasons.push("its spec differs from this step's input");
  }
  // The backend keeps owners as lower-case entity refs.
  const owner = (request.owner ?? ownerOf(credentials))?.toLocaleLowerCase(
    'en-US',
  );
  if (existing.owner !== undefined && existing.owner !== owner) {
    reasons.push(
      `it belongs to ${existing.owner}, not to ${owner ?? 'this task'}`,
    );
  }
  if (existing.phase === 'Deleting') reasons.push('it is being deleted');
  if (reasons.length > 0) {
    throw new ConflictError(
      `${
        conflict.message
      }, and it is not the project an earlier attempt of this step created: ${reasons.join(
        '; ',
      )}`,
    );
  }
  return existing;
}

/**
 * A dry run cannot create anything, but it can tell that the real run would
 * hit a 409. Anything else that goes wrong here (the backend down, no read
 * permission) is only worth a warning: the dry run is about the template.
 */
async function reportConflictInAdvance(
  client: SupabaseProjectsApi,
  ref: ProjectRef,
  requestOptions: RequestOptions,
  logger: LoggerService,
): Promise<void> {
  const refText = stringifyProjectRef(ref);
  let existing: SupabaseProject | undefined;
  try {
    existing = await client.getProject(ref, requestOptions);
  } catch (error) {
    logger.warn(`Dry run: could not check whether ${refText} exists: ${error}`);
    return;
  }
  if (existing) {
    throw new ConflictError(
      `Supabase project ${refText} already exists (phase ${existing.phase})`,
    );
  }
}
