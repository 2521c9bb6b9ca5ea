import { screen, within } from '@testing-library/react';
import { fakeSupabaseApi } from '../../__testUtils__/fakeSupabaseApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { ComponentsTable } from './ComponentsTable';

describe('ComponentsTable', () => {
  it('shows image, ready/desired and state, badging simulated pods', async () => {
    await renderWithApis(
      <ComponentsTable
        components={[
          {
            name: 'kong',
            image: 'kong:2.8.1',
            desiredReplicas: 2,
            readyReplicas: 1,
            availableReplicas: 1,
            state: 'Progressing',
            simulated: true,
          },
          {
            name: 'auth',
            image: 'supabase/gotrue:v2.151.0',
            desiredReplicas: 1,
            readyReplicas: 0,
            availableReplicas: 0,
            state: 'Unavailable',
            message: 'ImagePullBackOff',
          },
        ]}
      />,
      fakeSupabaseApi().api,
    );
    expect(
      screen.getByRole('heading', { name: 'Components' }),
    ).toBeInTheDocument();
    const kong = screen.getByText('kong').closest('tr')!;
    expect(within(kong).getByText('kong:2.8.1')).toBeInTheDocument();
    expect(within(kong).getByText('1/2')).toBeInTheDocument();
    expect(within(kong).getByText('Progressing')).toBeInTheDocument();
    expect(within(kong).getByText('simulated')).toBeInTheDocument();
    const auth = screen.getByText('auth').closest('tr')!;
    expect(within(auth).queryByText('simulated')).toBeNull();
    expect(within(auth).getByText('ImagePullBackOff')).toBeInTheDocument();
    expect(screen.getByText('local cluster')).toBeInTheDocument();
  });

  it('says when nothing is deployed yet', async () => {
    await renderWithApis(<ComponentsTable />, fakeSupabaseApi().api);
    expect(
      screen.getByText(/deployed in the DeployingComponents phase/),
    ).toBeInTheDocument();
    expect(screen.queryByText('local cluster')).toBeNull();
  });
});
