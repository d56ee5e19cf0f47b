// The service's own PostgreSQL database: created when missing, migrated at start (node-pg-migrate, SQL files in
// migrations/, waiting for another instance that migrates at the same moment), then one pool for everything else.

import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { runner } from 'node-pg-migrate';

const MIGRATIONS = fileURLToPath(new URL('../../migrations', import.meta.url));
const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

/** Errors of a server that is not there (yet): refused, starting up, shutting down, too many connections. */
export function isOutage(e) {
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', '57P01', '57P02', '57P03', '53300']
    .includes(e?.code) || /Connection terminated|timeout exceeded when trying to connect/.test(e?.message ?? '');
}

async function ensureDatabase(url) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const server = new URL(url);
  server.pathname = '/postgres';
  const client = new pg.Client({ connectionString: server.toString(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      // Two instances may create it at once: the loser finds it there.
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`).catch((e) => {
        if (e.code !== DUPLICATE_DATABASE && e.code !== UNIQUE_VIOLATION) {
          throw e;
        }
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * Creates (when missing) and migrates the database, trying again with a bounded backoff while its server does not
 * answer, and hands out a pool of `size` connections.
 */
export async function openDatabase(url, { size = 4, attempts = 10, log = console } = {}) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await ensureDatabase(url);
      await runner({
        databaseUrl: url, dir: MIGRATIONS, direction: 'up', migrationsTable: 'pgmigrations', count: Infinity,
        advisoryLockMode: 'wait', singleTransaction: true, log: (line) => log.debug?.(line),
      });
      break;
    } catch (e) {
      if (!isOutage(e) || attempt >= attempts) {
        throw e;
      }
      const wait = Math.min(5000, 200 * 2 ** (attempt - 1));
      log.warn(`database not reachable (${e.code ?? e.message}); trying again in ${wait} ms (${attempt}/${attempts})`);
      await sleep(wait);
    }
  }
  const pool = new pg.Pool({ connectionString: url, max: size, connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30000 });
  // An idle connection the server dropped (restart, outage): the pool opens another when asked; not a crash.
  pool.on('error', (e) => log.warn(`an idle database connection failed: ${e.message}`));
  return pool;
}

/** Runs work(client) in one transaction; rolls back on any failure and discards a connection that broke. */
export async function inTransaction(pool, work) {
  const client = await pool.connect();
  let broken;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch((rollback) => {
      broken = rollback;
    });
    throw e;
  } finally {
    client.release(broken);
  }
}
