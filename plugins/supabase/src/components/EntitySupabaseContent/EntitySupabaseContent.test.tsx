import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { isSupabaseAvailable } from '../../lib/entity';
import { fakeSupabaseApi } from '../../__testUtils__/fakeSupabaseApi';
import { makeProject } from '../../__testUtils__/fixtures';
import {
  giveElementsASize,
  renderWithApis,
} from '../../__testUtils__/renderWithApis';
import { EntitySupabaseContent } from './EntitySupabaseContent';

function entity(annotation?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'shop',
      annotations: annotation
        ? { 'supabase.com/project': annotation }
        : undefined,
    },
    spec: {},
  };
}

describe('EntitySupabaseContent', () => {
  giveElementsASize();

  it('shows the annotated project', async () => {
    const fake = fakeSupabaseApi();
    fake.api.getProject.mockResolvedValue(makeProject());
    await renderWithApis(
      <EntityProvider entity={entity('team-a/shop')}>
        <EntitySupabaseContent />
      </EntityProvider>,
      fake.api,
    );
    expect(
      await screen.findByRole('heading', { name: 'Phase timeline' }),
    ).toBeInTheDocument();
    expect(fake.api.getProject).toHaveBeenCalledWith({
      namespace: 'team-a',
      name: 'shop',
    });
  });

  it('explains a malformed annotation', async () => {
    const fake = fakeSupabaseApi();
    await renderWithApis(
      <EntityProvider entity={entity('just-a-name')}>
        <EntitySupabaseContent />
      </EntityProvider>,
      fake.api,
    );
    expect(screen.getByText(/must be <namespace>\/<name>/)).toBeInTheDocument();
    expect(fake.api.getProject).not.toHaveBeenCalled();
  });

  it('explains a missing annotation', async () => {
    await renderWithApis(
      <EntityProvider entity={entity()}>
        <EntitySupabaseContent />
      </EntityProvider>,
      fakeSupabaseApi().api,
    );
    expect(screen.getByText(/Missing Annotation/i)).toBeInTheDocument();
  });
});

describe('isSupabaseAvailable', () => {
  it('is true only for annotated entities', () => {
    expect(isSupabaseAvailable(entity('team-a/shop'))).toBe(true);
    expect(isSupabaseAvailable(entity())).toBe(false);
  });
});
