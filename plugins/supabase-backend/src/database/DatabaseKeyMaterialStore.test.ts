import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseKeyMaterialStore } from './DatabaseKeyMaterialStore';
import { DatabaseProjectStore } from './DatabaseProjectStore';
import { SecretsCipher, UnreadableSecretError } from './SecretsCipher';

// Migrations and queries on a real PostgreSQL, on a machine that may be busy.
jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const OLD_KEY = 'the-old-encryption-key-of-this-test-0001';
const NEW_KEY = 'the-new-encryption-key-of-this-test-0002';
const TABLE = 'supabase_project_key_material';

const material = {
  jwtSecret: 'jwt-secret-value-3f9a1c',
  anonKey: 'anon-key-value-77d2e0',
  metaCryptoKey: 'meta-crypto-key-value-1b8c44',
};

async function setUp(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const projects = await DatabaseProjectStore.create({
    database: { getClient: async () => knex },
  });
  const project = await projects.createProject({
    namespace: 'team-k',
    name: 'keys',
    spec: { database: { secretRef: 'db' } },
  });
  const storeWith = (...keys: string[]) =>
    new DatabaseKeyMaterialStore(knex, new SecretsCipher(keys));
  return { knex, uid: project.uid, projects, storeWith };
}

describe.each(databases.eachSupportedId())(
  'DatabaseKeyMaterialStore on %p',
  id => {
    it('keeps the keys encrypted: the row holds none of the values', async () => {
      const { knex, uid, storeWith } = await setUp(id);
      const store = storeWith(NEW_KEY);
      expect(await store.get(uid)).toBeUndefined();
      await store.create(uid, material);
      expect(await store.get(uid)).toEqual(material);

      const row = await knex(TABLE).where({ project_uid: uid }).first();
      const stored = JSON.stringify(row);
      for (const value of Object.values(material)) {
        expect(stored).not.toContain(value);
        expect(stored).not.toContain(Buffer.from(value).toString('base64'));
      }
      expect(stored).not.toContain(NEW_KEY);
    });

    it('keeps the first keys stored: create never overwrites, replace does', async () => {
      const { uid, storeWith } = await setUp(id);
      const store = storeWith(NEW_KEY);
      expect(await store.create(uid, material)).toEqual(material);
      const other = { ...material, jwtSecret: 'another' };
      expect(await store.create(uid, other)).toEqual(material);
      await store.replace(uid, other);
      expect(await store.get(uid)).toEqual(other);
    });

    it('fails clearly with a wrong key or a changed row, never as "no keys"', async () => {
      const { knex, uid, storeWith } = await setUp(id);
      await storeWith(OLD_KEY).create(uid, material);

      const wrong = storeWith(NEW_KEY).get(uid);
      await expect(wrong).rejects.toThrow(UnreadableSecretError);
      await expect(storeWith(NEW_KEY).get(uid)).rejects.toThrow(
        /was encrypted with a key that supabase\.secretsEncryptionKey does not list/,
      );

      const row = await knex(TABLE).where({ project_uid: uid }).first();
      const bytes = Buffer.from(row.ciphertext, 'base64');
      bytes[0] ^= 1;
      await knex(TABLE)
        .where({ project_uid: uid })
        .update({ ciphertext: bytes.toString('base64') });
      await expect(storeWith(OLD_KEY).get(uid)).rejects.toThrow(
        /does not decrypt with the key .* of supabase\.secretsEncryptionKey/,
      );
    });

    it('does not open a row copied to another project', async () => {
      const { knex, uid, projects, storeWith } = await setUp(id);
      const store = storeWith(NEW_KEY);
      await store.create(uid, material);
      const other = await projects.createProject({
        namespace: 'team-k',
        name: 'other',
        spec: { database: { secretRef: 'db' } },
      });
      const row = await knex(TABLE).where({ project_uid: uid }).first();
      await knex(TABLE).insert({ ...row, project_uid: other.uid });
      await expect(store.get(other.uid)).rejects.toThrow(UnreadableSecretError);
    });

    it('rotates the encryption key: an old row opens with the old key listed second and moves to the new one', async () => {
      const { knex, uid, storeWith } = await setUp(id);
      await storeWith(OLD_KEY).create(uid, material);
      const keyIdOf = async () =>
        (await knex(TABLE).where({ project_uid: uid }).first()).key_id;
      const oldId = await keyIdOf();

      const rotated = storeWith(NEW_KEY, OLD_KEY);
      expect(await rotated.get(uid)).toEqual(material);
      expect(await keyIdOf()).not.toBe(oldId);
      // Sealed with the new key now: the old one can go.
      expect(await storeWith(NEW_KEY).get(uid)).toEqual(material);
    });

    it('goes with its project', async () => {
      const { uid, storeWith } = await setUp(id);
      const store = storeWith(NEW_KEY);
      await store.create(uid, material);
      await store.delete(uid);
      expect(await store.get(uid)).toBeUndefined();
    });
  },
);
