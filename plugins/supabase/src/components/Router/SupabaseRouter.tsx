import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import { Route, Routes } from 'react-router-dom';
import { ProjectPage } from '../ProjectPage';
import { ProjectsPage } from '../ProjectsPage';

/**
 * The plugin's pages below its mount point (`/supabase` by default). The
 * adapter scopes React Router to this page in the new frontend system; in the
 * legacy one it renders its children untouched.
 */
export function SupabaseRouter() {
  return (
    <ReactRouterV6PageRouter>
      <Routes>
        <Route path="/" element={<ProjectsPage />} />
        <Route path="/:namespace/:name" element={<ProjectPage />} />
      </Routes>
    </ReactRouterV6PageRouter>
  );
}
