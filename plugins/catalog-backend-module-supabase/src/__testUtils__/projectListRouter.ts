import { SupabaseProject } from '@supabase-backstage/plugin-supabase-common';
import express, { Request, Response } from 'express';

/** The fake's projects and what it saw; tests change it between calls. */
export interface ProjectListState {
  /** Newest first, as the real backend orders them. */
  projects: SupabaseProject[];
  /** Answer every request with this status and a Backstage error body. */
  failWith?: number;
  /** Answer with this body instead of the list. */
  rawBody?: unknown;
  /** Runs after each page is cut, before it is sent (to change the list mid-read). */
  afterPage?: (offset: number) => void;
  /** Every request: query and Authorization header. */
  requests: { limit?: string; offset?: string; authorization?: string }[];
}

export function createProjectListState(
  projects: SupabaseProject[] = [],
): ProjectListState {
  return { projects, requests: [] };
}

/**
 * `GET /projects?limit=&offset=` of the `supabase` backend's REST contract:
 * `{ items, totalCount }`, default page 50, at most 500, 400 on a bad query.
 */
export function createProjectListRouter(
  state: ProjectListState,
  authenticate: (req: Request) => Promise<void> = async () => {},
): express.Router {
  const router = express.Router();
  router.get('/projects', (req: Request, res: Response) => {
    authenticate(req)
      .then(() => {
        const { limit, offset } = req.query as Record<string, string>;
        state.requests.push({
          limit,
          offset,
          authorization: req.headers.authorization,
        });
        if (state.failWith) {
          res.status(state.failWith).json({
            error: { name: 'Error', message: 'the store is down' },
            response: { statusCode: state.failWith },
          });
          return;
        }
        if (state.rawBody !== undefined) {
          res.json(state.rawBody);
          return;
        }
        const size = limit === undefined ? 50 : Number(limit);
        const start = offset === undefined ? 0 : Number(offset);
        if (!Number.isInteger(size) || size < 1 || size > 500 || start < 0) {
          res.status(400).json({
            error: { name: 'InputError', message: 'Invalid query' },
            response: { statusCode: 400 },
          });
          return;
        }
        const totalCount = state.projects.length;
        const items = state.projects.slice(start, start + size);
        state.afterPage?.(start);
        res.json({ items, totalCount });
      })
      .catch(error => {
        res.status(401).json({
          error: { name: 'AuthenticationError', message: String(error) },
          response: { statusCode: 401 },
        });
      });
  });
  return router;
}
