import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { act } from 'react';
import { fakeSupabaseApi } from '../../__testUtils__/fakeSupabaseApi';
import { makeProject } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { ProjectsPage } from './ProjectsPage';

function projects(count: number, offset = 0) {
  return Array.from({ length: count }, (_, i) =>
    makeProject({
      name: `project-${offset + i + 1}`,
      uid: `uid-${offset + i}`,
    }),
  );
}

describe('ProjectsPage', () => {
  it('lists projects with a link, namespace, phase, age and owner', async () => {
    const { api } = fakeSupabaseApi();
    api.listProjects.mockResolvedValue({
      items: [
        makeProject({ name: 'shop' }),
        makeProject({
          name: 'broken',
          phase: 'Failed',
          message: 'Secret team-a/db has no key "password"',
        }),
      ],
      totalCount: 2,
    });
    await renderWithApis(<ProjectsPage />, api);

    const link = await screen.findByRole('link', { name: 'shop' });
    expect(link).toHaveAttribute('href', '/supabase/team-a/shop');
    const row = screen.getByText('broken').closest('tr')!;
    expect(within(row).getByText('Failed')).toBeInTheDocument();
    expect(
      within(row).getByText('Secret team-a/db has no key "password"'),
    ).toBeInTheDocument();
    expect(within(row).getByText('team-a')).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: 'guest' }),
    ).toBeInTheDocument();
    expect(api.listProjects).toHaveBeenCalledWith({
      limit: 20,
      offset: 0,
    });
  });

  it('asks the backend for the next page', async () => {
    const { api } = fakeSupabaseApi();
    api.listProjects.mockImplementation(async query => ({
      items: projects(20, query?.offset ?? 0),
      totalCount: 45,
    }));
    await renderWithApis(<ProjectsPage />, api);
    await screen.findByText('project-1');
    expect(screen.getAllByText('1-20 of 45')).not.toHaveLength(0);

    await userEvent.click(screen.getByRole('button', { name: 'Next Page' }));

    expect(await screen.findByText('project-21')).toBeInTheDocument();
    expect(api.listProjects).toHaveBeenLastCalledWith({
      limit: 20,
      offset: 20,
    });
  });

  it('passes the filters to the backend', async () => {
    const { api } = fakeSupabaseApi();
    api.listProjects.mockResolvedValue({ items: projects(1), totalCount: 1 });
    await renderWithApis(<ProjectsPage />, api);
    await screen.findByText('project-1');

    await userEvent.type(screen.getByLabelText('Search by name'), 'shop');
    await userEvent.type(screen.getByLabelText('Namespace'), 'team-b');
    await userEvent.click(screen.getByLabelText('Phase'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Failed' }),
    );

    await waitFor(() =>
      expect(api.listProjects).toHaveBeenLastCalledWith({
        namespace: 'team-b',
        phase: 'Failed',
        search: 'shop',
        limit: 20,
        offset: 0,
      }),
    );
  });

  it('explains how to create the first project', async () => {
    const { api } = fakeSupabaseApi();
    await renderWithApis(<ProjectsPage />, api);
    expect(
      await screen.findByText('No Supabase projects yet'),
    ).toBeInTheDocument();
    expect(screen.getByText(/software template/)).toBeInTheDocument();
    for (const link of screen.getAllByRole('button', {
      name: /create project/i,
    })) {
      expect(link).toHaveAttribute(
        'href',
        '/create/templates/default/supabase-project',
      );
    }
  });

  it('shows the backend error without a stack trace', async () => {
    const { api } = fakeSupabaseApi();
    const error = new Error('connect ECONNREFUSED');
    error.stack = 'Error: connect ECONNREFUSED\n    at secret/internal.js:1:1';
    api.listProjects.mockRejectedValue(error);
    await renderWithApis(<ProjectsPage />, api);
    expect(
      await screen.findByText(/Could not load the Supabase projects/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/internal\.js/)).not.toBeInTheDocument();
  });

  it('updates a row from the status stream', async () => {
    const { api, projectStreams } = fakeSupabaseApi();
    api.listProjects.mockResolvedValue({
      items: [makeProject({ name: 'shop', phase: 'DeployingComponents' })],
      totalCount: 1,
    });
    await renderWithApis(<ProjectsPage />, api);
    await screen.findByText('DeployingComponents');

    act(() =>
      projectStreams[0].listener.onEvent({
        type: 'project',
        project: makeProject({ name: 'shop', phase: 'Running' }),
      }),
    );

    expect(await screen.findByText('Running')).toBeInTheDocument();
    expect(screen.queryByText('DeployingComponents')).not.toBeInTheDocument();
    expect(api.listProjects).toHaveBeenCalledTimes(1);
  });
});
