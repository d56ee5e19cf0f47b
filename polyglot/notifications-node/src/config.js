// The service's settings, from the same CAMPUS_* variables the Java deployables read, bound and checked once at
// start: a wrong value stops the service with one clear line, never a half-started service.

/** A setting that is missing or wrong: main prints it and exits non-zero. */
export class InvalidSetting extends Error {
  constructor(name, reason) {
    super(`${name}: ${reason}`);
    this.name = 'InvalidSetting';
  }
}

const MIN_SECRET_LENGTH = 16;

function int(env, name, fallback, min) {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidSetting(name, `a whole number of at least ${min}, not "${raw}"`);
  }
  return value;
}

function port(env, name, fallback) {
  const value = int(env, name, fallback, 0);
  if (value > 65535) {
    throw new InvalidSetting(name, `a port (0-65535), not ${value}`);
  }
  return value;
}

/** The database: CAMPUS_NOTIFICATIONS_DB_URL as given, or database "notifications" on the CAMPUS_DB_URL server. */
function databaseUrl(env) {
  const own = env.CAMPUS_NOTIFICATIONS_DB_URL;
  if (own) {
    return own;
  }
  const server = env.CAMPUS_DB_URL;
  if (!server) {
    throw new InvalidSetting('CAMPUS_NOTIFICATIONS_DB_URL',
      'set it (or CAMPUS_DB_URL, a server on which the database "notifications" is used): the service keeps its '
      + 'notifications and checkpoints there');
  }
  let url;
  try {
    url = new URL(server);
  } catch {
    throw new InvalidSetting('CAMPUS_DB_URL', 'a postgresql:// URL');
  }
  url.pathname = '/notifications';
  return url.toString();
}

export function settingsFrom(env = process.env) {
  const secret = env.CAMPUS_BRIDGE_SECRET ?? '';
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new InvalidSetting('CAMPUS_BRIDGE_SECRET', `the bridge's secret, at least ${MIN_SECRET_LENGTH} characters`);
  }
  return {
    node: env.CAMPUS_NODE_NAME || `notifications-${process.pid}`,
    bridge: {
      host: env.CAMPUS_BRIDGE_HOST || '127.0.0.1',
      port: port(env, 'CAMPUS_BRIDGE_PORT', 7000),
      secret,
    },
    databaseUrl: databaseUrl(env),
    poolSize: int(env, 'CAMPUS_DB_POOL_SIZE', 4, 1),
    management: {
      host: env.CAMPUS_MANAGEMENT_HOST || '127.0.0.1',
      port: port(env, 'CAMPUS_MANAGEMENT_PORT', 9108),
    },
    consumer: {
      attempts: int(env, 'CAMPUS_CONSUMER_ATTEMPTS', 3, 1),
      firstBackoffMs: 100,
      catchUpMs: int(env, 'CAMPUS_CONSUMER_CATCH_UP_MS', 2000, 1),
      maxLag: int(env, 'CAMPUS_CONSUMER_MAX_LAG', 10000, 0),
    },
  };
}

/** The settings as a log line: never the secret, never the database password. */
export function describe(settings) {
  const db = new URL(settings.databaseUrl);
  if (db.password) {
    db.password = '****';
  }
  return `bridge ${settings.bridge.host}:${settings.bridge.port} (secret ****), database ${db}, management `
    + `${settings.management.host}:${settings.management.port}`;
}
