import { alertApiRef } from '@backstage/core-plugin-api';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  TestApiProvider,
  mockApis,
  renderInTestApp,
} from '@backstage/test-utils';
import { ReactElement } from 'react';
import { SWRConfig } from 'swr';
import { SupabaseApi, supabaseApiRef } from '../api';
import { rootRouteRef } from '../routes';

/** A stand-in policy: decides each request the page makes. */
export type TestPolicy = (request: EvaluatePermissionRequest) => boolean;

/**
 * An owner who is not on the platform team: every permission on the
 * project, none on a shared database server.
 */
export const ownerNotPlatform: TestPolicy = request =>
  !request.permission.name.startsWith('supabase.server.shared.');

export interface RenderOptions {
  /**
   * Whether the permission framework allows what is asked; default yes. A
   * function decides per permission and resource.
   */
  permission?: 'allow' | 'deny' | TestPolicy;
  routeEntries?: string[];
}

/**
 * Renders inside a test app with the Supabase API mocked at its API ref, the
 * permission API, an alert API to assert on, and the routes the components
 * link to.
 */
export async function renderWithApis(
  element: ReactElement,
  api: SupabaseApi,
  options: RenderOptions = {},
): Promise<{ alertApi: { post: jest.Mock }; unmount(): void }> {
  const alertApi = { post: jest.fn(), alert$: jest.fn() };
  const policy = options.permission ?? 'allow';
  const decide: TestPolicy =
    typeof policy === 'function' ? policy : () => policy === 'allow';
  const permissionApi = mockApis.permission({
    authorize: request =>
      decide(request) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
  });
  const rendered = await renderInTestApp(
    <TestApiProvider
      apis={[
        [supabaseApiRef, api],
        [permissionApiRef, permissionApi],
        [alertApiRef, alertApi],
      ]}
    >
      {/* usePermission caches answers in SWR's global cache: one per test. */}
      <SWRConfig value={{ provider: () => new Map() }}>{element}</SWRConfig>
    </TestApiProvider>,
    {
      routeEntries: options.routeEntries,
      mountedRoutes: {
        '/supabase': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
  return { alertApi, unmount: rendered.unmount };
}

/**
 * jsdom lays nothing out, and the LogViewer's AutoSizer renders nothing in a
 * zero-sized box: give elements a size for the tests that show logs.
 */
export function giveElementsASize() {
  let spy: jest.SpyInstance;
  beforeAll(() => {
    spy = jest
      .spyOn(HTMLElement.prototype, 'getBoundingClientRect')
      .mockReturnValue({
        x: 0,
        y: 0,
        top: 0,
        left: 0,
        bottom: 600,
        right: 1000,
        height: 600,
        width: 1000,
        toJSON: () => ({}),
      });
  });
  afterAll(() => spy.mockRestore());
}
