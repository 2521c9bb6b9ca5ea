import { SHARED_SERVER_WARNING } from '@supabase-backstage/plugin-supabase-common';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeSupabaseApi } from '../../__testUtils__/fakeSupabaseApi';
import {
  ownerNotPlatform,
  renderWithApis,
} from '../../__testUtils__/renderWithApis';
import { ConnectCard } from './ConnectCard';

const ref = { namespace: 'team-a', name: 'shop' };
const api = 'http://shop-kong.team-a.svc:8000';

describe('ConnectCard', () => {
  it('gives the client snippet with the publishable key, and the connection string on request', async () => {
    const { api: supabaseApi } = fakeSupabaseApi();
    supabaseApi.revealSecret.mockResolvedValue({
      secret: 'connectionString',
      value: 'postgres://app:p%40ss@db:5432/shop',
    });
    await renderWithApis(
      <ConnectCard
        projectRef={ref}
        project={{
          endpoints: { api },
          anonKey: 'anon.jwt',
          publishableKey: 'sb_publishable_abc',
        }}
      />,
      supabaseApi,
    );
    expect(
      screen.getByText(
        `const supabase = createClient('${api}', 'sb_publishable_abc');`,
        { exact: false },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Copy client snippet' }),
    ).toBeInTheDocument();
    await userEvent.click(
      await screen.findByRole('button', { name: 'Reveal Connection string' }),
    );
    expect(supabaseApi.revealSecret).toHaveBeenCalledWith(
      ref,
      'connectionString',
    );
    expect(
      await screen.findByText('postgres://app:p%40ss@db:5432/shop'),
    ).toBeInTheDocument();
  });

  it('falls back to the anon key, and offers no connection string without the permission', async () => {
    await renderWithApis(
      <ConnectCard
        projectRef={ref}
        project={{ endpoints: { api }, anonKey: 'anon.jwt' }}
      />,
      fakeSupabaseApi().api,
      { permission: request => request.resourceRef !== 'team-a/shop' },
    );
    expect(
      screen.getByText(`const supabase = createClient('${api}', 'anon.jwt');`, {
        exact: false,
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/Only the owners of team-a\/shop may reveal it/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Reveal/ }),
    ).not.toBeInTheDocument();
  });

  describe('on a server the platform shares between owners', () => {
    const project = {
      endpoints: { api },
      anonKey: 'anon.jwt',
      warnings: [
        { code: 'other', message: 'Something else' },
        { code: SHARED_SERVER_WARNING, message: 'The platform shares ...' },
      ],
    };

    it("tells an owner the connection string is the platform team's, and offers no reveal", async () => {
      await renderWithApis(
        <ConnectCard projectRef={ref} project={project} />,
        fakeSupabaseApi().api,
        { permission: ownerNotPlatform },
      );
      expect(
        await screen.findByText(
          "The platform shares this project's database server between owners: only the platform team reveals its connection string.",
        ),
      ).toBeInTheDocument();
      expect(
        screen.queryByRole('button', { name: /Reveal/ }),
      ).not.toBeInTheDocument();
    });

    it('offers the platform team the connection string', async () => {
      await renderWithApis(
        <ConnectCard projectRef={ref} project={project} />,
        fakeSupabaseApi().api,
        { permission: 'allow' },
      );
      expect(
        await screen.findByRole('button', { name: 'Reveal Connection string' }),
      ).toBeInTheDocument();
      expect(screen.queryByText(/The platform shares/)).not.toBeInTheDocument();
    });

    it('offers an owner the connection string of a server that is not shared', async () => {
      await renderWithApis(
        <ConnectCard
          projectRef={ref}
          project={{ ...project, warnings: [project.warnings[0]] }}
        />,
        fakeSupabaseApi().api,
        { permission: ownerNotPlatform },
      );
      expect(
        await screen.findByRole('button', { name: 'Reveal Connection string' }),
      ).toBeInTheDocument();
      expect(screen.queryByText(/The platform shares/)).not.toBeInTheDocument();
    });
  });
});
