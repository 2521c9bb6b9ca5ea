import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { act, screen } from '@testing-library/react';
import { fakeSupabaseApi } from '../../__testUtils__/fakeSupabaseApi';
import { makeProject } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { EntitySupabaseCard } from './EntitySupabaseCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'shop',
    annotations: { 'supabase.com/project': 'team-a/shop' },
  },
  spec: {},
};

describe('EntitySupabaseCard', () => {
  it('shows phase, link and endpoints, and follows changes', async () => {
    const fake = fakeSupabaseApi();
    fake.api.getProject.mockResolvedValue(
      makeProject({ phase: 'DeployingComponents' }),
    );
    await renderWithApis(
      <EntityProvider entity={entity}>
        <EntitySupabaseCard />
      </EntityProvider>,
      fake.api,
    );
    expect(await screen.findByText('DeployingComponents')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'team-a/shop' })).toHaveAttribute(
      'href',
      '/supabase/team-a/shop',
    );

    act(() =>
      fake.projectStreams[0].listener.onEvent({
        type: 'project',
        project: makeProject({
          phase: 'Running',
          updatedAt: '2026-01-01T01:00:00.000Z',
          endpoints: { api: 'http://shop.example.com' },
        }),
      }),
    );
    expect(await screen.findByText('Running')).toBeInTheDocument();
    expect(screen.getByText('http://shop.example.com')).toBeInTheDocument();
  });
});
