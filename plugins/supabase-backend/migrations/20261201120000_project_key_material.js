// @ts-check

/**
 * The generated key material of each project (JWT secret, API keys, crypto
 * keys, dashboard credentials), encrypted with `supabase.secretsEncryptionKey`:
 * the source of truth the `<project>-jwt` Secret is restored from (see
 * docs/decisions/0011). Also an index for the replicas' look at each other's
 * leases (docs/decisions/0002).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('supabase_project_key_material', table => {
    table.comment(
      'Generated keys of each project, AES-256-GCM encrypted (see docs/decisions/0011)',
    );
    table
      .string('project_uid')
      .primary()
      .references('uid')
      .inTable('supabase_projects')
      .onDelete('CASCADE');
    table
      .string('key_id')
      .notNullable()
      .comment('which configured encryption key encrypted the row');
    table.string('iv').notNullable().comment('base64 GCM nonce');
    table.string('tag').notNullable().comment('base64 GCM authentication tag');
    table.text('ciphertext').notNullable().comment('base64');
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.alterTable('supabase_projects', table => {
    table.index(['lease_owner'], 'supabase_projects_lease_owner_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('supabase_projects', table => {
    table.dropIndex(['lease_owner'], 'supabase_projects_lease_owner_idx');
  });
  await knex.schema.dropTable('supabase_project_key_material');
};
