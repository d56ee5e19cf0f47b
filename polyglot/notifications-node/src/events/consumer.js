// A durable consumer of Campus's event streams, the same contract as the Java EventConsumer: per stream a checkpoint
// in this service's database, moved (compare-and-set) in the transaction that applies each event; events applied
// in position order; catch-up by replay at start, after a gap, and every few seconds; an event that keeps failing
// goes to the dead letters and the stream goes on. One instance projects at a time: it holds a PostgreSQL advisory
// lock on a connection of its own (the lock goes with the process) and takes the next epoch of a fence that each
// transaction checks, so an instance that lost the lock without noticing stops before it writes anything more.

import { EventEmitter } from 'node:events';
import pg from 'pg';
import { inTransaction } from '../db/database.js';

const REPLAY_BATCH = 1000;
const REPLAY_TIMEOUT_MS = 10_000;

const SQL = {
  ensure: 'INSERT INTO platform.checkpoint (consumer, stream) VALUES ($1, $2) ON CONFLICT DO NOTHING',
  positions: 'SELECT stream, position FROM platform.checkpoint WHERE consumer = $1',
  advance: `UPDATE platform.checkpoint SET position = $4, updated_at = clock_timestamp()
    WHERE consumer = $1 AND stream = $2 AND position = $3`,
  takeEpoch: `INSERT INTO platform.leader (name, epoch) VALUES ($1, 1)
    ON CONFLICT (name) DO UPDATE SET epoch = platform.leader.epoch + 1, taken_at = clock_timestamp() RETURNING epoch`,
  // FOR SHARE: a successor's epoch waits for this transaction, so its first step comes after this one.
  newest: 'SELECT epoch FROM platform.leader WHERE name = $1 FOR SHARE',
  deadLetter: `INSERT INTO platform.dead_letter (consumer, stream, position, event_id, type, envelope, error, attempts)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
  countDeadLetters: 'SELECT count(*)::int AS n FROM platform.dead_letter WHERE consumer = $1 AND resolved_at IS NULL',
  tryLock: 'SELECT pg_try_advisory_lock(hashtext($1)) AS held',
};

/** Another instance moved the checkpoint: it applied the event; go on from where the database says. */
class CheckpointMoved extends Error {}

/** A newer projector took over: roll back and stand by. */
class FenceLost extends Error {}

function describe(e) {
  return `${e.name ?? 'Error'}: ${e.message}`;
}

export class DurableConsumer extends EventEmitter {
  /**
   * @param {object} o
   * @param {string} o.name the consumer's name (its checkpoints, lock and fence)
   * @param {import('pg').Pool} o.pool its database
   * @param {object} o.connection how to open the lock's own connection (pg client config)
   * @param {import('../bus/client.js').BusClient} o.bus the bridge
   * @param {string[]} o.streams the streams it follows
   * @param {(client, event) => Promise<any>} o.apply applies one event inside the transaction; its result is
   *   emitted as 'applied' after the commit
   * @param {{attempts: number, firstBackoffMs: number, catchUpMs: number, maxLag: number}} o.options
   */
  constructor({ name, pool, connection, bus, streams, apply, options, log = console }) {
    super();
    Object.assign(this, { name, pool, connection, bus, apply, options, log });
    this.cursors = new Map(streams.map((stream) => [stream, { stream, position: 0, head: 0, buffer: [],
      busy: false, catchUpWanted: false, failing: false }]));
    this.active = false;
    this.stopped = false;
    this.epoch = 0;
    this.deadLetters = 0;
  }

  /** Loads the checkpoints, listens to the live streams, and competes to project (in the background). */
  async start() {
    await this.#loadCheckpoints();
    for (const c of this.cursors.values()) {
      this.bus.register(`events.${c.stream}`, (message) => this.#onLive(c, message.body));
    }
    this.#compete();
  }

  /** Positions, heads and lags per stream, for readiness and metrics. */
  status() {
    const streams = {};
    for (const c of this.cursors.values()) {
      streams[c.stream] = { position: c.position, head: c.head, lag: Math.max(0, c.head - c.position) };
    }
    return { active: this.active, deadLetters: this.deadLetters, streams };
  }

  /** Not ready while the active projector is further behind a stream's head than maxLag. */
  caughtUp() {
    return !this.active || [...this.cursors.values()].every((c) => c.head - c.position <= this.options.maxLag);
  }

  async stop() {
    this.stopped = true;
    clearInterval(this.ticker);
    clearTimeout(this.competeTimer);
    while ([...this.cursors.values()].some((c) => c.busy)) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    this.active = false;
    const client = this.lockClient;
    this.lockClient = null; // first: its 'end' is then not taken for a lost lock
    await client?.end().catch(() => {});
  }

  async #loadCheckpoints() {
    for (const stream of this.cursors.keys()) {
      await this.pool.query({ name: 'ensure-checkpoint', text: SQL.ensure, values: [this.name, stream] });
    }
    const rows = await this.pool.query({ name: 'checkpoints', text: SQL.positions, values: [this.name] });
    for (const row of rows.rows) {
      const c = this.cursors.get(row.stream);
      if (c) {
        c.position = Number(row.position);
        c.head = Math.max(c.head, c.position);
        c.buffer = [];
      }
    }
    const dead = await this.pool.query({ name: 'count-dead', text: SQL.countDeadLetters, values: [this.name] });
    this.deadLetters = dead.rows[0].n;
  }

  /** Tries for the lock every catch-up interval until it holds it; then takes the fence's next epoch and leads. */
  async #compete() {
    if (this.stopped || this.active) {
      return;
    }
    try {
      if (!this.lockClient) {
        const client = new pg.Client(this.connection);
        client.on('error', (e) => this.#lockLost(client, e));
        client.on('end', () => this.#lockLost(client, new Error('connection closed')));
        await client.connect();
        this.lockClient = client;
      }
      const held = (await this.lockClient.query(SQL.tryLock, [`campus.consumer.${this.name}`])).rows[0].held;
      if (held && !this.stopped) {
        const taken = await this.pool.query({ name: 'take-epoch', text: SQL.takeEpoch,
          values: [`consumer.${this.name}`] });
        this.epoch = Number(taken.rows[0].epoch);
        await this.#loadCheckpoints(); // a standby's are as old as its start
        this.#lead();
        return;
      }
    } catch (e) {
      this.log.warn(`${this.name}: cannot compete for the lead (${describe(e)}); trying again`);
      this.#dropLockClient();
    }
    this.competeTimer = setTimeout(() => this.#compete(), this.options.catchUpMs);
  }

  #lead() {
    this.active = true;
    this.log.info(`${this.name} is the active projector of ${[...this.cursors.keys()]} from `
      + JSON.stringify(Object.fromEntries([...this.cursors.values()].map((c) => [c.stream, c.position]))));
    this.emit('active');
    this.#catchUp();
    this.ticker = setInterval(() => this.#catchUp(), this.options.catchUpMs);
  }

  /** The lock's connection broke (the database restarted): the lock is gone with it, so stand by and compete. */
  #lockLost(client, e) {
    if (client !== this.lockClient) {
      return;
    }
    this.log.warn(`${this.name}: the lock's connection failed (${e.message}); standing by`);
    this.#dropLockClient();
    this.#standBy();
  }

  #dropLockClient() {
    const client = this.lockClient;
    this.lockClient = null;
    client?.end().catch(() => {});
  }

  #standBy() {
    const was = this.active;
    this.active = false;
    clearInterval(this.ticker);
    if (was) {
      this.emit('standby');
    }
    clearTimeout(this.competeTimer);
    this.competeTimer = setTimeout(() => this.#compete(), this.options.catchUpMs);
  }

  #catchUp() {
    for (const c of this.cursors.values()) {
      c.catchUpWanted = true;
      this.#pump(c);
    }
  }

  #onLive(c, body) {
    if (!this.active || typeof body !== 'object' || body === null || !Number.isInteger(body.position)) {
      return; // a standby replays when it takes over; a body that is not an event waits for the replay
    }
    c.buffer.push(body);
    this.#pump(c);
  }

  /** Works on one stream until nothing is left, one step at a time, never two at once. */
  async #pump(c) {
    if (c.busy || !this.active || this.stopped) {
      return;
    }
    c.busy = true;
    let again = false;
    try {
      if (c.catchUpWanted) {
        c.catchUpWanted = false;
        c.buffer = [];
        await this.#replay(c);
        again = true;
      } else {
        const next = c.buffer.shift();
        if (next) {
          await this.#take(c, next);
          again = true;
        }
      }
      if (c.failing) {
        this.log.info(`${this.name} follows ${c.stream} again from ${c.position}`);
      }
      c.failing = false;
    } catch (e) {
      again = false;
      if (e instanceof FenceLost) {
        this.log.warn(`${this.name}: a newer projector took over (${e.message}); standing by`);
        this.#dropLockClient();
        this.#standBy();
      } else {
        if (!c.failing) { // once per outage, not once per tick
          this.log.warn(`${this.name} stopped on ${c.stream} at ${c.position}, will catch up again: ${describe(e)}`);
        }
        c.failing = true;
        c.catchUpWanted = false; // the next tick asks again: no tight loop against a producer that is down
      }
    } finally {
      c.busy = false;
    }
    if (again) {
      this.#pump(c);
    }
  }

  async #take(c, event) {
    if (event.position <= c.position) {
      return; // a duplicate: applied already
    }
    if (event.position > c.position + 1) {
      c.catchUpWanted = true; // a gap: what is missing comes by replay, in order
      return;
    }
    await this.#applyOne(c, event, 1);
  }

  async #replay(c) {
    for (;;) {
      const batch = await this.bus.request(`events.${c.stream}.replay`, { after: c.position, limit: REPLAY_BATCH },
        { timeoutMs: REPLAY_TIMEOUT_MS });
      c.head = Math.max(c.head, Number(batch.head));
      const fresh = (batch.events ?? []).filter((e) => e.position > c.position);
      if (fresh.length === 0) {
        return;
      }
      await this.#applyBatch(c, fresh);
      if (c.position >= batch.head) {
        return;
      }
    }
  }

  /** All events in one transaction; if any fails, each on its own, so a poison event is isolated. */
  async #applyBatch(c, events) {
    const from = c.position;
    if (events[0].position !== from + 1) {
      throw new Error(`replay of ${c.stream} skipped from ${from}`);
    }
    let results;
    try {
      results = await inTransaction(this.pool, async (tx) => {
        await this.#checkFence(tx);
        const applied = [];
        for (const event of events) {
          applied.push(await this.apply(tx, event));
        }
        await this.#advance(tx, c.stream, from, events.at(-1).position);
        return applied;
      });
    } catch (e) {
      if (await this.#overtaken(c, e)) {
        return undefined;
      }
      for (const event of events) {
        if (event.position > c.position) {
          await this.#applyOne(c, event, 1);
        }
      }
      return undefined;
    }
    events.forEach((event, i) => this.#applied(c, event, results[i]));
    return undefined;
  }

  async #applyOne(c, event, attempt) {
    const from = c.position;
    let result;
    try {
      result = await inTransaction(this.pool, async (tx) => {
        await this.#checkFence(tx);
        const applied = await this.apply(tx, event);
        await this.#advance(tx, c.stream, from, event.position);
        return applied;
      });
    } catch (e) {
      if (await this.#overtaken(c, e)) {
        return undefined;
      }
      if (attempt < this.options.attempts) {
        await new Promise((resolve) => setTimeout(resolve, this.options.firstBackoffMs * 2 ** (attempt - 1)));
        return this.#applyOne(c, event, attempt + 1);
      }
      return this.#deadLetter(c, event, e, attempt);
    }
    this.#applied(c, event, result);
    return undefined;
  }

  async #deadLetter(c, event, error, attempts) {
    const from = c.position;
    await inTransaction(this.pool, async (tx) => {
      await this.#checkFence(tx);
      await tx.query({ name: 'dead-letter', text: SQL.deadLetter, values: [this.name, c.stream, event.position,
        event.eventId, String(event.type), JSON.stringify(event), describe(error), attempts] });
      await this.#advance(tx, c.stream, from, event.position);
    });
    c.position = event.position;
    this.deadLetters += 1;
    this.log.error(`${this.name} dead-lettered ${event.type} at ${c.stream}/${event.position} after ${attempts} `
      + `attempts: ${describe(error)}`);
  }

  async #checkFence(tx) {
    const rows = await tx.query({ name: 'fence', text: SQL.newest, values: [`consumer.${this.name}`] });
    const newest = rows.rowCount === 0 ? 0 : Number(rows.rows[0].epoch);
    if (newest !== this.epoch) {
      throw new FenceLost(`epoch ${this.epoch} was replaced by ${newest}`);
    }
  }

  async #advance(tx, stream, from, to) {
    const moved = await tx.query({ name: 'advance', text: SQL.advance, values: [this.name, stream, from, to] });
    if (moved.rowCount !== 1) {
      throw new CheckpointMoved();
    }
  }

  /**
   * True when a step failed because another instance got there first (it moved the checkpoint: go on from the
   * database's); a newer projector's fence is thrown on, to stand by. False for a failure of the step itself.
   */
  async #overtaken(c, e) {
    if (e instanceof FenceLost) {
      throw e;
    }
    if (e instanceof CheckpointMoved) {
      await this.#reload(c);
      return true;
    }
    return false;
  }

  async #reload(c) {
    const rows = await this.pool.query({ name: 'checkpoints', text: SQL.positions, values: [this.name] });
    const row = rows.rows.find((r) => r.stream === c.stream);
    if (row) {
      c.position = Number(row.position);
    }
  }

  #applied(c, event, result) {
    c.position = event.position;
    c.head = Math.max(c.head, c.position);
    this.emit('applied', event, result);
  }
}
