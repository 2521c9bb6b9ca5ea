import {
  LocalEnvironment,
  startLocalEnvironment,
} from '@supabase-backstage/local-cluster';

/** A local cluster and a real PostgreSQL, the way integration tests use them. */
export type TestCluster = LocalEnvironment;

/** Fast retries and readiness, so that tests take seconds. */
export function startTestCluster(
  options: { postgresPassword?: string } = {},
): Promise<TestCluster> {
  return startLocalEnvironment({
    cluster: { jobBackoffBaseMs: 50, simulatedReadyDelayMs: 20 },
    postgres: { password: options.postgresPassword },
  });
}
