import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, ResponseError } from '@backstage/errors';
import {
  CreateProjectRequest,
  SupabaseProject,
  stringifyProjectRef,
} from '@supabase-backstage/plugin-supabase-common';
import { setTimeout as delay } from 'node:timers/promises';
import {
  ProjectRef,
  RequestOptions,
  SupabaseProjectsApi,
} from '../actions/supabaseProjectsClient';

/** What the fake project looks like after each step of its progress. */
export type ProjectStep = Partial<SupabaseProject> &
  Pick<SupabaseProject, 'phase'>;

/**
 * Stands in for the `supabase` backend at the client boundary. A created
 * project moves through `progress`, one step per `GET` or per stream
 * message, and stays at the last step.
 */
export class FakeSupabaseProjectsApi implements SupabaseProjectsApi {
  readonly projects = new Map<string, SupabaseProject>();
  readonly createRequests: CreateProjectRequest[] = [];
  readonly getRequests: ProjectRef[] = [];
  readonly credentialsSeen: BackstageCredentials[] = [];
  /** Steps after creation, e.g. ValidatingDependencies, ..., Running. */
  progress: ProjectStep[] = [];
  /** False: `/stream` answers 404, as a backend without it would. */
  streamAvailable = false;
  /** Delay between stream messages. */
  streamIntervalMs = 5;

  private readonly steps = new Map<string, number>();

  addProject(project: ProjectStep & ProjectRef): SupabaseProject {
    const now = new Date().toISOString();
    const full: SupabaseProject = {
      uid: `uid-${project.name}`,
      spec: { database: { secretRef: 'db' } },
      generation: 1,
      createdAt: now,
      updatedAt: now,
      phaseChangedAt: now,
      ...project,
    };
    this.projects.set(stringifyProjectRef(project), full);
    return full;
  }

  async createProject(
    request: CreateProjectRequest,
    options: RequestOptions,
  ): Promise<SupabaseProject> {
    this.credentialsSeen.push(options.credentials);
    const ref = stringifyProjectRef(request);
    if (this.projects.has(ref)) {
      throw new ConflictError(`Supabase project ${ref} already exists`);
    }
    this.createRequests.push(request);
    // Like the backend: the chosen owner, or the user who creates it.
    const principal = options.credentials.principal as {
      type?: string;
      userEntityRef?: string;
    };
    const owner =
      request.owner ??
      (principal?.type === 'user' ? principal.userEntityRef : undefined);
    return this.addProject({
      ...request,
      phase: 'Pending',
      ...(owner && { owner: owner.toLocaleLowerCase('en-US') }),
    });
  }

  async getProject(
    ref: ProjectRef,
    options: RequestOptions,
  ): Promise<SupabaseProject | undefined> {
    this.credentialsSeen.push(options.credentials);
    this.getRequests.push(ref);
    return this.advance(ref);
  }

  async *watchProject(
    ref: ProjectRef,
    options: RequestOptions,
  ): AsyncGenerator<SupabaseProject> {
    this.credentialsSeen.push(options.credentials);
    if (!this.streamAvailable) {
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'NotFoundError', message: 'Not found' },
            response: { statusCode: 404 },
          }),
          { status: 404, headers: { 'Content-Type': 'application/json' } },
        ),
      );
    }
    const first = this.projects.get(stringifyProjectRef(ref));
    if (first) yield { ...first };
    // Like the real stream, it stays open until the client goes away.
    while (!options.signal?.aborted) {
      await delay(this.streamIntervalMs, undefined, {
        signal: options.signal,
      }).catch(() => {});
      const project = this.advance(ref);
      if (project && !options.signal?.aborted) yield project;
    }
  }

  private advance(ref: ProjectRef): SupabaseProject | undefined {
    const key = stringifyProjectRef(ref);
    const project = this.projects.get(key);
    if (!project) return undefined;
    const index = this.steps.get(key) ?? 0;
    if (index < this.progress.length) {
      Object.assign(project, this.progress[index]);
      this.steps.set(key, index + 1);
    }
    return { ...project };
  }
}
