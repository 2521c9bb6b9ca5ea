import { screen } from '@testing-library/react';
import { fakeSupabaseApi } from '../../__testUtils__/fakeSupabaseApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { EndpointsCard } from './EndpointsCard';

describe('EndpointsCard', () => {
  it('links the URLs and offers to copy the anon key', async () => {
    await renderWithApis(
      <EndpointsCard
        project={{
          endpoints: {
            api: 'http://shop.team-a.example.com',
            studio: 'http://studio.shop.team-a.example.com',
          },
          anonKey: 'eyJhbGciOiJIUzI1NiJ9.anon.signature',
        }}
      />,
      fakeSupabaseApi().api,
    );
    expect(
      screen.getByRole('heading', { name: 'Endpoints' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /^http:\/\/shop.team-a.example.com/ }),
    ).toHaveAttribute('href', 'http://shop.team-a.example.com');
    expect(screen.getByText('Studio URL')).toBeInTheDocument();

    expect(
      screen.getByText('eyJhbGciOiJIUzI1NiJ9.anon.signature'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Copy Anon key (legacy)' }),
    ).toBeInTheDocument();
  });

  it('offers the publishable key, and the anon key only when the project has it', async () => {
    const publishableKey = 'sb_publishable_AbCdEfGhIjKlMnOpQrStUv_12345678';
    await renderWithApis(
      <EndpointsCard
        project={{
          endpoints: { api: 'http://shop.team-a.example.com' },
          publishableKey,
        }}
      />,
      fakeSupabaseApi().api,
    );
    expect(screen.getByText(publishableKey)).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Copy Publishable key' }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Anon key/)).not.toBeInTheDocument();
  });

  it('says when there is nothing to show yet', async () => {
    await renderWithApis(<EndpointsCard project={{}} />, fakeSupabaseApi().api);
    expect(
      screen.getByText(/published when the project is Running/),
    ).toBeInTheDocument();
  });
});
