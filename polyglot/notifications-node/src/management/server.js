// The management port, as every Campus deployable has one: /health/live (the process answers), /health/ready (every
// check UP, in the shape Vert.x health checks answer), and /metrics for Prometheus (prom-client).

import http from 'node:http';
import client from 'prom-client';

/** The metrics of this process, named as the Java consumers' are, so one dashboard reads both. */
export function createMetrics(consumer) {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  const perStream = (name, help, pick) => new client.Gauge({ name, help, labelNames: ['consumer', 'stream'],
    registers: [registry], collect() {
      for (const [stream, s] of Object.entries(consumer.status().streams)) {
        this.set({ consumer: consumer.name, stream }, pick(s));
      }
    } });
  perStream('campus_consumer_position', 'last position applied', (s) => s.position);
  perStream('campus_consumer_lag', 'events behind the stream\'s head', (s) => s.lag);
  new client.Gauge({ name: 'campus_consumer_dead_letters', help: 'events set aside after failing',
    labelNames: ['consumer'], registers: [registry],
    collect() { this.set({ consumer: consumer.name }, consumer.status().deadLetters); } });
  const delay = new client.Summary({ name: 'campus_consumer_delay_seconds',
    help: 'from the producer\'s commit to applied here', labelNames: ['consumer', 'stream'],
    percentiles: [0.5, 0.99], maxAgeSeconds: 60, ageBuckets: 5, registers: [registry] });
  const created = new client.Counter({ name: 'campus_notifications_created_total', help: 'notifications made',
    labelNames: ['kind'], registers: [registry] });
  const answered = new client.Counter({ name: 'campus_endpoint_answers_total',
    help: 'bus requests answered, by address and outcome', labelNames: ['address', 'outcome'], registers: [registry] });
  return { registry, delay, created, answered };
}

/**
 * @param {object} o
 * @param {{host: string, port: number}} o.settings where it listens
 * @param {Record<string, () => Promise<{up: boolean, data?: object}>>} o.checks the readiness checks by id
 * @param {import('prom-client').Registry} o.registry
 */
export function startManagement({ settings, checks, registry }) {
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url, 'http://localhost').pathname;
    if (req.method !== 'GET') {
      return send(res, 405, 'application/problem+json', { type: 'about:blank', title: 'Method Not Allowed',
        status: 405 });
    }
    if (path === '/health/live') {
      return send(res, 200, 'application/json', { status: 'UP', checks: [], outcome: 'UP' });
    }
    if (path === '/health/ready' || path === '/health') {
      const results = await Promise.all(Object.entries(checks).map(async ([id, check]) => {
        try {
          const { up, data } = await check();
          return { id, status: up ? 'UP' : 'DOWN', ...(data ? { data } : {}) };
        } catch (e) {
          return { id, status: 'DOWN', data: { cause: e.message } };
        }
      }));
      const up = results.every((r) => r.status === 'UP');
      return send(res, up ? 200 : 503, 'application/json', { status: up ? 'UP' : 'DOWN', checks: results,
        outcome: up ? 'UP' : 'DOWN' });
    }
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': registry.contentType });
      return res.end(await registry.metrics());
    }
    return send(res, 404, 'application/problem+json', { type: 'about:blank', title: 'Not Found', status: 404 });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve(server));
  });
}

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type });
  res.end(JSON.stringify(body));
}
