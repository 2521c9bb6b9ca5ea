import {
  LogStreamListener,
  LogStreamRequest,
  ProjectRef,
  ProjectStreamFilter,
  ProjectStreamListener,
  StreamResult,
  SupabaseApi,
} from '../api';

interface OpenStream<TRequest, TListener> {
  ref?: ProjectRef;
  request: TRequest;
  listener: TListener;
  signal: AbortSignal;
  /** Ends the stream as the server's `end` event would. */
  end(): void;
  fail(error: Error): void;
}

/**
 * A SupabaseApi whose REST methods are jest mocks and whose streams the test
 * drives: each open stream is recorded with its listener.
 */
export function fakeSupabaseApi(overrides: Partial<SupabaseApi> = {}) {
  const logStreams: OpenStream<LogStreamRequest, LogStreamListener>[] = [];
  const projectStreams: OpenStream<
    ProjectStreamFilter,
    ProjectStreamListener
  >[] = [];

  function open<TRequest, TListener>(
    list: OpenStream<TRequest, TListener>[],
    ref: ProjectRef | undefined,
    request: TRequest,
    listener: TListener,
    signal: AbortSignal,
  ): Promise<StreamResult> {
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', () => resolve('aborted'));
      list.push({
        ref,
        request,
        listener,
        signal,
        end: () => resolve('ended'),
        fail: reject,
      });
    });
  }

  const api: jest.Mocked<SupabaseApi> = {
    listProjects: jest.fn().mockResolvedValue({ items: [], totalCount: 0 }),
    getProject: jest.fn(),
    createProject: jest.fn(),
    updateProject: jest.fn(),
    deleteProject: jest.fn(),
    retryProject: jest.fn(),
    rotateJwtSecret: jest.fn(),
    rotateRolePasswords: jest.fn(),
    listSigningKeys: jest.fn().mockResolvedValue({ items: [] }),
    rotateSigningKey: jest.fn(),
    revealSecret: jest.fn(),
    listEvents: jest.fn().mockResolvedValue({ items: [] }),
    getDbInitStatus: jest.fn().mockResolvedValue({ runs: [] }),
    getDbInitLog: jest.fn().mockResolvedValue(''),
    searchDbInitLog: jest.fn().mockResolvedValue({
      query: '',
      total: 0,
      offset: 0,
      matches: [],
    }),
    streamDbInitLogs: jest.fn((ref, request, listener, { signal }) =>
      open(logStreams, ref, request, listener, signal),
    ),
    streamProjects: jest.fn((filter, listener, { signal }) =>
      open(projectStreams, undefined, filter, listener, signal),
    ),
    ...(overrides as Partial<jest.Mocked<SupabaseApi>>),
  };

  /** The newest log stream that is still open. */
  function currentLogStream() {
    const live = logStreams.filter(stream => !stream.signal.aborted);
    const stream = live[live.length - 1];
    if (!stream) {
      throw new Error('No open log stream');
    }
    return stream;
  }

  return { api, logStreams, projectStreams, currentLogStream };
}
