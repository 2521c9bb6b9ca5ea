import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { stringifyProjectRef } from '@supabase-backstage/plugin-supabase-common';
import { readProviderConfig } from './config';
import {
  ProjectEntityOptions,
  isProjectLike,
  projectToEntity,
} from './projectEntity';
import { SupabaseProjectsReader } from './SupabaseProjectsReader';

/** Where the projects come from; an interface so tests can stand in. @public */
export interface SupabaseProjectsSource {
  readAll(signal?: AbortSignal): Promise<unknown[]>;
}

/** @public */
export interface SupabaseProjectEntityProviderOptions {
  source: SupabaseProjectsSource;
  logger: LoggerService;
  /** Runs the refresh on its schedule; connect() hands it the task. */
  taskRunner: SchedulerServiceTaskRunner;
  entity: ProjectEntityOptions;
}

/**
 * Publishes every project of the `supabase` backend plugin as a catalog
 * `Resource` of type `supabase-project` (see {@link projectToEntity}), with a
 * full mutation on every scheduled run, so deleted projects leave the catalog
 * too. When the projects cannot be read, nothing is applied and the catalog
 * keeps the entities of the last successful run.
 *
 * @public
 */
export class SupabaseProjectEntityProvider implements EntityProvider {
  static readonly providerName = 'SupabaseProjectEntityProvider';

  /** Id of the scheduled task, e.g. for `scheduler.triggerTask`. */
  static readonly taskId = `${SupabaseProjectEntityProvider.providerName}:refresh`;

  private readonly source: SupabaseProjectsSource;
  private readonly logger: LoggerService;
  private readonly taskRunner: SchedulerServiceTaskRunner;
  private readonly entityOptions: ProjectEntityOptions;
  private connection?: EntityProviderConnection;
  private published?: number;
  private failing = false;

  /**
   * The provider as the module wires it: settings from
   * `catalog.providers.supabase`, the REST API found through discovery.
   */
  static fromConfig(
    config: Config,
    deps: {
      auth: AuthService;
      discovery: DiscoveryService;
      logger: LoggerService;
      scheduler: SchedulerService;
    },
  ): SupabaseProjectEntityProvider {
    const settings = readProviderConfig(config);
    return new SupabaseProjectEntityProvider({
      source: new SupabaseProjectsReader({
        auth: deps.auth,
        discovery: deps.discovery,
      }),
      logger: deps.logger,
      taskRunner: deps.scheduler.createScheduledTaskRunner(settings.schedule),
      entity: {
        defaultOwner: settings.defaultOwner,
        lifecycle: settings.lifecycle,
        appBaseUrl: config.getOptionalString('app.baseUrl'),
      },
    });
  }

  constructor(options: SupabaseProjectEntityProviderOptions) {
    this.source = options.source;
    this.logger = options.logger.child({
      provider: SupabaseProjectEntityProvider.providerName,
    });
    this.taskRunner = options.taskRunner;
    this.entityOptions = options.entity;
  }

  getProviderName(): string {
    return SupabaseProjectEntityProvider.providerName;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.taskRunner.run({
      id: SupabaseProjectEntityProvider.taskId,
      fn: signal => this.scheduledRefresh(signal),
    });
  }

  /**
   * Reads every project and replaces the provider's entities with them.
   * Throws, applying nothing, when the projects cannot be read.
   *
   * @returns how many entities were published
   */
  async refresh(signal?: AbortSignal): Promise<number> {
    const connection = this.connection;
    if (!connection) {
      throw new Error(
        `${this.getProviderName()} is not connected to the catalog yet`,
      );
    }
    const items = await this.source.readAll(signal);
    const entities: DeferredEntity[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      if (!isProjectLike(item)) {
        this.logger.warn(
          `Skipped an item of the Supabase project list without namespace and name: ${JSON.stringify(
            item,
          )?.slice(0, 200)}`,
        );
        continue;
      }
      const ref = stringifyProjectRef(item);
      if (seen.has(ref)) continue;
      seen.add(ref);
      entities.push({
        entity: projectToEntity(item, this.entityOptions),
        locationKey: this.getProviderName(),
      });
    }
    signal?.throwIfAborted();
    await connection.applyMutation({ type: 'full', entities });
    return entities.length;
  }

  private async scheduledRefresh(signal: AbortSignal): Promise<void> {
    try {
      const count = await this.refresh(signal);
      if (this.failing) {
        this.logger.info('Reading the Supabase projects works again');
      }
      if (count !== this.published || this.failing) {
        this.logger.info(`Published ${count} Supabase projects to the catalog`);
      } else {
        this.logger.debug(
          `Published ${count} Supabase projects to the catalog`,
        );
      }
      this.published = count;
      this.failing = false;
    } catch (error) {
      this.failing = true;
      const kept =
        this.published === undefined
          ? 'the entities it already had'
          : `the ${this.published} entities of the last successful run`;
      const what = signal.aborted
        ? 'The Supabase projects were not read to the end (the run timed out or the backend is stopping)'
        : 'Could not read the Supabase projects';
      this.logger.warn(`${what}; the catalog keeps ${kept}: ${error}`);
    }
  }
}
