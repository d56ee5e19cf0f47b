import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import { BusClient, BusError } from '../src/bus/client.js';
import { encodeFrame, FrameDecoder } from '../src/bus/frames.js';

// A stand-in for the bridge on loopback, speaking its framing: it records every frame and lets a test answer.
async function fakeBridge(onFrame) {
  const sockets = [];
  const frames = [];
  const server = net.createServer((socket) => {
    sockets.push(socket);
    const decoder = new FrameDecoder((frame) => {
      frames.push(frame);
      onFrame(frame, (reply) => socket.write(rawFrame(reply)), socket);
    });
    socket.on('data', (chunk) => decoder.push(chunk));
    socket.on('error', () => {});
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: server.address().port, frames, sockets,
    close: () => { sockets.forEach((s) => s.destroy()); server.close(); },
  };
}

// The bridge sends types a client may not ('message', 'err', 'pong'): framed here without the client's check.
function rawFrame(frame) {
  const json = Buffer.from(JSON.stringify(frame));
  const header = Buffer.alloc(4);
  header.writeUInt32BE(json.length, 0);
  return Buffer.concat([header, json]);
}

async function until(condition, what, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) {
      assert.fail(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('a request is answered by the frame sent to its reply address; every frame carries the secret', async (t) => {
  const bridge = await fakeBridge((frame, reply) => {
    if (frame.type === 'send' && frame.replyAddress) {
      reply({ type: 'message', address: frame.replyAddress, body: { echo: frame.body } });
    }
  });
  const client = new BusClient({ port: bridge.port, secret: 's3cret' });
  t.after(() => { client.close(); bridge.close(); });
  await client.connect();

  assert.deepEqual(await client.request('events.courses.replay', { after: 3 }), { echo: { after: 3 } });
  assert.ok(bridge.frames.every((f) => f.headers['campus-bridge-secret'] === 's3cret'));
});

test('an err frame for a request rejects it with the failure code and type', async (t) => {
  const bridge = await fakeBridge((frame, reply) => {
    reply({ type: 'err', address: frame.replyAddress, failureCode: 404, failureType: 'RECIPIENT_FAILURE',
      message: 'no such thing' });
  });
  const client = new BusClient({ port: bridge.port });
  t.after(() => { client.close(); bridge.close(); });
  await client.connect();

  await assert.rejects(client.request('x.y', {}), (e) => e instanceof BusError && e.failureCode === 404
    && e.failureType === 'RECIPIENT_FAILURE' && e.message === 'no such thing');
});

test('no answer within the timeout rejects with TIMEOUT, and a late answer is ignored', async (t) => {
  let late;
  const bridge = await fakeBridge((frame, reply) => { late = () => reply({ type: 'message',
    address: frame.replyAddress, body: 'late' }); });
  const client = new BusClient({ port: bridge.port });
  t.after(() => { client.close(); bridge.close(); });
  await client.connect();

  await assert.rejects(client.request('x.y', {}, { timeoutMs: 50 }), (e) => e.failureType === 'TIMEOUT');
  late();
  assert.equal(client.pending.size, 0);
});

test('a registered handler answers a request from the bus, and its failure fails it', async (t) => {
  const bridge = await fakeBridge(() => {});
  const client = new BusClient({ port: bridge.port });
  t.after(() => { client.close(); bridge.close(); });
  client.register('notifications.list', (m) => {
    if (m.body.user === 'nobody') {
      throw Object.assign(new Error('no such user'), { failureCode: 404 });
    }
    return { items: [m.body.user] };
  });
  await client.connect();
  await until(() => bridge.frames.some((f) => f.type === 'register'), 'the register frame');

  const socket = bridge.sockets[0];
  socket.write(rawFrame({ type: 'message', address: 'notifications.list', replyAddress: '__vertx.reply.1',
    body: { user: 'u1' } }));
  socket.write(rawFrame({ type: 'message', address: 'notifications.list', replyAddress: '__vertx.reply.2',
    body: { user: 'nobody' } }));
  await until(() => bridge.frames.filter((f) => f.address?.startsWith('__vertx.reply.')).length === 2, 'answers');

  const answer = bridge.frames.find((f) => f.address === '__vertx.reply.1');
  assert.deepEqual(answer.body, { items: ['u1'] });
  assert.equal(answer.replyAddress, undefined, 'a reply expects no reply');
  const failure = bridge.frames.find((f) => f.address === '__vertx.reply.2');
  assert.equal(failure.failureCode, 404);
  assert.equal(failure.message, 'no such user');
});

test('when the connection drops, requests in flight fail at once; it reconnects and registers again', async (t) => {
  const bridge = await fakeBridge(() => {});
  const client = new BusClient({ port: bridge.port, minBackoffMs: 10, maxBackoffMs: 50 });
  t.after(() => { client.close(); bridge.close(); });
  client.register('notifications.read', () => 'ok');
  await client.connect();
  const inFlight = client.request('x.y', {}, { timeoutMs: 60_000 });
  await until(() => bridge.frames.some((f) => f.type === 'send'), 'the request');

  const again = once(client, 'connected');
  bridge.sockets[0].destroy();
  await assert.rejects(inFlight, (e) => e instanceof BusError && /dropped/.test(e.message));
  await again;
  await until(() => bridge.frames.filter((f) => f.type === 'register').length === 2, 'a second register');
  assert.equal(bridge.sockets.length, 2);
});

test('a socket that stops answering pings is dropped and opened again', async (t) => {
  let answerPings = false;
  const bridge = await fakeBridge((frame, reply) => {
    if (frame.type === 'ping' && answerPings) {
      reply({ type: 'pong' });
    }
  });
  const client = new BusClient({ port: bridge.port, pingMs: 30, minBackoffMs: 10, maxBackoffMs: 20 });
  t.after(() => { client.close(); bridge.close(); });
  await client.connect();
  await until(() => bridge.sockets.length === 2, 'a second connection');
  answerPings = true;
  const pings = () => bridge.frames.filter((f) => f.type === 'ping').length;
  const before = pings();
  await until(() => pings() >= before + 3, 'pings answered on the new socket');
  assert.equal(bridge.sockets.length, 2, 'answered pings keep the socket');
});

test('a frame past the size limit from the bridge drops the connection instead of buffering it', async (t) => {
  const bridge = await fakeBridge(() => {});
  const client = new BusClient({ port: bridge.port, minBackoffMs: 10, maxBackoffMs: 20 });
  t.after(() => { client.close(); bridge.close(); });
  await client.connect();
  const header = Buffer.alloc(4);
  header.writeUInt32BE(0x7fffffff, 0);
  bridge.sockets[0].write(header);
  await until(() => bridge.sockets.length === 2, 'a new connection');
});
