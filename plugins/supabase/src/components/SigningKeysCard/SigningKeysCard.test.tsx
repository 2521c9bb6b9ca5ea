import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeSupabaseApi } from '../../__testUtils__/fakeSupabaseApi';
import { makeProject } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { SigningKeysCard } from './SigningKeysCard';

const ref = { namespace: 'team-a', name: 'shop' };
const jwk = { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' };

/** Clicks `button`, checks the dialog asks `question`, and confirms. */
async function confirm(button: string, question: string) {
  await userEvent.click(await screen.findByRole('button', { name: button }));
  const dialog = await screen.findByRole('dialog');
  expect(within(dialog).getByText(question)).toBeInTheDocument();
  await userEvent.click(within(dialog).getByRole('button', { name: button }));
}

describe('SigningKeysCard', () => {
  it('creates a standby key when there is none', async () => {
    const { api } = fakeSupabaseApi();
    api.listSigningKeys.mockResolvedValue({
      items: [{ kid: 'key-1', state: 'current', publicJwk: jwk }],
    });
    api.rotateSigningKey.mockResolvedValue(makeProject());
    await renderWithApis(
      <SigningKeysCard project={makeProject({ ...ref, phase: 'Running' })} />,
      api,
    );
    expect(await screen.findByText('key-1')).toBeInTheDocument();
    expect(screen.getByText(/current: signs/)).toBeInTheDocument();
    await confirm(
      'Create standby key',
      'Create a standby signing key for team-a/shop?',
    );
    await waitFor(() =>
      expect(api.rotateSigningKey).toHaveBeenCalledWith(ref, {
        step: 'create-standby',
      }),
    );
  });

  it('makes a standby key current and revokes a previous one', async () => {
    const { api } = fakeSupabaseApi();
    api.listSigningKeys.mockResolvedValue({
      items: [
        { kid: 'key-1', state: 'previous', publicJwk: jwk },
        { kid: 'key-2', state: 'current', publicJwk: jwk },
        { kid: 'key-3', state: 'standby', publicJwk: jwk },
        { kid: 'key-0', state: 'revoked', publicJwk: jwk },
      ],
    });
    api.rotateSigningKey.mockResolvedValue(makeProject());
    await renderWithApis(
      <SigningKeysCard project={makeProject({ ...ref, phase: 'Running' })} />,
      api,
    );
    expect(await screen.findByText('key-3')).toBeInTheDocument();
    expect(screen.queryByText('key-0')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Create standby key' }),
    ).not.toBeInTheDocument();
    await confirm('Make current', 'Make key key-3 of team-a/shop current?');
    await waitFor(() =>
      expect(api.rotateSigningKey).toHaveBeenCalledWith(ref, {
        step: 'make-current',
        kid: 'key-3',
      }),
    );
    await confirm('Revoke', 'Revoke key key-1 of team-a/shop?');
    await waitFor(() =>
      expect(api.rotateSigningKey).toHaveBeenCalledWith(ref, {
        step: 'revoke',
        kid: 'key-1',
      }),
    );
  });
});
