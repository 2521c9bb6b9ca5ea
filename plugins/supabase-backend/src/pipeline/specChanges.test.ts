import { describeSpecChanges } from './specChanges';

describe('describeSpecChanges', () => {
  const base = { database: { secretRef: 'db', sslMode: 'require' as const } };

  it('finds nothing between equal specs', () => {
    expect(describeSpecChanges(base, structuredClone(base))).toEqual([]);
  });

  it('names each changed, added and removed field with its values', () => {
    expect(
      describeSpecChanges(
        { ...base, components: { auth: { replicas: 1, env: { A: 'x' } } } },
        {
          database: { secretRef: 'db' },
          components: {
            auth: { replicas: 3, env: { A: 'x' } },
            rest: { image: 'postgrest/postgrest:v12' },
          },
        },
      ),
    ).toEqual([
      'components.auth.replicas: 1 → 3',
      'components.rest.image: set to "postgrest/postgrest:v12"',
      'database.sslMode: removed (was "require")',
    ]);
  });
});
