import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ConditionalPolicyDecision,
  DefinitivePolicyDecision,
  PermissionCriteria,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ConditionTransformer,
  PermissionRuleset,
  createConditionAuthorizer,
  createConditionTransformer,
} from '@backstage/plugin-permission-node';
import {
  RESOURCE_TYPE_SUPABASE_PROJECT,
  stringifyProjectRef,
} from '@supabase-backstage/plugin-supabase-common';
import { Request } from 'express';
import { ProjectFilter, ProjectRecord } from '../database/ProjectStore';

/** A permission on one project. */
export type ProjectPermission = ResourcePermission<
  typeof RESOURCE_TYPE_SUPABASE_PROJECT
>;

/** Which projects a caller may act on, decided once for many projects. */
export type ProjectDecision =
  | { result: 'all' }
  | {
      result: 'some';
      /** For the store's list query. */
      filter: PermissionCriteria<ProjectFilter>;
      /** For a project already loaded. */
      admits: (project: ProjectRecord) => boolean;
    };

/**
 * Asks the permission framework about projects, the way the catalog does for
 * entities: a conditional decision is evaluated here, on the loaded project
 * or as a filter in the store's query, with the rules registered for the
 * `supabase-project` resource type (including those modules add).
 */
export class ProjectAuthorizer {
  private readonly admits: (
    decision: PolicyDecision,
    project: ProjectRecord | undefined,
  ) => boolean;
  private readonly toFilter: ConditionTransformer<ProjectFilter>;

  constructor(
    private readonly deps: {
      httpAuth: HttpAuthService;
      permissions: PermissionsService;
      ruleset: PermissionRuleset<ProjectRecord, ProjectFilter>;
    },
  ) {
    this.admits = createConditionAuthorizer(deps.ruleset);
    this.toFilter = createConditionTransformer(deps.ruleset);
  }

  /** The caller's credentials, if it may do what a basic permission says. */
  async authorize(
    req: Request,
    permission: BasicPermission,
  ): Promise<BackstageCredentials> {
    const credentials = await this.deps.httpAuth.credentials(req);
    if (!(await this.allows(credentials, permission))) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
    return credentials;
  }

  /** Whether the caller may do what a basic permission says. */
  async allows(
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ): Promise<boolean> {
    const [decision] = await this.deps.permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Whether the caller may do what `permission` says to `project`. */
  async isAllowed(
    credentials: BackstageCredentials,
    permission: ProjectPermission,
    project: ProjectRecord,
  ): Promise<boolean> {
    const decision = await this.decide(credentials, permission);
    return decision !== undefined && this.admitted(decision, project);
  }

  /**
   * Checks a permission on a project; throws NotAllowedError (403) naming
   * the permission and the project when it is refused.
   */
  async authorizeProject(
    credentials: BackstageCredentials,
    permission: ProjectPermission,
    project: ProjectRecord,
  ): Promise<void> {
    if (!(await this.isAllowed(credentials, permission, project))) {
      throw new NotAllowedError(
        `Missing permission ${permission.name} on project ${stringifyProjectRef(
          project,
        )}`,
      );
    }
  }

  /**
   * Which projects the caller may act on; throws NotAllowedError when it
   * may act on none.
   */
  async decideForProjects(
    credentials: BackstageCredentials,
    permission: ProjectPermission,
  ): Promise<ProjectDecision> {
    const decision = await this.decide(credentials, permission);
    if (!decision) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
    if (decision.result !== AuthorizeResult.CONDITIONAL) {
      return { result: 'all' };
    }
    return {
      result: 'some',
      filter: this.toFilter(decision.conditions),
      admits: project => this.admitted(decision, project),
    };
  }

  /** The policy's decision; undefined when it denies. */
  private async decide(
    credentials: BackstageCredentials,
    permission: ProjectPermission,
  ): Promise<DefinitivePolicyDecision | ConditionalPolicyDecision | undefined> {
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.DENY ? undefined : decision;
  }

  private admitted(decision: PolicyDecision, project: ProjectRecord): boolean {
    return (
      decision.result === AuthorizeResult.ALLOW ||
      this.admits(decision, project)
    );
  }
}
