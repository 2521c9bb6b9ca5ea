import {
  DATABASE_NAME_MAX_LENGTH,
  databaseSecretOf,
  describeProjectDatabase,
  projectDatabaseName,
} from './database';
import { PROJECT_NAME_MAX_LENGTH } from './names';

describe('projectDatabaseName', () => {
  it('is readable for ordinary names', () => {
    expect(projectDatabaseName({ namespace: 'team-a', name: 'todo-db' })).toBe(
      'supabase_team_a_todo_db',
    );
  });

  it('is deterministic', () => {
    const ref = { namespace: 'shop', name: 'orders' };
    expect(projectDatabaseName(ref)).toBe(projectDatabaseName({ ...ref }));
  });

  it('starts with a letter even when the namespace starts with a digit', () => {
    expect(projectDatabaseName({ namespace: '1team', name: 'x' })).toMatch(
      /^[a-z]/,
    );
  });

  it('cuts long names to 63 bytes with a hash that keeps them apart', () => {
    const namespace = 'n'.repeat(63);
    const a = projectDatabaseName({ namespace, name: 'project-a' });
    const b = projectDatabaseName({ namespace, name: 'project-b' });
    expect(a).not.toBe(b);
    for (const name of [a, b]) {
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(
        DATABASE_NAME_MAX_LENGTH,
      );
      expect(name).toMatch(/^supabase_n+_[0-9a-f]{8}$/);
    }
  });

  it('gives a valid unquoted identifier for the longest names allowed', () => {
    const name = projectDatabaseName({
      namespace: 'a-'.repeat(31).concat('b'),
      name: 'c'.repeat(PROJECT_NAME_MAX_LENGTH),
    });
    expect(name).toMatch(/^[a-z_][a-z0-9_]*$/);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).not.toMatch(/__[0-9a-f]{8}$/);
  });

  it('keeps a name of exactly 63 bytes whole', () => {
    const namespace = 'n'.repeat(63 - 'supabase_'.length - 2);
    expect(projectDatabaseName({ namespace, name: 'x' })).toBe(
      `supabase_${namespace}_x`,
    );
  });

  it('maps "-" to "_", so some pairs of projects share a name', () => {
    // The database's claim refuses the second project (see the doc comment).
    expect(projectDatabaseName({ namespace: 'a-b', name: 'c' })).toBe(
      projectDatabaseName({ namespace: 'a', name: 'b-c' }),
    );
  });
});

describe('databaseSecretOf', () => {
  it('prefers the server Secret', () => {
    expect(databaseSecretOf({ serverSecretRef: 'pg-server' })).toEqual({
      secretRef: 'pg-server',
      kind: 'server',
    });
    expect(databaseSecretOf({ secretRef: 'shop-db' })).toEqual({
      secretRef: 'shop-db',
      kind: 'database',
    });
  });
});

describe('describeProjectDatabase', () => {
  const ref = { namespace: 'team-a', name: 'todo' };

  it('names the database the plugin creates', () => {
    expect(describeProjectDatabase(ref, { serverSecretRef: 'srv' })).toEqual({
      name: 'supabase_team_a_todo',
      createdByPlugin: true,
    });
  });

  it('names an existing database once it is known', () => {
    expect(describeProjectDatabase(ref, { secretRef: 'db' })).toEqual({
      createdByPlugin: false,
    });
    expect(describeProjectDatabase(ref, { secretRef: 'db' }, 'shop')).toEqual({
      name: 'shop',
      createdByPlugin: false,
    });
  });
});
