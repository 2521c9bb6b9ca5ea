import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { KeyMaterial, KeyMaterialStore } from './KeyMaterialStore';
import {
  SealedValue,
  SecretsCipher,
  UnreadableSecretError,
} from './SecretsCipher';

const TABLE = 'supabase_project_key_material';

type Row = {
  project_uid: string;
  key_id: string;
  iv: string;
  tag: string;
  ciphertext: string;
};

/**
 * Key material in Backstage's database, AES-256-GCM encrypted with the keys
 * of `supabase.secretsEncryptionKey` and bound to its project's uid. A row
 * sealed with an older key is sealed again with the current one when it is
 * read, so after a key rotation every project's row moves to the new key
 * within one resync. The table comes with the plugin's migrations, run by
 * DatabaseProjectStore.create.
 */
export class DatabaseKeyMaterialStore implements KeyMaterialStore {
  /** After DatabaseProjectStore.create, which runs the migrations. */
  static async create(options: {
    database: DatabaseService;
    cipher: SecretsCipher;
  }): Promise<DatabaseKeyMaterialStore> {
    return new DatabaseKeyMaterialStore(
      await options.database.getClient(),
      options.cipher,
    );
  }

  constructor(
    private readonly db: Knex,
    private readonly cipher: SecretsCipher,
  ) {}

  async get(projectUid: string): Promise<KeyMaterial | undefined> {
    const row: Row | undefined = await this.db(TABLE)
      .where({ project_uid: projectUid })
      .first();
    if (!row) return undefined;
    const sealed: SealedValue = {
      keyId: row.key_id,
      iv: row.iv,
      tag: row.tag,
      ciphertext: row.ciphertext,
    };
    let material: KeyMaterial;
    try {
      material = JSON.parse(this.cipher.open(sealed, projectUid));
    } catch (error) {
      if (error instanceof UnreadableSecretError) {
        throw new UnreadableSecretError(
          `The stored keys of project ${projectUid} cannot be read: ${error.message}`,
        );
      }
      throw error;
    }
    if (row.key_id !== this.cipher.currentKeyId) {
      // Only if nobody rewrote it in between (a rotation, say).
      await this.db(TABLE)
        .where({ project_uid: projectUid, key_id: row.key_id, iv: row.iv })
        .update(this.rowOf(projectUid, material));
    }
    return material;
  }

  async create(
    projectUid: string,
    material: KeyMaterial,
  ): Promise<KeyMaterial> {
    await this.db(TABLE)
      .insert(this.rowOf(projectUid, material))
      .onConflict('project_uid')
      .ignore();
    return (await this.get(projectUid))!;
  }

  async replace(projectUid: string, material: KeyMaterial): Promise<void> {
    await this.db(TABLE)
      .insert(this.rowOf(projectUid, material))
      .onConflict('project_uid')
      .merge();
  }

  async delete(projectUid: string): Promise<void> {
    await this.db(TABLE).where({ project_uid: projectUid }).delete();
  }

  private rowOf(projectUid: string, material: KeyMaterial) {
    const sealed = this.cipher.seal(JSON.stringify(material), projectUid);
    return {
      project_uid: projectUid,
      key_id: sealed.keyId,
      iv: sealed.iv,
      tag: sealed.tag,
      ciphertext: sealed.ciphertext,
      updated_at: new Date(),
    };
  }
}
