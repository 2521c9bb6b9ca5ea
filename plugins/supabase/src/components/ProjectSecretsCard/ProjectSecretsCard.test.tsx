import { ResponseError } from '@backstage/errors';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeSupabaseApi } from '../../__testUtils__/fakeSupabaseApi';
import {
  ownerNotPlatform,
  renderWithApis,
} from '../../__testUtils__/renderWithApis';
import { ProjectSecretsCard } from './ProjectSecretsCard';

const ref = { namespace: 'team-a', name: 'shop' };
const KEY = 'eyJhbGciOiJIUzI1NiJ9.service.signature';

describe('ProjectSecretsCard', () => {
  it('reveals a secret only when asked, and hides it again', async () => {
    const { api } = fakeSupabaseApi();
    api.revealSecret.mockResolvedValue({
      secret: 'serviceRoleKey',
      value: KEY,
    });
    await renderWithApis(<ProjectSecretsCard projectRef={ref} />, api, {
      permission: request =>
        request.permission.name === 'supabase.project.secrets.read' &&
        request.resourceRef === 'team-a/shop',
    });

    const reveal = await screen.findByRole('button', {
      name: 'Reveal service_role key',
    });
    expect(api.revealSecret).not.toHaveBeenCalled();
    expect(screen.queryByText(KEY)).not.toBeInTheDocument();
    await userEvent.click(reveal);
    expect(api.revealSecret).toHaveBeenCalledWith(ref, 'serviceRoleKey');
    expect(await screen.findByText(KEY)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Copy service_role key' }),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Hide service_role key' }),
    );
    expect(screen.queryByText(KEY)).not.toBeInTheDocument();
  });

  it('reveals the secret key, and offers the service_role key only while legacy keys are on', async () => {
    const { api } = fakeSupabaseApi();
    const secretKey = 'sb_secret_AbCdEfGhIjKlMnOpQrStUv_12345678';
    api.revealSecret.mockResolvedValue({
      secret: 'secretKey',
      value: secretKey,
    });
    await renderWithApis(
      <ProjectSecretsCard projectRef={ref} legacyKeys={false} />,
      api,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reveal Secret key' }),
    );
    expect(api.revealSecret).toHaveBeenCalledWith(ref, 'secretKey');
    expect(await screen.findByText(secretKey)).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Reveal service_role key' }),
    ).not.toBeInTheDocument();
  });

  it('shows both halves of the Studio login', async () => {
    const { api } = fakeSupabaseApi();
    api.revealSecret.mockResolvedValue({
      secret: 'studioCredentials',
      username: 'supabase',
      password: 's3cret',
    });
    await renderWithApis(<ProjectSecretsCard projectRef={ref} />, api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reveal Studio login' }),
    );
    expect(await screen.findByText('supabase')).toBeInTheDocument();
    expect(screen.getByText('s3cret')).toBeInTheDocument();
  });

  it('offers nothing to reveal without the permission on this project', async () => {
    const { api } = fakeSupabaseApi();
    await renderWithApis(<ProjectSecretsCard projectRef={ref} />, api, {
      permission: request => request.resourceRef !== 'team-a/shop',
    });
    expect(
      await screen.findByText(
        'Only the owners of team-a/shop may reveal its secrets.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it("says a refusal in Backstage's permission words", async () => {
    const { api } = fakeSupabaseApi();
    api.revealSecret.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message:
                'Missing permission supabase.project.secrets.read on project team-a/shop',
            },
            request: { method: 'POST', url: '/' },
            response: { statusCode: 403 },
          }),
          { status: 403, headers: { 'Content-Type': 'application/json' } },
        ),
      ),
    );
    const { alertApi } = await renderWithApis(
      <ProjectSecretsCard projectRef={ref} />,
      api,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reveal service_role key' }),
    );
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith({
        message:
          'Could not reveal the secret: Permission denied. Missing permission supabase.project.secrets.read on project team-a/shop. Ask your Backstage administrator for access.',
        severity: 'error',
      }),
    );
  });

  describe('on a server the platform shares between owners', () => {
    const studioReason =
      "The platform shares this project's database server between owners: only the platform team reveals its Studio login.";

    it("tells an owner the Studio login is the platform team's, and still offers the project's own keys", async () => {
      const { api } = fakeSupabaseApi();
      await renderWithApis(
        <ProjectSecretsCard projectRef={ref} sharedServer />,
        api,
        { permission: ownerNotPlatform },
      );
      expect(await screen.findByText(studioReason)).toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: 'Reveal Studio login' }),
      ).not.toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: 'Reveal Secret key' }),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: 'Reveal service_role key' }),
      ).toBeInTheDocument();
    });

    it('offers the platform team the Studio login', async () => {
      const { api } = fakeSupabaseApi();
      await renderWithApis(
        <ProjectSecretsCard projectRef={ref} sharedServer />,
        api,
        { permission: 'allow' },
      );
      expect(
        await screen.findByRole('button', { name: 'Reveal Studio login' }),
      ).toBeInTheDocument();
      expect(screen.queryByText(studioReason)).not.toBeInTheDocument();
    });

    it('offers an owner the Studio login of a server that is not shared', async () => {
      const { api } = fakeSupabaseApi();
      await renderWithApis(<ProjectSecretsCard projectRef={ref} />, api, {
        permission: ownerNotPlatform,
      });
      expect(
        await screen.findByRole('button', { name: 'Reveal Studio login' }),
      ).toBeInTheDocument();
      expect(screen.queryByText(studioReason)).not.toBeInTheDocument();
    });
  });
});
