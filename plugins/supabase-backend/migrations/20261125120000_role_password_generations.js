// @ts-check

/**
 * The role-password generation of each set of database credentials. Supabase's
 * roles are server-wide, so the projects that reach a server with the same
 * credentials share their passwords, and a rotation moves them all.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('supabase_role_password_generations', table => {
    table.comment(
      'Role-password generation per set of database credentials (see docs/decisions/0007)',
    );
    table
      .string('credentials_key')
      .primary()
      .comment('a one-way key of the database username and password');
    table.integer('generation').notNullable();
    table.timestamp('rotated_at', { useTz: true }).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('supabase_role_password_generations');
};
