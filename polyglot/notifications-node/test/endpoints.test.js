import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADDRESSES, decodeCursor, encodeCursor, registerEndpoints } from '../src/notifications/endpoints.js';
import { CampusError } from '../src/errors.js';

const USER = '7d4f3c1e-2b9a-4c8d-9e0f-1a2b3c4d5e6f';
const OTHER = '11111111-2222-4333-8444-555555555555';

// The endpoints as the bus client would call them; a database that must not be asked when a request is refused.
function endpoints() {
  const handlers = new Map();
  const bus = { register: (address, handler) => handlers.set(address, handler) };
  const untouched = { query: () => assert.fail('the database was asked for a refused request') };
  registerEndpoints(bus, untouched, { log: { error: () => {} } });
  return (address, body, headers = { 'campus-caller-sub': USER }) => handlers.get(address)({ address, body, headers });
}

async function refused(promise, code, pattern) {
  await assert.rejects(promise, (e) => e instanceof CampusError && e.code === code && pattern.test(e.message));
}

test('a user reads only their own notifications: another caller, or none, is FORBIDDEN', async () => {
  const call = endpoints();
  for (const address of Object.values(ADDRESSES)) {
    await refused(call(address, { userId: OTHER, all: true }), 'FORBIDDEN', /only for the user it names/);
    await refused(call(address, { userId: USER, all: true }, {}), 'FORBIDDEN', /only for the user it names/);
    // The header name is lower case on the wire; a client-sent variant is stripped by the bridge before this.
    await refused(call(address, { userId: USER, all: true }, { 'Campus-Caller-Sub': USER }), 'FORBIDDEN', /only/);
  }
});

test('wrong input is VALIDATION with the field, before the database', async () => {
  const call = endpoints();
  await refused(call(ADDRESSES.list, 'a string'), 'VALIDATION', /body must be a JSON object/);
  await refused(call(ADDRESSES.list, { userId: 'nope' }), 'VALIDATION', /userId must be a UUID/);
  await refused(call(ADDRESSES.list, { userId: USER, limit: 0 }), 'VALIDATION', /limit/);
  await refused(call(ADDRESSES.list, { userId: USER, limit: 51 }), 'VALIDATION', /limit/);
  await refused(call(ADDRESSES.list, { userId: USER, limit: '5' }), 'VALIDATION', /limit/);
  await refused(call(ADDRESSES.list, { userId: USER, cursor: 'garbage' }), 'VALIDATION', /cursor/);
  await refused(call(ADDRESSES.list, { userId: USER, unreadOnly: 'yes' }), 'VALIDATION', /unreadOnly/);
  await refused(call(ADDRESSES.read, { userId: USER }), 'VALIDATION', /at least one/);
  await refused(call(ADDRESSES.read, { userId: USER, ids: ['x'] }), 'VALIDATION', /ids/);
  await refused(call(ADDRESSES.read, { userId: USER, ids: Array(101).fill(USER) }), 'VALIDATION', /ids/);
  await refused(call(ADDRESSES.read, { userId: USER, all: 'true' }), 'VALIDATION', /all/);
});

test('a failure crosses the bus as Campus errors do: the HTTP status, and the JSON BusFailures reads', () => {
  const e = CampusError.invalid('limit', 'must be a whole number from 1 to 50');
  assert.equal(e.failureCode, 400);
  assert.deepEqual(JSON.parse(e.busMessage), { code: 'VALIDATION', detail: 'limit must be a whole number from 1 to 50',
    errors: [{ field: 'limit', reason: 'must be a whole number from 1 to 50' }] });
  assert.deepEqual(JSON.parse(CampusError.unavailable('down', 5).busMessage),
    { code: 'UNAVAILABLE', detail: 'down', retryAfterSeconds: 5 });
});

test('a database that fails is UNAVAILABLE when it is an outage, INTERNAL without its message when a bug', async () => {
  const handlers = new Map();
  const bus = { register: (address, handler) => handlers.set(address, handler) };
  const errors = [];
  let failure;
  registerEndpoints(bus, { query: async () => { throw failure; } }, { log: { error: (m) => errors.push(m) } });
  const unread = () => handlers.get(ADDRESSES.unread)({ body: { userId: USER }, headers: { 'campus-caller-sub': USER } });
  failure = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  await assert.rejects(unread(), (e) => e.code === 'UNAVAILABLE' && e.retryAfterSeconds === 5);
  failure = new TypeError('secret internals');
  await assert.rejects(unread(), (e) => e.code === 'INTERNAL' && !/secret internals/.test(e.busMessage));
  assert.equal(errors.length, 1);
});

test('a page cursor goes back to where the page ended, and only a cursor the service made is taken', () => {
  const last = { createdAt: '2026-12-07T10:00:00.123456Z', id: USER };
  assert.deepEqual(decodeCursor(encodeCursor(last)), last);
  assert.equal(decodeCursor(undefined), null);
  for (const bad of ['', 'W10', Buffer.from('["x","y"]').toString('base64url'), Buffer.from('{}').toString('base64url')]) {
    assert.throws(() => decodeCursor(bad), /cursor/, bad);
  }
});
