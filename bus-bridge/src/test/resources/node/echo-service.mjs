// A service in Node.js on the bus through the bridge, for NodeClientIT: it announces "notifications", answers
// notifications.echo with what it was sent and what a Java service answered it, and prints "ready" once it serves.
// argv: the client module's path, the bridge's port; the secret comes in CAMPUS_BRIDGE_SECRET.
const [, , clientPath, port] = process.argv;
const { BusClient } = await import(clientPath);

const bus = new BusClient({ port: Number(port), secret: process.env.CAMPUS_BRIDGE_SECRET, pingMs: 1000 });
bus.on('warning', (w) => console.error(w));
bus.register('notifications.echo', async (m) => {
  const replay = await bus.request('events.courses.replay', { after: m.body.after });
  return { echo: m.body, replay, headers: m.headers };
});
await bus.connect();
await bus.request('bridge.records', { service: 'notifications', capabilities: ['impact'] });
console.log('ready');
