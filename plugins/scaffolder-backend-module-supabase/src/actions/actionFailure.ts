/** Failures the user acts on: what the backend or the project said. */
const EXPECTED = new Set([
  'InputError',
  'ConflictError',
  'NotFoundError',
  'NotAllowedError',
  'ProjectOutcomeError',
]);

/**
 * An outcome the user has to act on: the project failed, is being deleted,
 * or did not get there in time.
 */
export class ProjectOutcomeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectOutcomeError';
  }
}

/**
 * The scaffolder prints a failed step's stack into the task log. For an
 * expected failure the message is the whole story, and a stack trace only
 * hides it; unexpected errors keep theirs.
 */
export function forTaskLog(error: unknown): unknown {
  if (error instanceof Error && EXPECTED.has(error.name)) {
    error.stack = `${error.name}: ${error.message}`;
  }
  return error;
}
