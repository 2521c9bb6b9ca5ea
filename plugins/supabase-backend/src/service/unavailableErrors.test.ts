import { ClusterApiError } from '../kubernetes/ClusterClient';
import { unavailabilityReason } from './unavailableErrors';

const STORE = "Backstage's database is not reachable right now";
const CLUSTER = 'The Kubernetes cluster is not reachable right now';

describe('unavailabilityReason', () => {
  it('names the cluster for what its client retried and still failed', () => {
    expect(unavailabilityReason(new ClusterApiError('down', 503))).toBe(
      CLUSTER,
    );
    const network = Object.assign(new Error('request to https://k8s failed'), {
      name: 'FetchError',
      code: 'ECONNREFUSED',
    });
    expect(unavailabilityReason(network)).toBe(CLUSTER);
  });

  it('names the store for connection failures, also wrapped in other errors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
    });
    expect(
      unavailabilityReason(new Error('query failed', { cause: refused })),
    ).toBe(STORE);
    const shutdown = Object.assign(new Error('terminating connection'), {
      code: '57P01',
    });
    expect(unavailabilityReason(shutdown)).toBe(STORE);
    const pool = Object.assign(new Error('Timeout acquiring a connection'), {
      name: 'KnexTimeoutError',
    });
    expect(unavailabilityReason(pool)).toBe(STORE);
  });

  it('leaves every other failure alone', () => {
    expect(unavailabilityReason(new ClusterApiError('nope', 404))).toBe(
      undefined,
    );
    expect(unavailabilityReason(new ClusterApiError('denied', 403))).toBe(
      undefined,
    );
    const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(unavailabilityReason(unique)).toBe(undefined);
    expect(unavailabilityReason(new Error('boom'))).toBe(undefined);
  });
});
