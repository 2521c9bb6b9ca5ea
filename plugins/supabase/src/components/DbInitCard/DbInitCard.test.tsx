import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DbInitStatus } from '@supabase-backstage/plugin-supabase-common';
import { DbInitStatusState } from '../../hooks/useDbInitStatus';
import { fakeSupabaseApi } from '../../__testUtils__/fakeSupabaseApi';
import {
  makeAttempt,
  makeProject,
  makeRun,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { DbInitCard } from './DbInitCard';

const ref = { namespace: 'team-a', name: 'shop' };

const failedRun = makeRun({
  state: 'Failed',
  message: 'BackoffLimitExceeded: Job has reached the specified backoff limit',
  attempts: [1, 2, 3, 4].map(attempt =>
    makeAttempt({
      attempt,
      podName: `shop-db-init-${attempt}`,
      state: 'Failed',
      exitCode: 2,
      fileResults: [
        { file: '00-initial-schema.sql', result: 'applied', errors: 0 },
        { file: '01-roles.sql', result: 'failed', errors: 3 },
        { file: '02-jwt.sql', result: 'not-attempted', errors: 0 },
      ],
    }),
  ),
});

function state(status?: DbInitStatus, error?: Error): DbInitStatusState {
  return { status, error, loading: false, reload: jest.fn() };
}

describe('DbInitCard', () => {
  it('shows the Job, the attempt count and each file result', async () => {
    await renderWithApis(
      <DbInitCard
        projectRef={ref}
        project={makeProject({ phase: 'Failed' })}
        dbInit={state({ runs: [failedRun] })}
      />,
      fakeSupabaseApi().api,
    );
    expect(
      screen.getByRole('heading', { name: 'Database initialization' }),
    ).toBeInTheDocument();
    expect(screen.getByText('shop-db-init')).toBeInTheDocument();
    expect(screen.getByText('4 of 4')).toBeInTheDocument();
    expect(screen.getByText('shop-db-init-4')).toBeInTheDocument();
    // Why it failed is in the failure panel, which this links to.
    expect(screen.queryByText(/BackoffLimitExceeded/)).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'See the failure' }),
    ).toBeInTheDocument();
    const row = screen.getByText('01-roles.sql').closest('tr')!;
    expect(within(row).getByText('failed')).toBeInTheDocument();
    expect(within(row).getByText('3')).toBeInTheDocument();
    // The run stopped at the failed file: what came after is shown as such.
    const after = screen.getByText('02-jwt.sql').closest('tr')!;
    expect(within(after).getByText('not-attempted')).toBeInTheDocument();
  });

  it('retries a Failed project through the API', async () => {
    const { api } = fakeSupabaseApi();
    api.retryProject.mockResolvedValue(makeProject({ phase: 'Pending' }));
    const { alertApi } = await renderWithApis(
      <DbInitCard
        projectRef={ref}
        project={makeProject({ phase: 'Failed' })}
        dbInit={state({ runs: [failedRun] })}
      />,
      api,
    );
    const retry = await screen.findByRole('button', { name: 'Retry' });
    await waitFor(() => expect(retry).toBeEnabled());
    await userEvent.click(retry);
    expect(api.retryProject).toHaveBeenCalledWith(ref);
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith(
        expect.objectContaining({ severity: 'success' }),
      ),
    );
  });

  it('disables Retry without the permission', async () => {
    const { api } = fakeSupabaseApi();
    await renderWithApis(
      <DbInitCard
        projectRef={ref}
        project={makeProject({ phase: 'Failed' })}
        dbInit={state({ runs: [failedRun] })}
      />,
      api,
      { permission: 'deny' },
    );
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Retry' })).toBeDisabled(),
    );
    expect(
      screen.getByTitle('Only the owners of team-a/shop may retry it'),
    ).toBeInTheDocument();
  });

  it('offers no Retry unless the project failed', async () => {
    await renderWithApis(
      <DbInitCard
        projectRef={ref}
        project={makeProject({ phase: 'Running' })}
        dbInit={state({ runs: [makeRun()] })}
      />,
      fakeSupabaseApi().api,
    );
    expect(screen.getByText('1 of 4')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });

  it('says when there is no Job yet', async () => {
    await renderWithApis(
      <DbInitCard
        projectRef={ref}
        project={makeProject({ phase: 'ValidatingDependencies' })}
        dbInit={state({ runs: [] })}
      />,
      fakeSupabaseApi().api,
    );
    expect(screen.getByText(/No db-init Job yet/)).toBeInTheDocument();
  });
});
