import { buildComponentObjects } from './components';
import { COMPONENT_DEFINITIONS } from './componentDefinitions';
import { buildDbInitConfigMap } from './dbInitConfigMap';
import { buildDbInitJob } from './dbInitJob';
import { verifyApiKey } from './jwt';
import { buildAnchor } from './anchor';
import {
  DatabaseConnection,
  ROLES_VERSION_ANNOTATION,
  ROLE_PASSWORD_GENERATION_ANNOTATION,
  buildDbInitSecret,
  buildProjectSecrets,
  buildRolesSecret,
  DATABASE_VERSION_ANNOTATION,
  databaseVersion,
  databaseVersionOf,
} from './secrets';
import { DATABASE_ROLES, credentialsKey } from './rolePasswords';
import {
  testOwner,
  testProject,
  testRolePasswords,
} from '../__testUtils__/testProject';

const HOSTILE = `p'"@:/?#$\\\` ü`;

const connection = (
  overrides: Partial<DatabaseConnection> = {},
): DatabaseConnection => ({
  host: 'h',
  port: '5432',
  database: 'd',
  username: 'u',
  password: 'p',
  sslMode: 'disable',
  ...overrides,
});

const decode = (data: Record<string, string> = {}) =>
  Object.fromEntries(
    Object.entries(data).map(([k, v]) => [
      k,
      Buffer.from(v, 'base64').toString('utf8'),
    ]),
  );

