import { createRouteRef } from '@backstage/core-plugin-api';

/** The projects page, `/supabase` by default. @public */
export const rootRouteRef = createRouteRef({ id: 'supabase' });
