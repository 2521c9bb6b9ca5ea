// @ts-check

/**
 * The store of the supabase plugin: projects, their timeline, and the db-init
 * runs and attempts with archived logs.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('supabase_projects', table => {
    table.comment('Supabase projects and where their provisioning stands');
    table.string('uid').primary();
    table.string('namespace').notNullable();
    table.string('name').notNullable();
    table.text('spec').notNullable().comment('ProjectSpec as JSON');
    table.string('phase').notNullable();
    table.string('reason');
    table.text('message');
    table.integer('generation').notNullable().defaultTo(1);
    table.integer('observed_generation');
    table.string('owner');
    table.text('status').comment('endpoints, components, warnings as JSON');
    table.string('applied_sql_version').comment('SQL set version initialized');
    table.integer('current_run_id').comment('the db-init run being followed');
    table.string('lease_owner').comment('replica working on the project');
    table.bigInteger('lease_expires_at').comment('epoch ms');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('phase_changed_at', { useTz: true }).notNullable();
    table.unique(['namespace', 'name']);
    table.index(['phase']);
    table.index(['owner']);
    table.index(['created_at']);
  });

  await knex.schema.createTable('supabase_project_events', table => {
    table.comment('The timeline: every phase change with reason and message');
    table.bigIncrements('id').primary();
    table
      .string('project_uid')
      .notNullable()
      .references('uid')
      .inTable('supabase_projects')
      .onDelete('CASCADE');
    table.string('phase').notNullable();
    table.string('reason').notNullable();
    table.text('message').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['project_uid']);
  });

  await knex.schema.createTable('supabase_db_init_runs', table => {
    table.comment('Runs of the db-init Job, one per initialization or upgrade');
    table.bigIncrements('id').primary();
    table
      .string('project_uid')
      .notNullable()
      .references('uid')
      .inTable('supabase_projects')
      .onDelete('CASCADE');
    table.string('job_name').notNullable();
    table.string('job_uid');
    table.string('state').notNullable();
    table.string('trigger').notNullable();
    table.string('sql_version').notNullable();
    table.integer('backoff_limit').notNullable();
    table.text('message');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true });
    table.index(['project_uid']);
  });

  await knex.schema.createTable('supabase_db_init_attempts', table => {
    table.comment('Pods of a db-init run, with their archived logs');
    table.bigIncrements('id').primary();
    table
      .bigInteger('run_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('supabase_db_init_runs')
      .onDelete('CASCADE');
    table.integer('attempt').notNullable();
    table.string('pod_name').notNullable();
    table.string('state').notNullable();
    table.timestamp('started_at', { useTz: true });
    table.timestamp('finished_at', { useTz: true });
    table.integer('exit_code');
    table.string('reason');
    table.text('message');
    table.text('file_results').comment('DbInitFileResult[] as JSON');
    table.text('log', 'longtext').comment('the pod log, archived when it ends');
    table.boolean('archived').notNullable().defaultTo(false);
    table.unique(['run_id', 'pod_name']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('supabase_db_init_attempts');
  await knex.schema.dropTable('supabase_db_init_runs');
  await knex.schema.dropTable('supabase_project_events');
  await knex.schema.dropTable('supabase_projects');
};
