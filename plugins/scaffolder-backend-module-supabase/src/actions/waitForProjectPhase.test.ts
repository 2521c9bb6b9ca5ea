import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotFoundError, ResponseError } from '@backstage/errors';
import { FakeSupabaseProjectsApi } from '../__testUtils__/FakeSupabaseProjectsApi';
import { hasReachedPhase, waitForProjectPhase } from './waitForProjectPhase';

const ref = { namespace: 'team-a', name: 'todo-db' };

async function responseError(status: number) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message: `status ${status}` },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('hasReachedPhase', () => {
  it('counts later provisioning phases as reached, and nothing else', () => {
    expect(hasReachedPhase('Running', 'Running')).toBe(true);
    expect(hasReachedPhase('DeployingSecrets', 'InitializingDatabase')).toBe(
      true,
    );
    expect(hasReachedPhase('InitializingDatabase', 'DeployingSecrets')).toBe(
      false,
    );
    expect(hasReachedPhase('Failed', 'Pending')).toBe(false);
    expect(hasReachedPhase('Deleting', 'Pending')).toBe(false);
  });
});

describe('waitForProjectPhase', () => {
  let backend: FakeSupabaseProjectsApi;
  const logger = mockServices.logger.mock();
  const wait = (timeoutSeconds = 2) =>
    waitForProjectPhase({
      client: backend,
      ref,
      target: 'Running',
      timeoutSeconds,
      credentials: mockCredentials.user(),
      logger,
      pollIntervalMs: 5,
    });

  beforeEach(() => {
    backend = new FakeSupabaseProjectsApi();
    backend.addProject({ ...ref, phase: 'Pending' });
  });

  it('rides out server errors while polling', async () => {
    const get = backend.getProject.bind(backend);
    jest
      .spyOn(backend, 'getProject')
      .mockRejectedValueOnce(await responseError(503))
      .mockRejectedValueOnce(new TypeError('fetch failed'))
      .mockImplementation(get);
    backend.progress = [{ phase: 'Running' }];
    await expect(wait()).resolves.toMatchObject({ phase: 'Running' });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Could not read Supabase project team-a/todo-db'),
    );
  });

  it('gives up at once when it is not allowed to read the project', async () => {
    jest
      .spyOn(backend, 'watchProject')
      .mockImplementation(async function* refuse() {
        throw await responseError(403);
      });
    await expect(wait()).rejects.toMatchObject({ statusCode: 403 });
  });

  it('fails when the project disappears', async () => {
    backend.projects.clear();
    await expect(wait()).rejects.toBeInstanceOf(NotFoundError);
  });

  it('fails when the project is being deleted', async () => {
    backend.streamAvailable = true;
    backend.progress = [{ phase: 'Deleting' }];
    await expect(wait()).rejects.toThrow(
      'Supabase project team-a/todo-db is being deleted; it will not reach Running',
    );
  });

  it('says so when the phase could never be read', async () => {
    jest
      .spyOn(backend, 'getProject')
      .mockRejectedValue(await responseError(502));
    await expect(wait(0.05)).rejects.toThrow(
      'did not reach Running within 0.05 s; its phase could not be read',
    );
  });

  it('times out on an open stream that brings no news', async () => {
    backend.streamAvailable = true;
    backend.progress = [
      { phase: 'DeployingComponents', message: 'waiting for kong' },
    ];
    await expect(wait(0.1)).rejects.toThrow(
      'it is in phase DeployingComponents (waiting for kong)',
    );
  });
});
