import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ForwardedError, ResponseError } from '@backstage/errors';
import {
  ListProjectsResponse,
  SupabaseApiClient,
  stringifyProjectRef,
} from '@supabase-backstage/plugin-supabase-common';

/** The backend's largest page (`limit` is at most 500). */
export const MAX_PAGE_SIZE = 500;

/** How often a listing that changed while it was read is read again. */
const MAX_READ_ATTEMPTS = 3;

/**
 * Reads every project from the `supabase` backend plugin's REST API,
 * `GET /projects?limit=&offset=` through its generated client, with a service token of the plugin this
 * runs in (the catalog). The backend's permission checks allow service
 * principals, so no user's view limits what the catalog sees.
 *
 * @public
 */
export class SupabaseProjectsReader {
  private readonly auth: AuthService;
  private readonly api: SupabaseApiClient;
  private readonly pageSize: number;

  constructor(options: {
    auth: AuthService;
    discovery: DiscoveryService;
    /** Projects per request; default and at most 500. */
    pageSize?: number;
  }) {
    this.auth = options.auth;
    this.api = new SupabaseApiClient({ discoveryApi: options.discovery });
    this.pageSize = Math.max(
      1,
      Math.min(options.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE),
    );
  }

  /**
   * Every project, as the REST API returns them (items are not checked
   * here). Throws when the backend cannot be reached, answers with an error
   * or with something that is not a project list, and when the list keeps
   * changing while its pages are read: a half-read list would remove
   * projects from the catalog.
   */
  async readAll(signal?: AbortSignal): Promise<unknown[]> {
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: await this.auth.getOwnServiceCredentials(),
      targetPluginId: 'supabase',
    });
    for (let attempt = 1; ; attempt++) {
      const result = await this.readPages(token, signal);
      if (result.consistent) return result.items;
      if (attempt >= MAX_READ_ATTEMPTS) {
        throw new Error(
          `The list of Supabase projects changed while it was read, ${attempt} times in a row (${result.items.length} read, ${result.totalCount} expected)`,
        );
      }
    }
  }

  /**
   * One pass over the pages. The backend pages by offset, newest first, so
   * a project created or deleted between two pages shifts the rest: the pass
   * is consistent only when every page reports the same total and exactly
   * that many distinct projects came back.
   */
  private async readPages(
    token: string,
    signal: AbortSignal | undefined,
  ): Promise<{ items: unknown[]; totalCount: number; consistent: boolean }> {
    const byRef = new Map<string, unknown>();
    let totalCount: number | undefined;
    let offset = 0;
    let consistent = true;
    for (;;) {
      const page = await this.readPage(token, offset, signal);
      if (totalCount === undefined) totalCount = page.totalCount;
      else if (page.totalCount !== totalCount) consistent = false;
      for (const item of page.items) {
        byRef.set(refOf(item) ?? `#${byRef.size}`, item);
      }
      offset += page.items.length;
      // Not `items.length < limit`: a backend may cap pages lower.
      if (!consistent || page.items.length === 0 || offset >= page.totalCount) {
        break;
      }
    }
    const items = [...byRef.values()];
    const expected = totalCount ?? 0;
    return {
      items,
      totalCount: expected,
      consistent: consistent && items.length === expected,
    };
  }

  private async readPage(
    token: string,
    offset: number,
    signal: AbortSignal | undefined,
  ): Promise<ListProjectsResponse> {
    const query = { limit: this.pageSize, offset };
    const url = await this.api.url('/projects', query);
    let body: Partial<ListProjectsResponse> | undefined;
    try {
      body = await this.api.listProjects(query, { token, signal });
    } catch (error) {
      if (error instanceof ResponseError) {
        throw new Error(
          `GET ${url} answered ${error.statusCode} ${error.response.statusText}: ${error.body.error.message}`,
          { cause: error },
        );
      }
      if (error instanceof SyntaxError) body = undefined;
      else {
        // Node's fetch says only "fetch failed"; the reason is in its cause.
        const reason = (error as { cause?: unknown })?.cause;
        throw new ForwardedError(
          reason ? `GET ${url} failed (${reason})` : `GET ${url} failed`,
          error,
        );
      }
    }
    if (
      !body ||
      !Array.isArray(body.items) ||
      typeof body.totalCount !== 'number'
    ) {
      throw new Error(
        `GET ${url} did not answer with a project list ({ items, totalCount })`,
      );
    }
    return body as ListProjectsResponse;
  }
}

function refOf(item: unknown): string | undefined {
  const p = item as { namespace?: unknown; name?: unknown } | null;
  if (
    p &&
    typeof p === 'object' &&
    typeof p.namespace === 'string' &&
    typeof p.name === 'string'
  ) {
    return stringifyProjectRef({ namespace: p.namespace, name: p.name });
  }
  return undefined;
}