describe('project secrets', () => {
  it('signs anon and service_role keys with the secret string itself', async () => {
    // What each component makes of the secret: jwtEncoding.test.ts.
    const values = decode(
      (await buildProjectSecrets(testProject(), testOwner, {})).data,
    );
    expect(values.jwtSecret).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(await verifyApiKey(values.anonKey, values.jwtSecret)).toBe('anon');
    expect(await verifyApiKey(values.serviceKey, values.jwtSecret)).toBe(
      'service_role',
    );
    // The trap the Go operator fell into: the decoded bytes are another key.
    const decoded = Buffer.from(values.jwtSecret, 'base64').toString('latin1');
    expect(await verifyApiKey(values.anonKey, decoded)).toBeUndefined();
  });

  it('keeps every value that exists and fills in only what is missing', async () => {
    const signing = { jwtSecret: 'a-signing-secret-made-elsewhere' };
    const first = decode(
      (await buildProjectSecrets(testProject(), testOwner, signing)).data,
    );
    expect(first.jwtSecret).toBe(signing.jwtSecret);
    const second = decode(
      (await buildProjectSecrets(testProject(), testOwner, first)).data,
    );
    expect(second).toEqual(first);
  });

  it('percent-encodes credentials in connection URLs and keeps every password out of every other object', () => {
    const project = testProject({
      spec: {
        database: { secretRef: 'shop-db' },
        storage: { secretRef: 's3' },
      },
    });
    const roles = decode(
      buildRolesSecret(
        project,
        testOwner,
        connection({
          host: 'db.internal',
          database: 'my db',
          password: HOSTILE,
        }),
        testRolePasswords({ username: 'u', password: HOSTILE }),
      ).data,
    );
    const urls = Object.entries(roles).filter(([key]) => key.endsWith('Url'));
    expect(urls).toHaveLength(4);
    for (const [, url] of urls) {
      const parsed = new URL(url);
      expect(decodeURIComponent(parsed.pathname.slice(1))).toBe('my db');
      expect(parsed.host).toBe('db.internal:5432');
      // Each URL carries its role's own password, encoded.
      const role = decodeURIComponent(parsed.username);
      const key =
        role === 'owner' || role === 'u'
          ? undefined
          : DATABASE_ROLES[role as keyof typeof DATABASE_ROLES].secretKey;
      expect(decodeURIComponent(parsed.password)).toBe(
        key ? roles[key] : HOSTILE,
      );
    }
    const secrets = [HOSTILE, ...Object.values(roles)];
    const others = [
      buildAnchor(project),
      buildDbInitConfigMap(project, testOwner, {
        files: [],
        runner: '',
        initSql: '',
        version: 'v',
      }),
      buildDbInitJob(project, testOwner, {
        runId: 1,
        sqlVersion: 'v',
        roles: { version: 'r' },
      }),
      ...buildComponentObjects(project, testOwner),
    ];
    for (const object of others) {
      const text = JSON.stringify(object);
      for (const value of secrets) {
        expect(text).not.toContain(value);
        expect(text).not.toContain(encodeURIComponent(value));
      }
    }
  });

  it('gives each component the database role upstream gives it, with a password of its own', () => {
    const roles = decode(
      buildRolesSecret(
        testProject(),
        testOwner,
        connection(),
        testRolePasswords(),
      ).data,
    );
    const login = (url: string) => {
      const parsed = new URL(url);
      return [parsed.username, decodeURIComponent(parsed.password)];
    };
    expect(login(roles.authDatabaseUrl)).toEqual([
      'supabase_auth_admin',
      roles.authAdminPassword,
    ]);
    expect(login(roles.restDatabaseUrl)).toEqual([
      'authenticator',
      roles.authenticatorPassword,
    ]);
    expect(login(roles.storageDatabaseUrl)).toEqual([
      'supabase_storage_admin',
      roles.storageAdminPassword,
    ]);
    // Upstream gives edge functions its `postgres`: the database's owner.
    expect(login(roles.functionsDatabaseUrl)).toEqual(['u', 'p']);
    const passwords = Object.values(DATABASE_ROLES).map(
      r => roles[r.secretKey],
    );
    expect(new Set(passwords).size).toBe(passwords.length);
    for (const password of passwords) {
      expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    expect(COMPONENT_DEFINITIONS.map(c => c.name)).toEqual([
      'kong',
      'auth',
      'rest',
      'realtime',
      'storage',
      'meta',
      'studio',
      'functions',
    ]);
  });

  it('derives the same role passwords from the same credentials, and new ones for a new generation or credentials', () => {
    const build = (db: DatabaseConnection, generation: number) =>
      buildRolesSecret(
        testProject(),
        testOwner,
        db,
        testRolePasswords(db, generation),
      );
    const first = build(connection(), 0);
    // Another project on the same server with the same credentials.
    const other = buildRolesSecret(
      testProject({ name: 'other', namespace: 'team-b' }),
      testOwner,
      connection(),
      testRolePasswords(connection(), 0),
    );
    expect(other.data).toEqual(first.data);
    const version = (secret: typeof first) =>
      secret.metadata?.annotations?.[ROLES_VERSION_ANNOTATION];
    expect(version(other)).toBe(version(first));

    const rotated = build(connection(), 1);
    const generation = (secret: typeof first) =>
      secret.metadata?.annotations?.[ROLE_PASSWORD_GENERATION_ANNOTATION];
    expect(generation(rotated)).toBe('1');
    expect(generation(first)).toBe('0');
    expect(version(rotated)).not.toBe(version(first));
    const newAdmin = build(connection({ password: 'p2' }), 0);
    expect(version(newAdmin)).not.toBe(version(first));
    for (const changed of [rotated, newAdmin]) {
      const before = decode(first.data);
      const after = decode(changed.data);
      for (const { secretKey } of Object.values(DATABASE_ROLES)) {
        expect(after[secretKey]).not.toBe(before[secretKey]);
      }
    }
    // The generation belongs to the credentials, by a key that hides them.
    expect(credentialsKey(connection())).toBe(credentialsKey(connection()));
    expect(credentialsKey(connection({ password: 'p2' }))).not.toBe(
      credentialsKey(connection()),
    );
    expect(credentialsKey(connection({ username: 'v' }))).not.toBe(
      credentialsKey(connection()),
    );
    expect(credentialsKey(connection())).toMatch(/^[0-9a-f]{64}$/);
    // The host is not part of the derivation: one server has many names.
    expect(version(build(connection({ host: 'db.other' }), 0))).toBe(
      version(first),
    );
  });

  it('gives the db-init run the same role passwords, and nothing else', () => {
    const set = testRolePasswords();
    const forJob = buildDbInitSecret(testProject(), testOwner, set);
    const forComponents = buildRolesSecret(
      testProject(),
      testOwner,
      connection(),
      set,
    );
    expect(forJob.metadata?.name).toBe('shop-db-init');
    const job = decode(forJob.data);
    const components = decode(forComponents.data);
    expect(Object.keys(job).sort()).toEqual(
      Object.values(DATABASE_ROLES)
        .map(r => r.secretKey)
        .sort(),
    );
    for (const [key, value] of Object.entries(job)) {
      expect(components[key]).toBe(value);
    }
    // The same password annotations; the components' Secret also says
    // which database its URLs point at.
    expect(forComponents.metadata?.annotations).toEqual({
      ...forJob.metadata?.annotations,
      [DATABASE_VERSION_ANNOTATION]: databaseVersion(connection()),
    });
  });

  it('percent-encodes the owner in the functions URL, whatever its name', () => {
    const roles = decode(
      buildRolesSecret(
        testProject(),
        testOwner,
        connection({ username: HOSTILE, password: HOSTILE }),
        testRolePasswords(),
      ).data,
    );
    const url = new URL(roles.functionsDatabaseUrl);
    expect(decodeURIComponent(url.username)).toBe(HOSTILE);
    expect(decodeURIComponent(url.password)).toBe(HOSTILE);
    expect(url.host).toBe('h:5432');
  });
});

describe('the database the roles Secret points at', () => {
  const rolesFor = (db: DatabaseConnection) =>
    buildRolesSecret(testProject(), testOwner, db, testRolePasswords());

  it('carries its fingerprint, so the components restart for another database', () => {
    const here = rolesFor(connection({ database: 'supabase_team_a_shop' }));
    const there = rolesFor(connection({ database: 'legacy' }));
    expect(databaseVersionOf(here)).toMatch(/^[0-9a-f]{16}$/);
    expect(databaseVersionOf(here)).not.toBe(databaseVersionOf(there));
    // The password is no part of where the data is.
    expect(
      databaseVersionOf(
        rolesFor(
          connection({ database: 'supabase_team_a_shop', password: 'new' }),
        ),
      ),
    ).toBe(databaseVersionOf(here));
    expect(new URL(decode(here.data).restDatabaseUrl).pathname).toBe(
      '/supabase_team_a_shop',
    );
  });
});
