import { useRouteRef } from '@backstage/core-plugin-api';
import { useMemo } from 'react';
import { ProjectRef } from '../api';
import { projectRouteRef } from '../routes';

type ProjectRoute = (params: { namespace: string; name: string }) => string;

function useOptionalProjectRoute(): ProjectRoute | undefined {
  try {
    // useRouteRef throws, after running all its hooks, when the route is not
    // mounted; the number of hooks called stays the same either way.
    return useRouteRef(projectRouteRef);
  } catch {
    return undefined;
  }
}

/**
 * Links to project pages. Undefined when the app has no Supabase page (an
 * app can show the entity card without mounting the page).
 */
export function useProjectLink(): ((ref: ProjectRef) => string) | undefined {
  const route = useOptionalProjectRoute();
  return useMemo(
    () =>
      route &&
      ((ref: ProjectRef) =>
        route({ namespace: ref.namespace, name: ref.name })),
    [route],
  );
}
