import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { SupabasePage } from './SupabasePage';

function renderWith(response: Response) {
  const fetch = jest.fn(async () => response);
  const discoveryApi = {
    getBaseUrl: async (id: string) => `http://backend/api/${id}`,
  };
  return {
    fetch,
    rendered: renderInTestApp(
      <TestApiProvider
        apis={[
          [discoveryApiRef, discoveryApi],
          [fetchApiRef, { fetch }],
        ]}
      >
        <SupabasePage />
      </TestApiProvider>,
    ),
  };
}

describe('SupabasePage', () => {
  it('shows that the backend answers', async () => {
    const { fetch, rendered } = renderWith(
      new Response(JSON.stringify({ status: 'ok' }), { status: 200 }),
    );
    await rendered;
    expect(await screen.findByText('Backend ok')).toBeInTheDocument();
    expect(fetch).toHaveBeenCalledWith('http://backend/api/supabase/health');
  });

  it('shows an error panel when the backend fails', async () => {
    const { rendered } = renderWith(new Response('nope', { status: 503 }));
    await rendered;
    expect(
      await screen.findAllByText(/The Supabase backend answered 503/),
    ).not.toHaveLength(0);
  });
});
