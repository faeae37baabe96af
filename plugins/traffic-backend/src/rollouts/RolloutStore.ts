import { randomUUID } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  isActiveRollout,
  Rollout,
  RolloutEvent,
} from '@internal/plugin-traffic-common';
import { Knex } from 'knex';
import { PendingEvent, RolloutFields } from './rolloutDecision';

const TABLE = 'traffic_rollouts';
/** Events kept per rollout; older ones are dropped. */
const MAX_EVENTS = 100;
/** Finished rollouts `recent` answers per entity. */
const RECENT = 5;

const migrationsDir = resolvePackagePath(
  '@internal/plugin-traffic-backend',
  'migrations',
);

interface Row {
  id: string;
  entity_ref: string;
  active_entity_ref: string | null;
  status: string;
  revision: number;
  body: string;
  created_at: Date | string;
  updated_at: Date | string;
}

/** A rollout before it is stored: everything but what the store assigns. */
export type NewRollout = Omit<
  Rollout,
  'id' | 'revision' | 'startedAt' | 'updatedAt' | 'events'
> & { events: PendingEvent[] };

function fromRow(row: Row): Rollout {
  return { ...JSON.parse(row.body), revision: Number(row.revision) };
}

function stamped(events: PendingEvent[], now: Date): RolloutEvent[] {
  return events.map(event => ({ at: now.toISOString(), ...event }));
}

function isUniqueViolation(error: unknown): boolean {
  const text = String((error as Error)?.message ?? error);
  return /unique|duplicate key/i.test(text);
}

/**
 * The rollouts in the plugin's database. Every update names the revision it was decided on and
 * fails with a `ConflictError` when the row moved in between (an owner's action and the step loop
 * never overwrite each other); the unique `active_entity_ref` keeps one active rollout per entity.
 */
export class RolloutStore {
  static async create(
    database: DatabaseService,
    now: () => Date = () => new Date(),
  ): Promise<RolloutStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new RolloutStore(client, now);
  }

  constructor(
    private readonly db: Knex,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Stores a new rollout; a 409 when the entity already has an active one. */
  async insert(rollout: NewRollout): Promise<Rollout> {
    const now = this.now();
    const stored: Rollout = {
      ...rollout,
      id: randomUUID(),
      revision: 1,
      startedAt: now.toISOString(),
      updatedAt: now.toISOString(),
      events: stamped(rollout.events, now),
    };
    try {
      await this.db<Row>(TABLE).insert({
        id: stored.id,
        entity_ref: stored.entityRef,
        active_entity_ref: stored.entityRef,
        status: stored.status,
        revision: stored.revision,
        body: JSON.stringify(withoutRevision(stored)),
        created_at: now,
        updated_at: now,
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `${stored.entityRef} already has a rollout in progress; pause, abort or promote it first`,
        );
      }
      throw error;
    }
    return stored;
  }

  async get(id: string): Promise<Rollout> {
    const row = await this.db<Row>(TABLE).where({ id }).first();
    if (!row) throw new NotFoundError(`No rollout ${id}`);
    return fromRow(row);
  }

  /** The entity's running or paused rollout, and its last finished ones (newest first). */
  async forEntity(
    entityRef: string,
  ): Promise<{ active?: Rollout; recent: Rollout[] }> {
    const rows = await this.db<Row>(TABLE)
      .where({ entity_ref: entityRef })
      .orderBy('created_at', 'desc')
      .limit(RECENT + 1);
    const rollouts = rows.map(fromRow);
    return {
      active: rollouts.find(isActiveRollout),
      recent: rollouts.filter(r => !isActiveRollout(r)).slice(0, RECENT),
    };
  }

  /** Every running rollout (what the step loop drives). */
  async running(): Promise<Rollout[]> {
    const rows = await this.db<Row>(TABLE)
      .where({ status: 'running' })
      .orderBy('created_at', 'asc');
    return rows.map(fromRow);
  }

  /**
   * Sets fields and appends events, if the rollout is still at `rollout.revision`; answers the
   * stored rollout. A moved row is a `ConflictError` and changes nothing.
   */
  async update(
    rollout: Rollout,
    set: Partial<RolloutFields>,
    events: PendingEvent[],
  ): Promise<Rollout> {
    const now = this.now();
    const next: Rollout = {
      ...rollout,
      ...set,
      revision: rollout.revision + 1,
      updatedAt: now.toISOString(),
      events: [...rollout.events, ...stamped(events, now)].slice(-MAX_EVENTS),
    };
    const count = await this.db<Row>(TABLE)
      .where({ id: rollout.id, revision: rollout.revision })
      .update({
        status: next.status,
        active_entity_ref: isActiveRollout(next) ? next.entityRef : null,
        revision: next.revision,
        body: JSON.stringify(withoutRevision(next)),
        updated_at: now,
      });
    if (count !== 1) {
      throw new ConflictError(
        `The rollout ${rollout.id} changed since revision ${rollout.revision}; reload it and try again`,
      );
    }
    return next;
  }
}

function withoutRevision(rollout: Rollout): Omit<Rollout, 'revision'> {
  const { revision: _revision, ...rest } = rollout;
  return rest;
}
