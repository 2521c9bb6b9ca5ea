import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeSupabaseApi } from '../../__testUtils__/fakeSupabaseApi';
import { makeProject } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { DeleteProjectButton } from './DeleteProjectButton';

const ref = { namespace: 'team-a', name: 'shop' };

describe('DeleteProjectButton', () => {
  it('deletes only after confirmation', async () => {
    const { api } = fakeSupabaseApi();
    const deleting = makeProject({ phase: 'Deleting' });
    api.deleteProject.mockResolvedValue(deleting);
    const onDeleted = jest.fn();
    await renderWithApis(
      <DeleteProjectButton projectRef={ref} onDeleted={onDeleted} />,
      api,
    );

    const button = screen.getByRole('button', { name: 'Delete' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    const dialog = screen.getByRole('dialog', { name: 'Delete team-a/shop?' });
    // Deleting never drops the database: say so before the user confirms.
    expect(dialog).toHaveTextContent(
      'Its database and the data in it are kept',
    );
    expect(dialog).toHaveTextContent('claim on the database is released');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(api.deleteProject).not.toHaveBeenCalled();

    await userEvent.click(button);
    await userEvent.click(
      screen.getByRole('button', { name: 'Delete project' }),
    );
    expect(api.deleteProject).toHaveBeenCalledWith(ref);
    // The page shows the deletion; the dialog closes.
    await waitFor(() => expect(onDeleted).toHaveBeenCalledWith(deleting));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('is off without the delete permission', async () => {
    await renderWithApis(
      <DeleteProjectButton projectRef={ref} />,
      fakeSupabaseApi().api,
      { permission: 'deny' },
    );
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Delete' })).toBeDisabled(),
    );
  });
});
