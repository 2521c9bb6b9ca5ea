import { ResponseError } from '@backstage/errors';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeSupabaseApi } from '../../__testUtils__/fakeSupabaseApi';
import { makeAttempt, makeRun } from '../../__testUtils__/fixtures';
import {
  giveElementsASize,
  renderWithApis,
} from '../../__testUtils__/renderWithApis';
import { DbInitLogs } from './DbInitLogs';

const ref = { namespace: 'team-a', name: 'shop' };
const runs = [
  makeRun({
    id: 7,
    number: 3,
    state: 'Running',
    attempts: [
      makeAttempt({ attempt: 1, state: 'Failed' }),
      makeAttempt({ attempt: 2, state: 'Running' }),
    ],
  }),
];

function lines(count: number): string {
  return Array.from({ length: count }, (_, i) => `line ${i + 1}\n`).join('');
}

describe('DbInitLogs', () => {
  giveElementsASize();

  it('appends chunks as the stream sends them', async () => {
    const fake = fakeSupabaseApi();
    await renderWithApis(<DbInitLogs projectRef={ref} runs={runs} />, fake.api);
    expect(screen.getByRole('heading', { name: 'Logs' })).toBeInTheDocument();
    const stream = fake.currentLogStream();
    expect(stream.request).toEqual({ run: 7, attempt: undefined });

    act(() => {
      stream.listener.onConnectionChange?.('open');
      stream.listener.onLog({
        attempt: 2,
        offset: 0,
        text: 'Running 00-initial-schema.sql\n',
      });
    });
    expect(
      await screen.findByText('Running 00-initial-schema.sql'),
    ).toBeInTheDocument();
    expect(screen.getByText('Attempt 2 · following live')).toBeInTheDocument();

    act(() =>
      stream.listener.onLog({
        attempt: 2,
        offset: 30,
        text: 'Running 01-roles.sql\n',
      }),
    );
    expect(await screen.findByText('Running 01-roles.sql')).toBeInTheDocument();
    expect(
      screen.getByText('Running 00-initial-schema.sql'),
    ).toBeInTheDocument();
  });

  it('follows a new attempt and reports it', async () => {
    const fake = fakeSupabaseApi();
    const onAttemptChange = jest.fn();
    await renderWithApis(
      <DbInitLogs
        projectRef={ref}
        runs={runs}
        onAttemptChange={onAttemptChange}
      />,
      fake.api,
    );
    const stream = fake.currentLogStream();
    act(() => {
      stream.listener.onLog({ attempt: 1, offset: 0, text: 'first try\n' });
      stream.listener.onAttempt?.({ attempt: 2, state: 'Running' });
      stream.listener.onLog({ attempt: 2, offset: 0, text: 'second try\n' });
    });
    expect(await screen.findByText('second try')).toBeInTheDocument();
    expect(screen.queryByText('first try')).toBeNull();
    expect(onAttemptChange).toHaveBeenCalled();
  });

  it('reports an attempt the runs do not know yet as soon as its log shows', async () => {
    // The server announces an attempt only when it ends; the first line of
    // attempt 3 is the first sign of it.
    const fake = fakeSupabaseApi();
    const onAttemptChange = jest.fn();
    await renderWithApis(
      <DbInitLogs
        projectRef={ref}
        runs={runs}
        onAttemptChange={onAttemptChange}
      />,
      fake.api,
    );
    const stream = fake.currentLogStream();
    act(() =>
      stream.listener.onLog({ attempt: 2, offset: 0, text: 'second try\n' }),
    );
    await screen.findByText('second try');
    expect(onAttemptChange).not.toHaveBeenCalled();

    act(() =>
      stream.listener.onLog({ attempt: 3, offset: 0, text: 'third try\n' }),
    );
    await screen.findByText('third try');
    await waitFor(() => expect(onAttemptChange).toHaveBeenCalledTimes(1));
  });

  it('switches the stream when another attempt is picked', async () => {
    const fake = fakeSupabaseApi();
    await renderWithApis(<DbInitLogs projectRef={ref} runs={runs} />, fake.api);
    const following = fake.currentLogStream();
    act(() =>
      following.listener.onLog({ attempt: 2, offset: 0, text: 'second try\n' }),
    );
    await screen.findByText('second try');

    await userEvent.click(screen.getByLabelText('Attempt'));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Attempt 1 · Failed' }),
    );

    expect(following.signal.aborted).toBe(true);
    const picked = fake.currentLogStream();
    expect(picked.request).toEqual({ run: 7, attempt: 1 });
    act(() =>
      picked.listener.onLog({
        attempt: 1,
        offset: 0,
        text: 'could not connect\n',
      }),
    );
    expect(await screen.findByText('could not connect')).toBeInTheDocument();
    expect(screen.queryByText('second try')).toBeNull();
  });

  it('shows the tail of a 100,000-line log and offers the whole of it', async () => {
    const fake = fakeSupabaseApi();
    fake.api.getDbInitLog.mockResolvedValue(lines(100_000));
    const createObjectURL = jest
      .spyOn(URL, 'createObjectURL')
      .mockReturnValue('blob:log');
    jest.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {});
    await renderWithApis(<DbInitLogs projectRef={ref} runs={runs} />, fake.api);
    const stream = fake.currentLogStream();
    act(() => {
      // As a fast pod prints it: many chunks in a row.
      const text = lines(100_000);
      for (let offset = 0; offset < text.length; offset += 64_000) {
        stream.listener.onLog({
          attempt: 2,
          offset,
          text: text.slice(offset, offset + 64_000),
        });
      }
    });

    // The viewer keeps the last 10,000 lines, numbered as in the log.
    expect(
      await screen.findByText('Showing lines 90,001–100,000 of 100,000 lines.'),
    ).toBeInTheDocument();
    const last = await screen.findByText('line 100000');
    expect(last.previousSibling).toHaveTextContent('100000');
    expect(screen.queryByText('line 1')).toBeNull();

    let downloaded = '';
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function click(this: HTMLAnchorElement) {
        downloaded = this.download;
      });
    await userEvent.click(
      screen.getByRole('button', { name: 'Download full log' }),
    );
    expect(fake.api.getDbInitLog).toHaveBeenCalledWith(ref, 7, 2);
    await waitFor(() => expect(createObjectURL).toHaveBeenCalled());
    // Named as the picker names the run ("Run 3"), not by its id (7).
    expect(downloaded).toBe('shop-db-init-run-3-attempt-2.log');
  });

  it('searches the lines shown while the attempt runs', async () => {
    const fake = fakeSupabaseApi();
    await renderWithApis(<DbInitLogs projectRef={ref} runs={runs} />, fake.api);
    const stream = fake.currentLogStream();
    act(() => {
      stream.listener.onConnectionChange?.('open');
      stream.listener.onLog({ attempt: 2, offset: 0, text: lines(30) });
    });
    await screen.findByText('line 30');
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search' }),
      'line 2',
    );
    expect(
      await screen.findByText(/^11 matching lines in the lines shown/),
    ).toBeInTheDocument();
    const match = screen.getByText(
      (_, element) =>
        element?.textContent === 'line 25' && element.tagName === 'SPAN',
    );
    expect(match.previousSibling).toHaveTextContent('25');
    expect(screen.queryByText('line 30')).toBeNull();
    expect(fake.api.searchDbInitLog).not.toHaveBeenCalled();
  });

  it('searches the whole archived log on the server once the attempt has ended', async () => {
    const fake = fakeSupabaseApi();
    fake.api.searchDbInitLog.mockResolvedValue({
      query: 'roles',
      total: 1,
      offset: 0,
      matches: [
        {
          line: 99_983,
          text: 'supabase-init: file=01-roles.sql result=applied',
        },
      ],
    });
    await renderWithApis(<DbInitLogs projectRef={ref} runs={runs} />, fake.api);
    const stream = fake.currentLogStream();
    act(() => {
      stream.listener.onLog({ attempt: 2, offset: 0, text: 'the tail\n' });
      stream.end();
    });
    await screen.findByText('Attempt 2 · complete');
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search' }),
      'roles',
    );
    expect(
      await screen.findByText('1 matching line in the whole log.'),
    ).toBeInTheDocument();
    expect(fake.api.searchDbInitLog).toHaveBeenLastCalledWith(
      ref,
      { run: 7, attempt: 2 },
      { query: 'roles', offset: 0, limit: 200 },
    );
    const match = screen.getByText(
      (_, element) =>
        element?.tagName === 'SPAN' &&
        element.textContent ===
          'supabase-init: file=01-roles.sql result=applied',
    );
    expect(match.previousSibling).toHaveTextContent('99983');
  });

  it('says when reading logs is not allowed', async () => {
    const fake = fakeSupabaseApi();
    await renderWithApis(<DbInitLogs projectRef={ref} runs={runs} />, fake.api);
    const response = new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message: 'Unauthorized' },
        request: { method: 'GET', url: '/logs' },
        response: { statusCode: 403 },
      }),
      { status: 403, headers: { 'Content-Type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response);
    await act(async () => fake.currentLogStream().fail(error));
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
  });

  it('says when there is no run yet', async () => {
    const fake = fakeSupabaseApi();
    await renderWithApis(<DbInitLogs projectRef={ref} runs={[]} />, fake.api);
    expect(screen.getByText(/No logs yet/)).toBeInTheDocument();
    expect(fake.api.streamDbInitLogs).not.toHaveBeenCalled();
  });
});
