import {
  FAILURE_LOG_LINES_MARKER,
  describeProjectFailure,
} from './projectFailure';

describe('describeProjectFailure', () => {
  it('splits a db-init failure into summary, database Secret, fix and log lines', () => {
    const failure = describeProjectFailure({
      namespace: 'default',
      spec: { database: { serverSecretRef: 'local-postgres-unreachable' } },
      reason: 'DatabaseInitFailed',
      message: `The db-init Job failed after 4 attempts (BackoffLimitExceeded).${FAILURE_LOG_LINES_MARKER}supabase-init: waiting\nsupabase-init: error=unreachable`,
    });
    expect(failure).toEqual({
      summary:
        'The db-init Job failed after 4 attempts (BackoffLimitExceeded).',
      object: {
        kind: 'Secret',
        namespace: 'default',
        name: 'local-postgres-unreachable',
        inspect:
          'kubectl -n default describe secret local-postgres-unreachable',
      },
      fix: expect.stringContaining('then Retry'),
      logLines: 'supabase-init: waiting\nsupabase-init: error=unreachable',
    });
  });

  it.each([
    [
      "another owner's server",
      'ServerOwnedByAnotherOwner',
      /server of your own team.*ask the platform team to mark this server shared.*supabase\.backstage\.io\/shared-by-owners/,
    ],
    [
      "a shared server's unmarked Secret",
      'ServerSharedUnmarkedSecret',
      /shares this database server between owners.*Ask the platform team to mark this Secret shared too.*then Retry/,
    ],
  ])('names the server Secret and the way out of %s', (_, reason, fix) => {
    const failure = describeProjectFailure({
      namespace: 'team-b',
      spec: { database: { serverSecretRef: 'shared-pg' } },
      reason,
      message:
        'The db-init Job failed after 1 attempt. PostgreSQL at pg:5432 says why.',
    });
    expect(failure.object).toMatchObject({ kind: 'Secret', name: 'shared-pg' });
    expect(failure.fix).toMatch(fix);
  });

  it('takes the Secret or ConfigMap a dependency problem names', () => {
    const spec = { database: { secretRef: 'shop-db' } };
    expect(
      describeProjectFailure({
        namespace: 'team-a',
        spec,
        reason: 'DependencyInvalid',
        message:
          'The storage Secret "team-a/shop-s3" is missing the key "bucket". Add it.',
      }).object,
    ).toMatchObject({ kind: 'Secret', namespace: 'team-a', name: 'shop-s3' });
    expect(
      describeProjectFailure({
        namespace: 'team-a',
        spec,
        reason: 'DependencyInvalid',
        message:
          'ConfigMap "team-a/shop-sql" (custom SQL scripts) does not exist.',
      }),
    ).toEqual({
      summary:
        'ConfigMap "team-a/shop-sql" (custom SQL scripts) does not exist.',
      object: {
        kind: 'ConfigMap',
        namespace: 'team-a',
        name: 'shop-sql',
        inspect: 'kubectl -n team-a get configmap shop-sql -o yaml',
      },
    });
  });

  it('says only the message when it concerns no object', () => {
    expect(
      describeProjectFailure({
        namespace: 'team-a',
        spec: { database: { secretRef: 'shop-db' } },
        reason: 'ComponentsUnavailable',
        message: 'kong did not become available within 600 s',
      }),
    ).toEqual({ summary: 'kong did not become available within 600 s' });
  });
});
