import { buildComponentObjects } from './components';
import { COMPONENT_DEFINITIONS } from './componentDefinitions';
import { buildDbInitConfigMap } from './dbInitConfigMap';
import { buildDbInitJob } from './dbInitJob';
import { verifyApiKey } from './jwt';
import { buildAnchor } from './anchor';
import {
  buildConnectionSecret,
  buildJwtSigningSecret,
  buildProjectSecrets,
} from './secrets';
import { testOwner, testProject } from '../__testUtils__/testProject';

const HOSTILE = `p'"@:/?#$\\\` ü`;

const decode = (data: Record<string, string> = {}) =>
  Object.fromEntries(
    Object.entries(data).map(([k, v]) => [
      k,
      Buffer.from(v, 'base64').toString('utf8'),
    ]),
  );

describe('project secrets', () => {
  it('signs anon and service_role keys that verify with the secret every component is given', async () => {
    const secret = await buildProjectSecrets(testProject(), testOwner, {});
    const values = decode(secret.data);
    expect(values.jwtSecret).toMatch(/^[A-Za-z0-9_-]{64}$/);

    // Each component receives the secret from the same key, as a plain string
    // (PostgREST without PGRST_JWT_SECRET_IS_BASE64), so each verifies with
    // exactly these bytes.
    const objects = buildComponentObjects(
      testProject({
        spec: { database: { secretRef: 'db' }, storage: { secretRef: 's3' } },
      }),
      testOwner,
    );
    const jwtEnv = objects
      .flatMap(o => (o as any).spec?.template?.spec?.containers ?? [])
      .flatMap((c: any) => c.env ?? [])
      .filter((e: any) => /JWT_SECRET$/.test(e.name));
    expect(jwtEnv.length).toBeGreaterThanOrEqual(5);
    for (const e of jwtEnv) {
      expect(e.valueFrom.secretKeyRef).toEqual({
        name: 'shop-jwt',
        key: 'jwtSecret',
      });
    }
    expect(
      objects.some(o =>
        JSON.stringify(o).includes('PGRST_JWT_SECRET_IS_BASE64'),
      ),
    ).toBe(false);

    const asGiven = values.jwtSecret;
    expect(await verifyApiKey(values.anonKey, asGiven)).toBe('anon');
    expect(await verifyApiKey(values.serviceKey, asGiven)).toBe('service_role');
    // The trap the Go operator fell into: the decoded bytes are a different key.
    const decoded = Buffer.from(asGiven, 'base64').toString('latin1');
    expect(await verifyApiKey(values.anonKey, decoded)).toBeUndefined();
    expect(await verifyApiKey(values.anonKey, `${asGiven}x`)).toBeUndefined();
  });

  it('keeps every value that exists and fills in only what is missing', async () => {
    const signing = decode(
      buildJwtSigningSecret(testProject(), testOwner).data,
    );
    const first = decode(
      (await buildProjectSecrets(testProject(), testOwner, signing)).data,
    );
    expect(first.jwtSecret).toBe(signing.jwtSecret);
    const second = decode(
      (await buildProjectSecrets(testProject(), testOwner, first)).data,
    );
    expect(second).toEqual(first);
  });

  it('percent-encodes credentials in connection URLs and keeps them out of every other object', () => {
    const project = testProject({
      spec: {
        database: { secretRef: 'shop-db' },
        storage: { secretRef: 's3' },
      },
    });
    const roles = decode(
      buildConnectionSecret(project, testOwner, {
        host: 'db.internal',
        port: '5432',
        database: 'my db',
        username: 'owner',
        password: HOSTILE,
        sslMode: 'require',
      }).data,
    );
    for (const url of Object.values(roles)) {
      expect(url).toContain(encodeURIComponent(HOSTILE));
      expect(url).not.toContain(HOSTILE);
      const parsed = new URL(url);
      expect(decodeURIComponent(parsed.password)).toBe(HOSTILE);
      expect(decodeURIComponent(parsed.pathname.slice(1))).toBe('my db');
    }
    const others = [
      buildAnchor(project),
      buildDbInitConfigMap(project, testOwner, {
        files: [],
        runner: '',
        initSql: '',
        version: 'v',
      }),
      buildDbInitJob(project, testOwner, { runId: 1, sqlVersion: 'v' }),
      ...buildComponentObjects(project, testOwner),
    ];
    for (const object of others) {
      const text = JSON.stringify(object);
      expect(text).not.toContain(HOSTILE);
      expect(text).not.toContain(encodeURIComponent(HOSTILE));
    }
  });

  it('gives each component the database role upstream gives it', () => {
    const roles = decode(
      buildConnectionSecret(testProject(), testOwner, {
        host: 'h',
        port: '5432',
        database: 'd',
        username: 'u',
        password: 'p',
        sslMode: 'disable',
      }).data,
    );
    expect(new URL(roles.authDatabaseUrl).username).toBe('supabase_auth_admin');
    expect(new URL(roles.restDatabaseUrl).username).toBe('authenticator');
    expect(new URL(roles.storageDatabaseUrl).username).toBe(
      'supabase_storage_admin',
    );
    // Upstream gives edge functions its `postgres`: the database's owner.
    expect(new URL(roles.functionsDatabaseUrl).username).toBe('u');
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

  it('percent-encodes the owner in the functions URL, whatever its name', () => {
    const roles = decode(
      buildConnectionSecret(testProject(), testOwner, {
        host: 'h',
        port: '5432',
        database: 'd',
        username: HOSTILE,
        password: HOSTILE,
        sslMode: 'disable',
      }).data,
    );
    const url = new URL(roles.functionsDatabaseUrl);
    expect(decodeURIComponent(url.username)).toBe(HOSTILE);
    expect(decodeURIComponent(url.password)).toBe(HOSTILE);
    expect(url.host).toBe('h:5432');
  });
});
