import { screen } from '@testing-library/react';
import { fakeSupabaseApi } from '../../__testUtils__/fakeSupabaseApi';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { ProjectWarnings } from './ProjectWarnings';

describe('ProjectWarnings', () => {
  it('lists each warning with its code', async () => {
    await renderWithApis(
      <ProjectWarnings
        warnings={[
          {
            code: 'WalLevelNotLogical',
            message:
              'Realtime needs wal_level=logical: set it and restart PostgreSQL',
          },
          { code: 'PgNetMissing', message: 'Webhooks need pg_net preloaded' },
        ]}
      />,
      fakeSupabaseApi().api,
    );
    expect(
      screen.getByText(/2 warnings for the platform team/),
    ).toBeInTheDocument();
    expect(screen.getByText(/wal_level=logical/)).toBeInTheDocument();
    expect(screen.getByText('PgNetMissing')).toBeInTheDocument();
  });

  it('renders nothing without warnings', async () => {
    await renderWithApis(
      <ProjectWarnings warnings={[]} />,
      fakeSupabaseApi().api,
    );
    expect(screen.queryByText(/warning/)).toBeNull();
  });
});
