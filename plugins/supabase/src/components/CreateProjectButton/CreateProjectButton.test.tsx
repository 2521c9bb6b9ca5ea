import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { createProjectRouteRef } from '../../routes';
import { CreateProjectButton } from './CreateProjectButton';

describe('CreateProjectButton', () => {
  it('opens the default software template when the route is not bound', async () => {
    await renderInTestApp(<CreateProjectButton />);
    expect(
      screen.getByRole('button', { name: /create project/i }),
    ).toHaveAttribute('href', '/create/templates/default/supabase-project');
  });

  it('follows the app binding of the createProject route', async () => {
    await renderInTestApp(<CreateProjectButton />, {
      mountedRoutes: {
        '/create/templates/platform/supabase': createProjectRouteRef,
      },
    });
    expect(
      screen.getByRole('button', { name: /create project/i }),
    ).toHaveAttribute('href', '/create/templates/platform/supabase');
  });
});
