import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeSupabaseApi } from '../../__testUtils__/fakeSupabaseApi';
import { makeProject } from '../../__testUtils__/fixtures';
import {
  ownerNotPlatform,
  RenderOptions,
  renderWithApis,
} from '../../__testUtils__/renderWithApis';
import {
  RotatableCredentials,
  RotateCredentialsButton,
} from './RotateCredentialsButton';

const ref = { namespace: 'team-a', name: 'shop' };

describe('RotateCredentialsButton', () => {
  it('rotates the JWT secret only after confirmation', async () => {
    const { api } = fakeSupabaseApi();
    api.rotateJwtSecret.mockResolvedValue(makeProject());
    await renderWithApis(
      <RotateCredentialsButton
        credentials="jwtSecret"
        projectRef={ref}
        running
      />,
      api,
    );

    const button = screen.getByRole('button', { name: 'Rotate keys' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(
      screen.getByRole('dialog', {
        name: 'Rotate the JWT secret of team-a/shop?',
      }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(api.rotateJwtSecret).not.toHaveBeenCalled();

    await userEvent.click(button);
    await userEvent.click(screen.getByRole('button', { name: 'Rotate' }));
    expect(api.rotateJwtSecret).toHaveBeenCalledWith(ref);
  });

  it('is off while the project is not Running, and without permission', async () => {
    const { api } = fakeSupabaseApi();
    const { unmount } = await renderWithApis(
      <RotateCredentialsButton
        credentials="jwtSecret"
        projectRef={ref}
        running={false}
      />,
      api,
    );
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Rotate keys' }),
      ).toBeDisabled(),
    );
    unmount();
    await renderWithApis(
      <RotateCredentialsButton
        credentials="jwtSecret"
        projectRef={ref}
        running
      />,
      api,
      { permission: 'deny' },
    );
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Rotate keys' }),
      ).toBeDisabled(),
    );
  });

  it('says why a rotation was refused', async () => {
    const { api } = fakeSupabaseApi();
    api.rotateJwtSecret.mockRejectedValue(
      new Error('Project team-a/shop is Deleting'),
    );
    const alerts = await renderWithApis(
      <RotateCredentialsButton
        credentials="jwtSecret"
        projectRef={ref}
        running
      />,
      api,
    );
    const button = screen.getByRole('button', { name: 'Rotate keys' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    await userEvent.click(screen.getByRole('button', { name: 'Rotate' }));
    await waitFor(() =>
      expect(alerts.alertApi.post).toHaveBeenCalledWith(
        expect.objectContaining({
          message:
            'Could not rotate the JWT secret of team-a/shop: Project team-a/shop is Deleting',
          severity: 'error',
        }),
      ),
    );
  });

  it('rotates the database role passwords, and says which', async () => {
    const { api } = fakeSupabaseApi();
    api.rotateRolePasswords.mockResolvedValue(makeProject());
    const alerts = await renderWithApis(
      <RotateCredentialsButton
        credentials="rolePasswords"
        projectRef={ref}
        running
      />,
      api,
    );
    const button = screen.getByRole('button', {
      name: 'Rotate database passwords',
    });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(
      screen.getByRole('dialog', {
        name: 'Rotate the database role passwords of team-a/shop?',
      }),
    ).toHaveTextContent(
      'every project that uses the same database credentials moves to the new passwords',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Rotate' }));
    expect(api.rotateRolePasswords).toHaveBeenCalledWith(ref);
    expect(api.rotateJwtSecret).not.toHaveBeenCalled();
    await waitFor(() =>
      expect(alerts.alertApi.post).toHaveBeenCalledWith(
        expect.objectContaining({
          message: 'Rotating the database role passwords of team-a/shop',
        }),
      ),
    );
  });

  describe('on a server the platform shares between owners', () => {
    const reason =
      "The platform shares this project's database server between owners: only the platform team rotates the database role passwords.";

    /** Renders a Running project's button for `credentials`; returns it. */
    async function rotation(
      credentials: RotatableCredentials,
      sharedServer: boolean,
      permission: RenderOptions['permission'],
    ) {
      const rendered = await renderWithApis(
        <RotateCredentialsButton
          credentials={credentials}
          projectRef={ref}
          running
          sharedServer={sharedServer}
        />,
        fakeSupabaseApi().api,
        { permission },
      );
      const label =
        credentials === 'jwtSecret'
          ? 'Rotate keys'
          : 'Rotate database passwords';
      return {
        ...rendered,
        button: screen.getByRole('button', { name: label }),
      };
    }

    it("is off for an owner, saying the role passwords are the platform team's", async () => {
      const { button } = await rotation(
        'rolePasswords',
        true,
        ownerNotPlatform,
      );
      await waitFor(() => expect(button).toBeDisabled());
      expect(await screen.findByLabelText(reason)).toContainElement(button);
    });

    it("leaves an owner the project's own JWT secret", async () => {
      const { button } = await rotation('jwtSecret', true, ownerNotPlatform);
      await waitFor(() => expect(button).toBeEnabled());
    });

    it('is on for the platform team, and for an owner on a server that is not shared', async () => {
      const platform = await rotation('rolePasswords', true, 'allow');
      await waitFor(() => expect(platform.button).toBeEnabled());
      platform.unmount();
      const owner = await rotation('rolePasswords', false, ownerNotPlatform);
      await waitFor(() => expect(owner.button).toBeEnabled());
      expect(screen.queryByLabelText(reason)).not.toBeInTheDocument();
    });
  });
});
