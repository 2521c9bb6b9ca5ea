import { screen, within } from '@testing-library/react';
import { fakeSupabaseApi } from '../../__testUtils__/fakeSupabaseApi';
import { makeEvent, makeProject } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { PhaseTimeline } from './PhaseTimeline';

function item(name: RegExp) {
  return screen.getByRole('listitem', { name });
}

describe('PhaseTimeline', () => {
  it('shows done, in progress and not reached phases with their times', async () => {
    const events = [
      makeEvent(1, 'Pending', 'Stored', 0),
      makeEvent(2, 'ValidatingDependencies', 'Secrets found', 1),
      makeEvent(3, 'InitializingDatabase', 'Job shop-db-init created', 3),
    ];
    await renderWithApis(
      <PhaseTimeline
        project={makeProject({ phase: 'InitializingDatabase' })}
        events={events}
      />,
      fakeSupabaseApi().api,
    );

    expect(
      screen.getByRole('heading', { name: 'Phase timeline' }),
    ).toBeInTheDocument();
    const validating = item(/^ValidatingDependencies: Done$/);
    expect(within(validating).getByText(/took 2m/)).toBeInTheDocument();
    const initializing = item(/^InitializingDatabase: In progress$/);
    expect(within(initializing).getByText(/so far/)).toBeInTheDocument();
    expect(
      within(initializing).getByText('Job shop-db-init created'),
    ).toBeInTheDocument();
    for (const phase of [
      'DeployingSecrets',
      'DeployingComponents',
      'Running',
    ]) {
      expect(item(new RegExp(`^${phase}: Not reached$`))).toBeInTheDocument();
    }
    expect(screen.getAllByRole('listitem')).toHaveLength(6);
  });

  it('shows the phase that failed, linking to the failure panel', async () => {
    const events = [
      makeEvent(1, 'Pending', '', 0),
      makeEvent(2, 'ValidatingDependencies', '', 1),
      makeEvent(3, 'InitializingDatabase', '', 2),
      makeEvent(
        4,
        'Failed',
        'db-init Job failed after 4 attempts: could not connect to server',
        9,
      ),
    ];
    await renderWithApis(
      <PhaseTimeline
        project={makeProject({ phase: 'Failed' })}
        events={events}
      />,
      fakeSupabaseApi().api,
    );
    const failed = item(/^InitializingDatabase: Failed$/);
    // The message itself is in the failure panel, which this links to.
    expect(
      within(failed).queryByText(/could not connect to server/),
    ).not.toBeInTheDocument();
    expect(
      within(failed).getByRole('link', { name: 'See the failure' }),
    ).toHaveAttribute('href', '#supabase-failure');
    expect(within(failed).getByText(/took 7m/)).toBeInTheDocument();
    expect(item(/^DeployingSecrets: Not reached$/)).toBeInTheDocument();
  });

  it('adds Deleting when the project is being deleted', async () => {
    await renderWithApis(
      <PhaseTimeline
        project={makeProject({ phase: 'Deleting' })}
        events={[
          makeEvent(1, 'Running', '', 0),
          makeEvent(2, 'Deleting', 'Deleting cluster objects', 5),
        ]}
      />,
      fakeSupabaseApi().api,
    );
    expect(item(/^Running: Done$/)).toBeInTheDocument();
    expect(item(/^Deleting: In progress$/)).toBeInTheDocument();
  });

  it('lists the changes of a Running project, a failed rollout as a warning', async () => {
    const change = (id: number, reason: string, message: string) => ({
      ...makeEvent(id, 'Running', message, id),
      reason,
    });
    await renderWithApis(
      <PhaseTimeline
        project={makeProject({ phase: 'Running' })}
        events={[
          makeEvent(1, 'Pending', '', 0),
          makeEvent(2, 'Running', 'Every component is available', 5),
          change(10, 'SpecChanged', 'Generation 2: components.rest.replicas'),
          change(15, 'RolloutFailed', 'Generation 2 was not available'),
        ]}
      />,
      fakeSupabaseApi().api,
    );
    const running = item(/^Running: Done$/);
    expect(
      within(running).getByText('Every component is available'),
    ).toBeInTheDocument();
    expect(within(running).getByText('Spec changed')).toBeInTheDocument();
    const failed = within(running)
      .getByText('Generation 2 was not available')
      .closest('[data-severity]');
    expect(failed).toHaveAttribute('data-severity', 'warning');
    expect(failed).toHaveTextContent(/^Rollout failed · /);
    expect(
      within(running)
        .getByText('Generation 2: components.rest.replicas')
        .closest('[data-severity]'),
    ).toHaveAttribute('data-severity', 'info');
  });
});
