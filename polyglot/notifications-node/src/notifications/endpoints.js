// The notifications.* endpoints on the bus. Each is for the user it names: the caller the BFF verified comes in the
// message headers (campus-caller-sub; the bridge lets no bridge client set them), and the service checks it again,
// as a Java service does, so a BFF's check is not the only wall.

import { CampusError } from '../errors.js';
import { isOutage } from '../db/database.js';
import { markRead, page, unreadCount } from './store.js';

const SUBJECT = 'campus-caller-sub';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_LIMIT = 50;
const MAX_IDS = 100;

/** The addresses this service answers. */
export const ADDRESSES = Object.freeze({
  list: 'notifications.list',
  read: 'notifications.read',
  unread: 'notifications.unread',
});

function body(message) {
  if (typeof message.body !== 'object' || message.body === null || Array.isArray(message.body)) {
    throw CampusError.invalid('body', 'must be a JSON object');
  }
  return message.body;
}

/** The user the request is for, who must be its caller. */
function forCaller(message, address) {
  const { userId } = body(message);
  if (typeof userId !== 'string' || !UUID.test(userId)) {
    throw CampusError.invalid('userId', 'must be a UUID');
  }
  if (message.headers?.[SUBJECT] !== userId) {
    throw CampusError.forbidden(`${address} is only for the user it names`);
  }
  return userId;
}

function limitOf(value) {
  if (value === undefined || value === null) {
    return 20;
  }
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
    throw CampusError.invalid('limit', `must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  return value;
}

/** The page cursor: where the last page ended (its last notification's time and id), opaque to clients. */
export function encodeCursor(notification) {
  return Buffer.from(JSON.stringify([notification.createdAt, notification.id])).toString('base64url');
}

export function decodeCursor(cursor) {
  if (cursor === undefined || cursor === null) {
    return null;
  }
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8'));
    if (typeof createdAt === 'string' && !Number.isNaN(Date.parse(createdAt)) && typeof id === 'string'
      && UUID.test(id)) {
      return { createdAt, id };
    }
  } catch {
    // falls through: a cursor this service did not make
  }
  throw CampusError.invalid('cursor', 'is not a cursor this service gave');
}

/**
 * Answers with handler, failing in the error vocabulary: a database outage is UNAVAILABLE with a retry hint, a bug
 * INTERNAL with a log line (never its message on the wire).
 */
function answer(bus, address, handler, log) {
  bus.register(address, async (message) => {
    try {
      return await handler(message);
    } catch (e) {
      if (e instanceof CampusError) {
        throw e;
      }
      if (isOutage(e)) {
        throw CampusError.unavailable('The service cannot use its database right now; try again', 5);
      }
      log.error(`unexpected failure answering ${address}: ${e.stack ?? e}`);
      throw CampusError.internal(`The service failed to answer ${address}`);
    }
  });
}

/** Registers the endpoints on the bus; db is the pool, onRead(userId, unread) is told when a user read some. */
export function registerEndpoints(bus, db, { onRead = () => {}, log = console } = {}) {
  answer(bus, ADDRESSES.list, async (message) => {
    const userId = forCaller(message, ADDRESSES.list);
    const { cursor, limit, unreadOnly = false } = message.body;
    if (typeof unreadOnly !== 'boolean') {
      throw CampusError.invalid('unreadOnly', 'must be true or false');
    }
    const size = limitOf(limit);
    const [rows, unread] = await Promise.all([page(db, userId, { before: decodeCursor(cursor), limit: size,
      unreadOnly }), unreadCount(db, userId)]);
    const items = rows.slice(0, size);
    return { items, unread, next: rows.length > size ? encodeCursor(items.at(-1)) : null };
  }, log);

  answer(bus, ADDRESSES.read, async (message) => {
    const userId = forCaller(message, ADDRESSES.read);
    const { ids = [], all = false } = message.body;
    if (typeof all !== 'boolean') {
      throw CampusError.invalid('all', 'must be true or false');
    }
    if (!Array.isArray(ids) || ids.length > MAX_IDS || ids.some((id) => typeof id !== 'string' || !UUID.test(id))) {
      throw CampusError.invalid('ids', `must be a list of at most ${MAX_IDS} notification ids`);
    }
    if (!all && ids.length === 0) {
      throw CampusError.invalid('ids', 'name at least one notification, or send all: true');
    }
    const marked = await markRead(db, userId, { ids, all });
    const unread = await unreadCount(db, userId);
    if (marked > 0) {
      onRead(userId, unread);
    }
    return { marked, unread };
  }, log);

  answer(bus, ADDRESSES.unread, async (message) => {
    const userId = forCaller(message, ADDRESSES.unread);
    return { unread: await unreadCount(db, userId) };
  }, log);
}
