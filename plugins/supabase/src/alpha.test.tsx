import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import supabasePlugin from './alpha';
import { supabaseApiRef } from './api';
import { fakeSupabaseApi } from './__testUtils__/fakeSupabaseApi';
import { makeProject } from './__testUtils__/fixtures';
import { giveElementsASize } from './__testUtils__/renderWithApis';

describe('supabase plugin (new frontend system)', () => {
  giveElementsASize();

  it('serves the projects page and each project below it', async () => {
    const fake = fakeSupabaseApi();
    fake.api.listProjects.mockResolvedValue({
      items: [makeProject()],
      totalCount: 1,
    });
    fake.api.getProject.mockResolvedValue(makeProject());
    renderTestApp({
      features: [supabasePlugin],
      initialRouteEntries: ['/supabase'],
      apis: [[supabaseApiRef, fake.api], mockApis.permission()],
      // The entity tab and card attach to the catalog's entity page, which
      // this test app does not have.
      isExpectedError: error => error.code === 'EXTENSION_ATTACHMENT_MISSING',
    });

    await userEvent.click(await screen.findByRole('link', { name: 'shop' }));

    expect(
      await screen.findByRole('heading', { name: 'Phase timeline' }),
    ).toBeInTheDocument();
    expect(fake.api.getProject).toHaveBeenCalledWith({
      namespace: 'team-a',
      name: 'shop',
    });
  });
});
