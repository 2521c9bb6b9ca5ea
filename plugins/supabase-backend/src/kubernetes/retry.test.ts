import { ClusterApiError } from './ClusterClient';
import { withRetry } from './retry';

const fast = { attempts: 4, baseDelayMs: 1, maxDelayMs: 2 };

describe('withRetry', () => {
  it('retries transient errors until one succeeds', async () => {
    const fn = jest
      .fn()
      .mockRejectedValueOnce(new ClusterApiError('busy', 503))
      .mockRejectedValueOnce(new ClusterApiError('slow down', 429))
      .mockResolvedValue('ok');
    await expect(withRetry(fn, fast)).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(3);
  });

  it('does not retry what the server rejected for good', async () => {
    const fn = jest.fn().mockRejectedValue(new ClusterApiError('no', 403));
    await expect(withRetry(fn, fast)).rejects.toThrow('no');
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('gives up after the last attempt', async () => {
    const fn = jest.fn().mockRejectedValue(new ClusterApiError('down', 500));
    await expect(withRetry(fn, fast)).rejects.toThrow('down');
    expect(fn).toHaveBeenCalledTimes(4);
  });
});
