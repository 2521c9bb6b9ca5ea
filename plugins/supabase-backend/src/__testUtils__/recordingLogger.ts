import type { LoggerService } from '@backstage/backend-plugin-api';

/**
 * A logger that prints nothing and records its calls as jest mocks. For the
 * unit tests' fixtures: loading `@backstage/backend-test-utils` for its
 * logger mock costs a test file seconds.
 */
export function recordingLogger(): jest.Mocked<LoggerService> {
  const logger: jest.Mocked<LoggerService> = {
    error: jest.fn(),
    warn: jest.fn(),
    info: jest.fn(),
    debug: jest.fn(),
    child: jest.fn(),
  };
  logger.child.mockReturnValue(logger);
  return logger;
}
