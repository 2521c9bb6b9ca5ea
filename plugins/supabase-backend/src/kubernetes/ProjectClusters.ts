import { InputError } from '@backstage/errors';
import { ProjectSpec } from '@supabase-backstage/plugin-supabase-common';
import { ClusterClient } from './ClusterClient';

/** One configured cluster and the client the pipeline uses for it. */
export interface NamedCluster {
  name: string;
  client: ClusterClient;
}

/**
 * The clusters projects are on, by the name `spec.cluster` gives; the first
 * is the default (docs/decisions/0018).
 */
export class ProjectClusters {
  private readonly byName: Map<string, ClusterClient>;

  constructor(private readonly clusters: NamedCluster[]) {
    if (clusters.length === 0) throw new Error('No cluster given');
    this.byName = new Map(clusters.map(c => [c.name, c.client]));
  }

  get names(): string[] {
    return this.clusters.map(c => c.name);
  }

  get defaultName(): string {
    return this.clusters[0].name;
  }

  /** The cluster a project is on: its `spec.cluster`, else the default. */
  nameOf(spec: Pick<ProjectSpec, 'cluster'>): string {
    return spec.cluster ?? this.defaultName;
  }

  /**
   * The client for a project's cluster. A project stored on a cluster that
   * is no longer configured fails here, naming it and the configured ones.
   */
  forProject(project: { spec: Pick<ProjectSpec, 'cluster'> }): ClusterClient {
    const name = this.nameOf(project.spec);
    const client = this.byName.get(name);
    if (!client) throw new InputError(this.unknown(name));
    return client;
  }

  /**
   * A new project's spec with its cluster: the one it names, checked, or
   * the default, written down so that a later change of the configured
   * order never moves it.
   */
  placeNew<T extends Pick<ProjectSpec, 'cluster'>>(spec: T): T {
    const name = this.nameOf(spec);
    if (!this.byName.has(name)) {
      throw new InputError(`Invalid project: ${this.unknown(name)}`);
    }
    return { ...spec, cluster: name };
  }

  /**
   * An updated spec, refused when it names another cluster: moving a
   * project would leave its objects behind. Omitted means unchanged.
   */
  keepPlace<T extends Pick<ProjectSpec, 'cluster'>>(
    current: Pick<ProjectSpec, 'cluster'>,
    next: T,
  ): T {
    const from = this.nameOf(current);
    const to = next.cluster ?? from;
    if (to !== from) {
      throw new InputError(
        `Invalid project update: spec.cluster: a project cannot move to another cluster ("${from}" → "${to}"); create a new project on "${to}" instead`,
      );
    }
    return { ...next, cluster: from };
  }

  /** Every cluster, for watches and health. */
  all(): NamedCluster[] {
    return [...this.clusters];
  }

  private unknown(name: string): string {
    return `spec.cluster: no cluster is named "${name}"; the configured clusters are ${this.names
      .map(n => `"${n}"`)
      .join(', ')} (kubernetes.clusterLocatorMethods)`;
  }
}
