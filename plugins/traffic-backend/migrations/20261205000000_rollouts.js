// @ts-check

/**
 * Progressive rollouts: one row per rollout. `active_entity_ref` is the entity ref while the
 * rollout is running or paused and null once it ended, so that the unique index allows one active
 * rollout per entity. `body` holds the rest of the rollout as JSON; `revision` guards every update.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('traffic_rollouts', table => {
    table.comment('Progressive rollouts of the traffic backend');
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 300).notNullable();
    table.string('active_entity_ref', 300).nullable().unique();
    table.string('status', 16).notNullable();
    table.integer('revision').notNullable();
    table.text('body').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['entity_ref', 'created_at'], 'traffic_rollouts_entity_idx');
    table.index(['status'], 'traffic_rollouts_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('traffic_rollouts');
};
