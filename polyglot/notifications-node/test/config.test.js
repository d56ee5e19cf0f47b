import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describe, InvalidSetting, settingsFrom } from '../src/config.js';

const SECRET = 'a bridge secret of length';

test('the database is the service\'s own URL, or "notifications" on the configured server', () => {
  assert.equal(settingsFrom({ CAMPUS_BRIDGE_SECRET: SECRET, CAMPUS_DB_URL: 'postgresql://u:p@db:5432/x' }).databaseUrl,
    'postgresql://u:p@db:5432/notifications');
  assert.equal(settingsFrom({ CAMPUS_BRIDGE_SECRET: SECRET, CAMPUS_DB_URL: 'postgresql://db',
    CAMPUS_NOTIFICATIONS_DB_URL: 'postgresql://other/n' }).databaseUrl, 'postgresql://other/n');
});

test('a missing or wrong setting stops the start with its name', () => {
  assert.throws(() => settingsFrom({ CAMPUS_DB_URL: 'postgresql://db' }), /CAMPUS_BRIDGE_SECRET/);
  assert.throws(() => settingsFrom({ CAMPUS_BRIDGE_SECRET: 'short', CAMPUS_DB_URL: 'postgresql://db' }),
    /at least 16/);
  assert.throws(() => settingsFrom({ CAMPUS_BRIDGE_SECRET: SECRET }), /CAMPUS_NOTIFICATIONS_DB_URL/);
  assert.throws(() => settingsFrom({ CAMPUS_BRIDGE_SECRET: SECRET, CAMPUS_DB_URL: 'postgresql://db',
    CAMPUS_BRIDGE_PORT: '70000' }), (e) => e instanceof InvalidSetting && /CAMPUS_BRIDGE_PORT/.test(e.message));
  assert.throws(() => settingsFrom({ CAMPUS_BRIDGE_SECRET: SECRET, CAMPUS_DB_URL: 'postgresql://db',
    CAMPUS_CONSUMER_MAX_LAG: '-1' }), /CAMPUS_CONSUMER_MAX_LAG/);
});

test('the settings\' log line has neither the secret nor the database password', () => {
  const line = describe(settingsFrom({ CAMPUS_BRIDGE_SECRET: SECRET, CAMPUS_DB_URL: 'postgresql://u:hunter2@db' }));
  assert.ok(!line.includes(SECRET) && !line.includes('hunter2'), line);
});
