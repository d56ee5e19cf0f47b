// The notifications service: a Campus service in Node.js, a member of the bus through the TCP bridge. It turns the
// course, payments and users streams into notifications (durably: checkpoints in its own database), answers
// notifications.* requests, pushes each new notification to its user's live address, and announces itself in
// discovery through the bridge, for as long as its socket lives.
//
//   CAMPUS_BRIDGE_SECRET=... CAMPUS_DB_URL=postgresql://... node src/main.js

import { performance } from 'node:perf_hooks';
import { BusClient } from './bus/client.js';
import { describe, InvalidSetting, settingsFrom } from './config.js';
import { openDatabase } from './db/database.js';
import { DurableConsumer } from './events/consumer.js';
import { createLog } from './log.js';
import { createMetrics, startManagement } from './management/server.js';
import { registerEndpoints } from './notifications/endpoints.js';
import { effectsOf } from './notifications/projection.js';
import { applyEffects, unreadCount } from './notifications/store.js';

export const SERVICE = 'notifications';
const STREAMS = ['courses', 'payments', 'users'];
// A notification older than this when applied (a catch-up after downtime) is stored, not pushed: nobody waits for it.
const PUSH_WITHIN_MS = 5 * 60_000;

let settings;
try {
  settings = settingsFrom(process.env);
} catch (e) {
  if (e instanceof InvalidSetting) {
    console.error(`notifications: not started: ${e.message}`);
    process.exit(2);
  }
  throw e;
}
const log = createLog(settings.node);
const started = performance.now();
log.info(`starting: ${describe(settings)}`);

const bus = new BusClient({ ...settings.bridge, timeoutMs: 5000 });
bus.on('warning', (w) => log.warn(w));
let announced = false;
let serving = false;
let pool;
let consumer;

const pushTo = (userId, body) => bus.publish(`campus.user.${userId}`, body);

async function announce() {
  announced = false;
  await bus.request('bridge.records', { service: SERVICE, capabilities: ['impact'] });
  announced = true;
}
// A new socket is a new bridge client: the record of the old one went with it.
bus.on('connected', () => {
  if (serving) {
    announce().catch((e) => log.warn(`could not announce the service again: ${e.message}`));
  }
});
bus.on('disconnected', () => {
  announced = false;
  log.warn('the bridge connection dropped; connecting again');
});

const checks = {
  database: async () => {
    await pool.query('SELECT 1');
    return { up: true };
  },
  bridge: async () => ({ up: bus.connected && announced }),
  'consumer.notifications': async () => ({ up: consumer.caughtUp(), data: consumer.status() }),
};

async function main() {
  // Readiness says DOWN until everything below is done; the port is open from the start so probes get an answer.
  let ready = false;
  const gated = Object.fromEntries(Object.entries(checks).map(([id, check]) => [id,
    async () => (ready ? check() : { up: false, data: { starting: true } })]));
  pool = await openDatabase(settings.databaseUrl, { size: settings.poolSize, log });
  consumer = new DurableConsumer({
    name: SERVICE, pool, connection: { connectionString: settings.databaseUrl, keepAlive: true }, bus,
    streams: STREAMS, options: settings.consumer, log,
    apply: (tx, event) => applyEffects(tx, event, effectsOf(event)),
  });
  const metrics = createMetrics(consumer);
  const management = await startManagement({ settings: settings.management, checks: gated,
    registry: metrics.registry });
  consumer.on('applied', (event, created) => {
    metrics.delay.observe({ consumer: SERVICE, stream: event.stream },
      Math.max(0, Date.now() - Date.parse(event.occurredAt)) / 1000);
    for (const { notification } of created) {
      metrics.created.inc({ kind: notification.kind });
    }
    if (created.length > 0 && Date.now() - Date.parse(event.occurredAt) < PUSH_WITHIN_MS) {
      push(created);
    }
  });
  registerEndpoints(bus, pool, { log, onRead: (userId, unread) => pushTo(userId, { unread }) });
  await bus.connect();
  await consumer.start();
  await announce();
  serving = true;
  ready = true;
  log.info(`notifications ready in ${Math.round(performance.now() - started)} ms (management on `
    + `${management.address().port})`);

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) {
      return;
    }
    stopping = true;
    log.info(`${signal}: stopping`);
    ready = false;
    setTimeout(() => process.exit(1), 10_000).unref(); // a step that hangs (its database gone) must not keep it up
    await consumer.stop();
    bus.close();
    await pool.end().catch(() => {});
    management.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  watchParent(() => stop('the process that started this one is gone'));
}

/** A child of the all-in-one (CAMPUS_PARENT_PID) ends with it, even when it was killed and could not say so. */
function watchParent(onGone) {
  const parent = Number(process.env.CAMPUS_PARENT_PID);
  if (!Number.isInteger(parent) || parent <= 0) {
    return;
  }
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      onGone();
    }
  }, 1000).unref();
}

/** Each new notification to its user's live address, with their unread count (read after the commit). */
async function push(created) {
  for (const { userId, notification } of created) {
    try {
      pushTo(userId, { notification, unread: await unreadCount(pool, userId) });
    } catch (e) {
      log.debug(`no live push to ${userId}: ${e.message}`);
    }
  }
}

main().catch((e) => {
  log.error(`not started: ${e.stack ?? e}`);
  process.exit(1);
});
