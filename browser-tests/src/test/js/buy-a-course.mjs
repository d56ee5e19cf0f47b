// A student's first visit, in a real Chromium: search the catalog, create an account, sign out and in again, buy a
// course and watch it become COMPLETED without reloading, see the bell count it live and read the notifications,
// then find it in the purchase history.
// Run by WebAppBrowserIT with CAMPUS_URL (the web app) and SCREENSHOTS (a folder); exits non-zero on any failure.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.CAMPUS_URL;
const screenshots = process.env.SCREENSHOTS;
const executablePath = process.env.CAMPUS_CHROMIUM || '/usr/bin/chromium';
const STEP_TIMEOUT = 15_000;

function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

function step(name) {
  console.log(`step: ${name}`);
}

mkdirSync(screenshots, { recursive: true });
const browser = await chromium.launch({
  executablePath,
  headless: true,
  // Chromium's own background traffic has nowhere to go on a closed network: keep it quiet.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  context.setDefaultTimeout(STEP_TIMEOUT);
  page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => { // failed requests are checked below, by address
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  const refused = [];
  page.on('response', (response) => {
    if (response.status() >= 400) refused.push(`${response.status()} ${new URL(response.url()).pathname}`);
  });
  const polls = [];
  page.on('request', (request) => {
    if (/\/api\/purchases\/[0-9a-f-]{36}$/.test(new URL(request.url()).pathname)) polls.push(request.url());
  });

  // The header in view and no ring framing the page: neither on arrival nor after a navigation.
  const settled = () => page.evaluate(() => {
    const focused = document.activeElement;
    return {
      scrollY: window.scrollY,
      brandVisible: document.querySelector('.brand').getBoundingClientRect().top >= 0,
      focused: focused === document.body ? 'body' : `${focused.tagName.toLowerCase()}#${focused.id}`,
      ring: focused === document.body ? 'none' : getComputedStyle(focused).outlineStyle,
    };
  });

  step('the catalog is the first page: the featured courses, and a way to all of them');
  await page.goto(`${base}/`);
  await page.getByRole('heading', { name: 'Courses', level: 1 }).waitFor();
  await page.getByText(/^Showing \d+ of \d+ courses$/).waitFor();
  const all = await page.locator('#courses > li').count();
  check(all >= 8, `the featured catalog lists courses (saw ${all})`);
  const arrival = await settled();
  check(arrival.scrollY === 0 && arrival.brandVisible, `the page opens at its header: ${JSON.stringify(arrival)}`);
  // Headless Chromium draws no ring on a programmatically focused <main> where a desktop one did: so the check is
  // that nothing is focused on arrival at all.
  check(arrival.focused === 'body' && arrival.ring === 'none', `no focus ring on arrival: ${JSON.stringify(arrival)}`);
  await page.keyboard.press('Tab'); // the first stop is "Skip to content"
  await page.keyboard.press('Enter');
  const skipped = await page.evaluate(() => ({ hash: location.hash, focused: document.activeElement.id }));
  check(skipped.focused === 'main' && skipped.hash === '',
    `the skip link moves focus to the page, not to a route: ${JSON.stringify(skipped)}`);
  const total = Number((await page.locator('#result-count').textContent()).match(/of (\d+) courses/)[1]);
  check(total > all, `more courses (${total}) than the featured ones (${all})`);
  await page.getByRole('link', { name: `See all ${total} courses` }).click();
  await page.waitForFunction((n) => document.querySelectorAll('#courses > li').length === Math.min(n, 20), total);
  const listed = total <= 20 ? `${total} courses` : `Showing 20 of ${total} courses`;
  await page.waitForFunction((text) => document.getElementById('result-count').textContent === text, listed);
  const navigated = await settled();
  check(navigated.scrollY === 0 && navigated.brandVisible, `the header stays in view: ${JSON.stringify(navigated)}`);
  check(navigated.focused.startsWith('h1') && navigated.ring === 'none',
    `focus moves to the new page's heading, without a ring: ${JSON.stringify(navigated)}`);
  await page.screenshot({ path: join(screenshots, 'all-courses.png') });

  step('search narrows the catalog');
  await page.getByLabel('Search courses').fill('java');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name: 'Java from Zero' }).waitFor();
  await page.waitForFunction((total) => document.querySelectorAll('#courses > li').length < total, all);
  const found = await page.locator('#courses > li').count();
  check(found >= 1 && found < all, `the search for "java" finds fewer courses than the catalog (${found} of ${all})`);

  step('a visitor creates an account');
  const email = `browser-${Date.now()}@example.org`;
  const password = 'correct horse battery staple';
  await page.getByRole('link', { name: 'Create account' }).click();
  await page.getByLabel('Name').fill('Bea Browser');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('alert').filter({ hasText: 'password' }).waitFor(); // a weak password is named, not lost
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('link', { name: 'My purchases' }).waitFor();
  await page.locator('#who').filter({ hasText: 'Bea Browser' }).waitFor();

  step('she signs out and signs in again');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not her password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('link', { name: 'My purchases' }).waitFor();

  step('her welcome waits under the bell');
  await page.waitForFunction(() => document.getElementById('unread')?.dataset.count === '1', null, { timeout: 30_000 });
  check(await page.locator('#unread').isVisible(), 'the bell shows 1 unread');
  const notificationPolls = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/me/notifications') notificationPolls.push(request.url());
  });

  step('she opens a course and buys it; its status changes live');
  await page.getByLabel('Search courses').fill('java');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name: 'Java from Zero' }).click();
  await page.getByRole('heading', { name: 'Java from Zero', level: 1 }).waitFor();
  // Remember every status the page shows, and mark the document: a reload would lose both.
  await page.evaluate(() => {
    window.campusStatuses = [];
    const status = document.getElementById('purchase-status');
    new MutationObserver(() => window.campusStatuses.push(status.dataset.status))
      .observe(status, { attributes: true, attributeFilter: ['data-status'] });
  });
  await page.getByRole('button', { name: 'Buy' }).click();
  await page.waitForFunction(() => document.getElementById('purchase-status')?.dataset.status === 'COMPLETED',
    null, { timeout: 30_000 });
  const statuses = await page.evaluate(() => window.campusStatuses);
  console.log(`statuses shown: ${statuses.join(' → ')}`);
  check(statuses[0] === 'PENDING', `the purchase is shown PENDING first (${statuses})`);
  check(statuses.at(-1) === 'COMPLETED', `and COMPLETED last (${statuses})`);
  check(polls.length === 0, `the status came over the event-bus bridge, not by polling (${polls})`);
  await page.getByRole('status').filter({ hasText: 'The course is yours' }).waitFor();
  await page.screenshot({ path: join(screenshots, 'purchase-completed.png'), fullPage: true });

  step('the bell counts her purchase live; she reads her notifications');
  await page.waitForFunction(() => document.getElementById('unread')?.dataset.count === '2', null, { timeout: 30_000 });
  check(notificationPolls.length === 0, `the count came over the event-bus bridge, not by polling (${notificationPolls})`);
  await page.getByRole('link', { name: /^Notifications/ }).click();
  await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
  const complete = page.locator('#notification-list li').filter({ hasText: 'Purchase complete' });
  await complete.waitFor();
  check((await complete.textContent()).includes('Java from Zero'), 'the notification names the course');
  check((await page.locator('#notification-list li.unread').count()) === 2, 'both are unread');
  await page.screenshot({ path: join(screenshots, 'notifications.png'), fullPage: true });
  await page.getByRole('button', { name: 'Mark all read' }).click();
  await page.waitForFunction(() => document.getElementById('unread')?.dataset.count === '0', null, { timeout: 10_000 });
  check(!(await page.locator('#unread').isVisible()), 'no count on the bell once all are read');
  check((await page.locator('#notification-list li.unread').count()) === 0, 'none is unread');

  step('the purchase is in her history, and the course shows as hers');
  await page.getByRole('link', { name: 'My purchases' }).click();
  const row = page.locator('#history tbody tr').filter({ hasText: 'Java from Zero' });
  await row.waitFor();
  check((await row.count()) === 1, 'one purchase of the course in the history');
  check((await row.locator('td').nth(2).textContent()) === 'COMPLETED', 'the history says COMPLETED');
  await page.screenshot({ path: join(screenshots, 'history.png'), fullPage: true });
  await row.getByRole('link', { name: 'Java from Zero' }).click();
  await page.getByText('You own this course.').waitFor();
  check(!(await page.getByRole('button', { name: 'Buy' }).isVisible()), 'no Buy button on an owned course');

  step('the API docs page renders the contract the API is validated against');
  await page.goto(`${base}/docs`);
  await page.getByRole('heading', { name: /Campus web API/ }).waitFor();
  await page.getByText('/purchases', { exact: true }).first().waitFor();
  await page.screenshot({ path: join(screenshots, 'api-docs.png') });

  check(problems.length === 0, `no script errors in the console: ${problems.join('; ')}`);
  // Only the two mistakes she made were refused: the weak password and the wrong one.
  check(JSON.stringify(refused) === JSON.stringify(['400 /api/auth/register', '401 /api/auth/login']),
    `no other request failed: ${refused}`);
  console.log('browser test passed');
} catch (error) {
  if (page) await page.screenshot({ path: join(screenshots, 'failure.png'), fullPage: true }).catch(() => {});
  console.error(error.stack || String(error));
  process.exitCode = 1;
} finally {
  await browser.close();
}
