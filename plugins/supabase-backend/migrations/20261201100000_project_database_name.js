// @ts-check

/**
 * The name of the database a project lives in, as its last successful db-init
 * run reported it: shown in the project, for an existing database whose name
 * only its Secret knows.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('supabase_projects', table => {
    table
      .string('database_name', 63)
      .comment('the database the last successful db-init run claimed');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('supabase_projects', table => {
    table.dropColumn('database_name');
  });
};
