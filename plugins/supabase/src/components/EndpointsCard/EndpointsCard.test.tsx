import { screen } from '@testing-library/react';
import { fakeSupabaseApi } from '../../__testUtils__/fakeSupabaseApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { EndpointsCard } from './EndpointsCard';

const spec = { database: { secretRef: 'shop-db' } };

describe('EndpointsCard', () => {
  it('links public URLs and offers to copy the anon key', async () => {
    await renderWithApis(
      <EndpointsCard
        project={{
          namespace: 'team-a',
          spec,
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
    expect(screen.queryByText('inside the cluster')).not.toBeInTheDocument();
    expect(screen.queryByText(/port-forward/)).not.toBeInTheDocument();

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
          namespace: 'team-a',
          spec,
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

  it('shows cluster-internal addresses as text, with the port-forward that reaches them', async () => {
    await renderWithApis(
      <EndpointsCard
        project={{
          namespace: 'team-a',
          spec,
          endpoints: {
            api: 'http://shop-kong.team-a.svc:8000',
            studio: 'http://shop-kong.team-a.svc:8000',
            rest: 'http://shop-kong.team-a.svc:8000/rest/v1',
          },
        }}
      />,
      fakeSupabaseApi().api,
    );
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
    expect(screen.getAllByText('inside the cluster')).toHaveLength(3);
    expect(
      screen.getByText(
        'kubectl -n team-a port-forward svc/shop-kong 8000:8000',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('http://localhost:8000')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Copy port-forward command' }),
    ).toBeInTheDocument();
    // Studio is behind Kong's basic auth: where its login is.
    expect(
      screen.getByText(/reveal "Studio login" under Secrets/),
    ).toBeInTheDocument();
  });

  it("names the user's basic-auth Secret as where the dashboard login is", async () => {
    await renderWithApis(
      <EndpointsCard
        project={{
          namespace: 'team-a',
          spec: { ...spec, studio: { basicAuthSecretRef: 'shop-dashboard' } },
          endpoints: { studio: 'https://studio.shop.example.com' },
        }}
      />,
      fakeSupabaseApi().api,
    );
    expect(
      screen.getByText(/in the Secret team-a\/shop-dashboard/),
    ).toBeInTheDocument();
  });

  it('says when there is nothing to show yet', async () => {
    await renderWithApis(
      <EndpointsCard project={{ namespace: 'team-a', spec }} />,
      fakeSupabaseApi().api,
    );
    expect(
      screen.getByText(/published when the project is Running/),
    ).toBeInTheDocument();
  });
});
