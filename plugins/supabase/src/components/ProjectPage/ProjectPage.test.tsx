import { ResponseError } from '@backstage/errors';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { fakeSupabaseApi } from '../../__testUtils__/fakeSupabaseApi';
import { makeEvent, makeProject, makeRun } from '../../__testUtils__/fixtures';
import {
  TestPolicy,
  giveElementsASize,
  renderWithApis,
} from '../../__testUtils__/renderWithApis';
import { SupabaseRouter } from '../Router';

const ref = { namespace: 'team-a', name: 'shop' };

function renderPage(
  api: ReturnType<typeof fakeSupabaseApi>['api'],
  permission?: TestPolicy,
) {
  return renderWithApis(
    <Routes>
      <Route path="/supabase/*" element={<SupabaseRouter />} />
    </Routes>,
    api,
    { routeEntries: ['/supabase/team-a/shop'], permission },
  );
}

async function notFound() {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'NotFoundError', message: 'No project team-a/shop' },
        request: { method: 'GET', url: '/projects/team-a/shop' },
        response: { statusCode: 404 },
      }),
      { status: 404, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('ProjectPage', () => {
  giveElementsASize();

  it('offers a non-owner no change to the project and none of its secrets', async () => {
    const fake = fakeSupabaseApi();
    fake.api.getProject.mockResolvedValue(
      makeProject({ phase: 'Running', owner: 'group:default/team-b' }),
    );
    fake.api.listEvents.mockResolvedValue({ items: [] });
    fake.api.getDbInitStatus.mockResolvedValue({ runs: [] });
    const asked: string[] = [];
    // Everyone reads; nothing else on this project.
    await renderPage(fake.api, request => {
      asked.push(`${request.permission.name} ${request.resourceRef}`);
      return request.permission.name === 'supabase.project.read';
    });

    for (const name of [
      'Edit',
      'Rotate keys',
      'Rotate database passwords',
      'Delete',
    ]) {
      await waitFor(() =>
        expect(screen.getByRole('button', { name })).toBeDisabled(),
      );
    }
    expect(
      screen.getByLabelText('Only the owners of team-a/shop may delete it'),
    ).toBeInTheDocument();
    const secrets = await screen.findByRole('region', { name: 'Secrets' });
    expect(
      within(secrets).getByText(
        'Only the owners of team-a/shop may reveal its secrets.',
      ),
    ).toBeInTheDocument();
    expect(within(secrets).queryByRole('button')).not.toBeInTheDocument();
    expect(fake.api.revealSecret).not.toHaveBeenCalled();
    // Every decision was asked about this project.
    expect(asked).toEqual(
      expect.arrayContaining([
        'supabase.project.update team-a/shop',
        'supabase.project.rotate team-a/shop',
        'supabase.project.delete team-a/shop',
        'supabase.project.secrets.read team-a/shop',
      ]),
    );
  });

  it('shows every section of the project', async () => {
    const fake = fakeSupabaseApi();
    fake.api.getProject.mockResolvedValue(
      makeProject({
        phase: 'Running',
        database: { name: 'supabase_team_a_shop', createdByPlugin: true },
        endpoints: { api: 'http://shop.example.com' },
        components: [
          {
            name: 'rest',
            image: 'postgrest/postgrest:v12.0.1',
            desiredReplicas: 1,
            readyReplicas: 1,
            availableReplicas: 1,
            state: 'Available',
          },
        ],
      }),
    );
    fake.api.listEvents.mockResolvedValue({
      items: [makeEvent(1, 'Pending'), makeEvent(2, 'Running')],
    });
    fake.api.getDbInitStatus.mockResolvedValue({ runs: [makeRun()] });
    await renderPage(fake.api);

    for (const heading of [
      'Phase timeline',
      'Database initialization',
      'Logs',
      'Components',
      'Endpoints',
    ]) {
      expect(
        await screen.findByRole('heading', { name: heading }),
      ).toBeInTheDocument();
    }
    expect(fake.api.getProject).toHaveBeenCalledWith(ref);
    expect(fake.projectStreams[0].request).toEqual(ref);
    expect(screen.getByText('postgrest/postgrest:v12.0.1')).toBeInTheDocument();
    expect(
      screen.getByText('supabase_team_a_shop (created for the project)'),
    ).toBeInTheDocument();
  });

  it('shows the cluster the project is on', async () => {
    const fake = fakeSupabaseApi();
    const project = makeProject({ phase: 'Running' });
    project.spec = { ...project.spec, cluster: 'eu-west' };
    fake.api.getProject.mockResolvedValue(project);
    await renderPage(fake.api);
    expect(await screen.findByText('Cluster')).toBeInTheDocument();
    expect(screen.getByText('eu-west')).toBeInTheDocument();
  });

  it('edits the project next to Delete and reloads it once accepted', async () => {
    const fake = fakeSupabaseApi();
    const project = makeProject({ phase: 'Running' });
    fake.api.getProject.mockResolvedValue(project);
    fake.api.updateProject.mockResolvedValue({ ...project, generation: 2 });
    await renderPage(fake.api);

    expect(
      await screen.findByRole('button', { name: 'Delete' }),
    ).toBeInTheDocument();
    const edit = screen.getByRole('button', { name: 'Edit' });
    await waitFor(() => expect(edit).toBeEnabled());
    await userEvent.click(edit);
    await userEvent.type(
      screen.getByRole('spinbutton', { name: 'kong replicas' }),
      '2',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(fake.api.getProject).toHaveBeenCalledTimes(2));
    expect(fake.api.updateProject).toHaveBeenCalledWith(ref, {
      ...project.spec,
      components: { kong: { replicas: 2 } },
    });
  });

  it('follows the status stream instead of polling', async () => {
    const fake = fakeSupabaseApi();
    fake.api.getProject.mockResolvedValue(
      makeProject({ phase: 'DeployingSecrets' }),
    );
    fake.api.listEvents.mockResolvedValue({
      items: [
        makeEvent(1, 'Pending', '', 0),
        makeEvent(2, 'DeployingSecrets', '', 1),
      ],
    });
    await renderPage(fake.api);
    await screen.findByRole('listitem', {
      name: 'DeployingSecrets: In progress',
    });

    const stream = fake.projectStreams[0];
    act(() => {
      stream.listener.onEvent({
        type: 'event',
        ...ref,
        event: makeEvent(3, 'DeployingComponents', 'Waiting for kong', 2),
      });
      stream.listener.onEvent({
        type: 'project',
        project: makeProject({
          phase: 'DeployingComponents',
          updatedAt: '2026-01-01T00:10:00.000Z',
        }),
      });
    });

    const item = await screen.findByRole('listitem', {
      name: 'DeployingComponents: In progress',
    });
    expect(within(item).getByText('Waiting for kong')).toBeInTheDocument();
    expect(
      screen.getByRole('listitem', { name: 'DeployingSecrets: Done' }),
    ).toBeInTheDocument();
    expect(fake.api.getProject).toHaveBeenCalledTimes(1);
  });

  it('reloads after the stream reconnects, as events may have been missed', async () => {
    const fake = fakeSupabaseApi();
    fake.api.getProject.mockResolvedValueOnce(
      makeProject({ phase: 'Pending' }),
    );
    fake.api.getProject.mockResolvedValueOnce(
      makeProject({ phase: 'Running', updatedAt: '2026-01-01T01:00:00.000Z' }),
    );
    await renderPage(fake.api);
    await screen.findByRole('listitem', { name: 'Pending: In progress' });
    const { listener } = fake.projectStreams[0];
    act(() => {
      listener.onConnectionChange?.('open');
      listener.onConnectionChange?.('reconnecting');
      listener.onConnectionChange?.('open');
    });
    expect(
      await screen.findByRole('listitem', { name: 'Running: Done' }),
    ).toBeInTheDocument();
    expect(fake.api.getProject).toHaveBeenCalledTimes(2);
  });

  it('shows why the project failed', async () => {
    const fake = fakeSupabaseApi();
    fake.api.getProject.mockResolvedValue(
      makeProject({
        phase: 'Failed',
        message: 'Secret team-a/shop-db has no key "password"',
      }),
    );
    await renderPage(fake.api);
    expect(await screen.findByText(/team-a\/shop failed/)).toBeInTheDocument();
    expect(
      screen.getAllByText('Secret team-a/shop-db has no key "password"'),
    ).not.toHaveLength(0);
  });

  it('shows a deletion at once, with no toast to outlive it', async () => {
    const fake = fakeSupabaseApi();
    fake.api.getProject.mockResolvedValue(
      makeProject({ phase: 'Running', updatedAt: '2026-01-01T00:00:00Z' }),
    );
    fake.api.listEvents.mockResolvedValue({ items: [] });
    fake.api.getDbInitStatus.mockResolvedValue({ runs: [] });
    fake.api.deleteProject.mockResolvedValue(
      makeProject({ phase: 'Deleting', updatedAt: '2026-01-01T00:01:00Z' }),
    );
    const { alertApi } = await renderPage(fake.api);
    const button = await screen.findByRole('button', { name: 'Delete' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    await userEvent.click(
      screen.getByRole('button', { name: 'Delete project' }),
    );
    // The stream is silent here: the API's answer alone moves the header.
    const status = await screen.findByTestId('status-aborted');
    expect(status.parentElement).toHaveTextContent('Deleting');
    expect(alertApi.post).not.toHaveBeenCalled();

    act(() =>
      fake.projectStreams[0].listener.onEvent({ type: 'deleted', ...ref }),
    );
    expect(
      await screen.findByText('team-a/shop was deleted'),
    ).toBeInTheDocument();
  });

  it('says when the project is deleted', async () => {
    const fake = fakeSupabaseApi();
    fake.api.getProject.mockResolvedValue(makeProject({ phase: 'Deleting' }));
    await renderPage(fake.api);
    await screen.findByRole('listitem', { name: 'Deleting: In progress' });
    act(() =>
      fake.projectStreams[0].listener.onEvent({ type: 'deleted', ...ref }),
    );
    expect(
      await screen.findByText('team-a/shop was deleted'),
    ).toBeInTheDocument();
    // The header says so too, without a reload.
    expect(screen.getByText('Deleted')).toBeInTheDocument();
    expect(
      screen.queryByText('Deleting', { selector: '.MuiChip-label' }),
    ).toBeNull();
  });

  it('says when the project does not exist', async () => {
    const fake = fakeSupabaseApi();
    fake.api.getProject.mockRejectedValue(await notFound());
    await renderPage(fake.api);
    expect(await screen.findByText('Not found')).toBeInTheDocument();
    expect(screen.getByText('No project team-a/shop')).toBeInTheDocument();
  });
});
