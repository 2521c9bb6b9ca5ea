import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ProjectSpec } from '@supabase-backstage/plugin-supabase-common';
import { fakeSupabaseApi } from '../../__testUtils__/fakeSupabaseApi';
import { makeProject } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { EditProjectButton } from './EditProjectButton';

const ref = { namespace: 'team-a', name: 'shop' };

const spec: ProjectSpec = {
  database: { secretRef: 'shop-db', sslMode: 'require' },
  storage: { secretRef: 'shop-s3' },
  ingress: {
    host: 'shop.example.com',
    className: 'nginx',
    annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
  },
  dbInit: { strict: true },
  components: {
    rest: { replicas: 2, env: { PGRST_DB_MAX_ROWS: '1000' } },
    kong: { image: 'kong:3.4' },
  },
};

async function badRequest(message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'InputError', message },
        request: { method: 'PATCH', url: '/projects/team-a/shop' },
        response: { statusCode: 400 },
      }),
      { status: 400, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

async function openDialog() {
  const button = screen.getByRole('button', { name: 'Edit' });
  await waitFor(() => expect(button).toBeEnabled());
  await userEvent.click(button);
  return screen.getByRole('dialog', { name: 'Edit team-a/shop' });
}

describe('EditProjectButton', () => {
  it('is off without the update permission', async () => {
    const { api } = fakeSupabaseApi();
    await renderWithApis(
      <EditProjectButton project={makeProject({ spec })} />,
      api,
      { permission: 'deny' },
    );
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Edit' })).toBeDisabled(),
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('is off while the project is being deleted', async () => {
    const { api } = fakeSupabaseApi();
    await renderWithApis(
      <EditProjectButton project={makeProject({ spec, phase: 'Deleting' })} />,
      api,
    );
    // Allowed, but a project on its way out is not edited.
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Edit' })).toBeDisabled(),
    );
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
  });

  it('offers only the components the project deploys, with their images in full', async () => {
    const { api } = fakeSupabaseApi();
    const image = 'public.ecr.aws/supabase/postgrest:v12.2.12-with-a-long-tag';
    await renderWithApis(
      <EditProjectButton
        project={makeProject({
          spec: { database: { secretRef: 'shop-db' } },
          components: [
            {
              name: 'rest',
              image,
              desiredReplicas: 1,
              readyReplicas: 1,
              availableReplicas: 1,
              state: 'Available',
            },
          ],
        })}
      />,
      api,
    );
    const dialog = await openDialog();
    expect(
      within(dialog).getByRole('spinbutton', { name: 'rest replicas' }),
    ).toBeInTheDocument();
    // No storage Secret: no storage; functions off: no functions.
    expect(
      within(dialog).queryByRole('spinbutton', { name: 'storage replicas' }),
    ).not.toBeInTheDocument();
    expect(
      within(dialog).queryByRole('spinbutton', { name: 'functions replicas' }),
    ).not.toBeInTheDocument();
    expect(within(dialog).getByText(image)).toBeInTheDocument();

    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /Edge functions/ }),
    );
    expect(
      within(dialog).getByRole('spinbutton', { name: 'functions replicas' }),
    ).toBeInTheDocument();
  });

  it('sends the whole spec with only the changed replicas, then closes', async () => {
    const { api } = fakeSupabaseApi();
    const updated = makeProject({ generation: 2 });
    api.updateProject.mockResolvedValue(updated);
    const onUpdated = jest.fn();
    const { alertApi } = await renderWithApis(
      <EditProjectButton
        project={makeProject({ spec })}
        onUpdated={onUpdated}
      />,
      api,
    );
    await openDialog();

    const replicas = screen.getByRole('spinbutton', { name: 'rest replicas' });
    expect(replicas).toHaveValue(2);
    await userEvent.clear(replicas);
    await userEvent.type(replicas, '3');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(onUpdated).toHaveBeenCalledWith(updated));
    expect(api.updateProject).toHaveBeenCalledTimes(1);
    expect(api.updateProject).toHaveBeenCalledWith(ref, {
      ...spec,
      components: {
        ...spec.components,
        rest: { replicas: 3, env: { PGRST_DB_MAX_ROWS: '1000' } },
      },
    });
    expect(alertApi.post).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'Updating team-a/shop' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('shows why the backend refused and stays open', async () => {
    const { api } = fakeSupabaseApi();
    const message =
      'Invalid project update: Secret shop-tls named by ingress.tlsSecretRef does not exist. Nothing was changed.';
    api.updateProject.mockRejectedValue(await badRequest(message));
    const onUpdated = jest.fn();
    await renderWithApis(
      <EditProjectButton
        project={makeProject({ spec })}
        onUpdated={onUpdated}
      />,
      api,
    );
    await openDialog();

    await userEvent.type(
      screen.getByRole('textbox', { name: /ingress\.tlsSecretRef/ }),
      'shop-tls',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(api.updateProject).toHaveBeenCalledWith(ref, {
      ...spec,
      ingress: { ...spec.ingress, tlsSecretRef: 'shop-tls' },
    });
    expect(
      screen.getByRole('dialog', { name: 'Edit team-a/shop' }),
    ).toBeInTheDocument();
    expect(onUpdated).not.toHaveBeenCalled();
    // What was typed is kept for another try.
    expect(
      screen.getByRole('textbox', { name: /ingress\.tlsSecretRef/ }),
    ).toHaveValue('shop-tls');
  });

  it('moves a project from an existing database to one of its own on a server', async () => {
    const { api } = fakeSupabaseApi();
    api.updateProject.mockResolvedValue(makeProject());
    await renderWithApis(
      <EditProjectButton project={makeProject({ spec })} />,
      api,
    );
    await openDialog();

    const secret = screen.getByRole('textbox', {
      name: /database\.secretRef/,
    });
    expect(secret).toHaveValue('shop-db');
    expect(
      screen.getByRole('radio', { name: /an existing database/i }),
    ).toBeChecked();
    expect(screen.queryByText(/moves to that database/)).toBeNull();

    await userEvent.click(
      screen.getByRole('radio', { name: /a database of its own/i }),
    );
    const server = screen.getByRole('textbox', {
      name: /database\.serverSecretRef/,
    });
    expect(screen.getByText(/supabase_team_a_shop/)).toBeInTheDocument();
    expect(screen.getByText(/moves to that database/)).toBeInTheDocument();
    await userEvent.clear(server);
    await userEvent.type(server, 'pg-server');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(api.updateProject).toHaveBeenCalledWith(ref, {
        ...spec,
        database: { serverSecretRef: 'pg-server', sslMode: 'require' },
      }),
    );
  });

  it('moves a project from its own database to an existing one, and needs a Secret', async () => {
    const { api } = fakeSupabaseApi();
    api.updateProject.mockResolvedValue(makeProject());
    const own = { database: { serverSecretRef: 'pg-server' } };
    await renderWithApis(
      <EditProjectButton project={makeProject({ spec: own })} />,
      api,
    );
    await openDialog();

    expect(
      screen.getByRole('radio', { name: /a database of its own/i }),
    ).toBeChecked();
    await userEvent.click(
      screen.getByRole('radio', { name: /an existing database/i }),
    );
    const secret = screen.getByRole('textbox', {
      name: /database\.secretRef/,
    });
    await userEvent.clear(secret);
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      screen.getByText(/database\.secretRef needs the name of a Secret/),
    ).toBeInTheDocument();
    expect(api.updateProject).not.toHaveBeenCalled();

    await userEvent.type(secret, 'legacy-db');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.updateProject).toHaveBeenCalledWith(ref, {
        database: { secretRef: 'legacy-db' },
      }),
    );
  });

  it('checks replicas before sending', async () => {
    const { api } = fakeSupabaseApi();
    await renderWithApis(
      <EditProjectButton project={makeProject({ spec })} />,
      api,
    );
    await openDialog();

    const replicas = screen.getByRole('spinbutton', { name: 'auth replicas' });
    await userEvent.type(replicas, '11');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(
      screen.getByText(/components\.auth\.replicas must be a whole number/),
    ).toBeInTheDocument();
    expect(api.updateProject).not.toHaveBeenCalled();
  });

  it('edits the whole spec as JSON and refuses invalid JSON', async () => {
    const { api } = fakeSupabaseApi();
    api.updateProject.mockResolvedValue(makeProject());
    await renderWithApis(
      <EditProjectButton project={makeProject({ spec })} />,
      api,
    );
    await openDialog();

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Advanced: edit as JSON' }),
    );
    const editor = screen.getByRole('textbox', { name: 'Spec (JSON)' });
    expect(JSON.parse((editor as HTMLTextAreaElement).value)).toEqual(spec);

    fireEvent.change(editor, { target: { value: '{ "database": ' } });
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByText(/The spec is not valid JSON/)).toBeInTheDocument();
    expect(api.updateProject).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog')).toBeInTheDocument();

    const edited = { database: { secretRef: 'other-db' } };
    fireEvent.change(editor, { target: { value: JSON.stringify(edited) } });
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.updateProject).toHaveBeenCalledWith(ref, edited),
    );
  });
});
