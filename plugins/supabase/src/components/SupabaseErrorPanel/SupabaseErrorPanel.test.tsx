import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SupabaseErrorPanel } from './SupabaseErrorPanel';

function responseError(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name,
          message,
          stack: `${name}: ${message}\n    at router.ts:42`,
        },
        request: { method: 'GET', url: '/api/supabase/projects' },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('SupabaseErrorPanel', () => {
  it('shows permission denied as such', async () => {
    await renderInTestApp(
      <SupabaseErrorPanel
        title="Could not load the projects"
        error={await responseError(403, 'NotAllowedError', 'Unauthorized')}
      />,
    );
    expect(screen.getByText('Permission denied')).toBeInTheDocument();
  });

  it("shows the server's message and status but no stack trace", async () => {
    await renderInTestApp(
      <SupabaseErrorPanel
        title="Could not load the projects"
        error={await responseError(500, 'Error', 'database is locked')}
      />,
    );
    await userEvent.click(screen.getByText(/Could not load the projects/));
    expect(screen.getByText('database is locked')).toBeInTheDocument();
    expect(screen.getByText('500: Error')).toBeInTheDocument();
    expect(screen.queryByText(/router\.ts/)).toBeNull();
    expect(screen.queryByText('Stack Trace')).toBeNull();
  });
});
