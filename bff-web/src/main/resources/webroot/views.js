// The views of the Campus web app, each rendered from a <template> of index.html into <main>. Every text from the
// API is set with textContent, never parsed as HTML.
import { api, session } from './api.js';
import { live } from './live.js';
import { showUnread } from './notifications.js';
import { renderSession, signIn } from './session.js';

const main = document.getElementById('main');
const notice = document.getElementById('degraded');
const SERVICE_NAMES = { courses: 'the catalog', users: 'your account', 'purchase-history': 'your purchases',
  payments: 'payments', notifications: 'your notifications' };

function view(id) {
  const fragment = document.getElementById(id).content.cloneNode(true);
  main.replaceChildren(fragment);
  return main;
}

function field(root, name) {
  return root.querySelector(`[data-field="${name}"]`);
}

function price({ amount, currency }) {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount / 100);
}

export function showDegraded(degraded) {
  const parts = (degraded || []).map((service) => SERVICE_NAMES[service] || service);
  notice.hidden = parts.length === 0;
  notice.textContent = parts.length === 0 ? ''
    : `Some of this page is unavailable right now (${parts.join(', ')}). The rest works; try again in a moment.`;
}

export function showError(message) {
  notice.hidden = false;
  notice.textContent = message;
}

function courseCard(course) {
  const card = document.getElementById('course-card').content.cloneNode(true);
  const link = field(card, 'link');
  link.href = `#/courses/${encodeURIComponent(course.slug)}`;
  link.textContent = course.title;
  field(card, 'summary').textContent = course.summary;
  field(card, 'author').textContent = course.author;
  field(card, 'level').textContent = course.level.toLowerCase();
  field(card, 'price').textContent = price(course.price);
  return card;
}

const PAGE_SIZE = 20;

function catalogLink(query, page, text) {
  const params = new URLSearchParams();
  if (query) params.set('q', query);
  params.set('page', String(page));
  return Object.assign(document.createElement('a'), { href: `#/?${params}`, textContent: text });
}

/** The courses of a page, how many there are in all, and the links to the rest when they do not fit. */
function listCourses(root, page, links) {
  root.querySelector('#courses').replaceChildren(...page.items.map(courseCard));
  const total = page.total === 1 ? '1 course' : `${page.total} courses`;
  root.querySelector('#result-count').textContent =
    page.items.length < page.total ? `Showing ${page.items.length} of ${total}` : total;
  const nav = root.querySelector('#pages');
  nav.replaceChildren(...links);
  nav.hidden = links.length === 0;
}

/** The catalog (or a search) a page at a time, with Previous and Next. */
async function catalogPage(root, query, number) {
  const params = new URLSearchParams({ page: String(number), size: String(PAGE_SIZE) });
  if (query) params.set('q', query);
  const page = await api(`/api/courses?${params}`);
  const last = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
  if (number > last) { // an old or edited link: show the last page there is
    location.replace(catalogLink(query, last, '').href);
    return;
  }
  const links = [];
  if (number > 1) links.push(catalogLink(query, number - 1, 'Previous page'));
  if (last > 1) links.push(Object.assign(document.createElement('span'), { textContent: `Page ${number} of ${last}` }));
  if (number < last) links.push(catalogLink(query, number + 1, 'Next page'));
  listCourses(root, page, links);
  showDegraded([]);
}

export async function home(query, number) {
  const root = view('home-view');
  const input = root.querySelector('#q');
  input.value = query || '';
  root.querySelector('#search').addEventListener('submit', (event) => {
    event.preventDefault();
    const q = input.value.trim();
    location.hash = q ? `#/?q=${encodeURIComponent(q)}` : '#/';
  });
  if (query || number) {
    await catalogPage(root, query, number || 1);
    return;
  }
  const answer = await api('/api/home');
  showDegraded(answer.degraded);
  if (answer.catalog) {
    const more = answer.catalog.items.length < answer.catalog.total;
    listCourses(root, answer.catalog, more ? [catalogLink(null, 1, `See all ${answer.catalog.total} courses`)] : []);
  } else {
    root.querySelector('#result-count').textContent = 'The catalog is unavailable right now.';
  }
  if (answer.profile) sessionStorage.setItem('campus.name', answer.profile.name);
  if (answer.notifications) showUnread(answer.notifications.unread);
  renderSession();
}

export async function coursePage(slug) {
  const course = await api(`/api/courses/${encodeURIComponent(slug)}`);
  const root = view('course-view');
  document.title = `${course.title} · Campus`;
  field(root, 'title').textContent = course.title;
  field(root, 'author').textContent = course.author;
  field(root, 'level').textContent = course.level.toLowerCase();
  field(root, 'summary').textContent = course.summary;
  field(root, 'price').textContent = price(course.price);
  showDegraded(course.degraded);
  const buy = root.querySelector('#buy');
  if (!session.token) {
    field(root, 'sign-in-to-buy').hidden = false;
  } else if (course.owned) {
    field(root, 'owned').hidden = false;
  } else {
    buy.hidden = false; // also when ownership is unknown (degraded): buying twice is refused by the service
    buy.addEventListener('click', () => purchase(course, buy, root.querySelector('#purchase-status')));
  }
}

const STATUS_TEXT = {
  PENDING: 'Payment pending…',
  PAID: 'Paid, enrolling you…',
  COMPLETED: 'Purchase complete. The course is yours.',
  FAILED: 'The payment failed.',
  REFUNDED: 'The payment was refunded.',
};

function showStatus(element, status, reason) {
  element.dataset.status = status;
  element.className = `status-${status}`;
  element.textContent = `${status}: ${STATUS_TEXT[status] || ''}${reason ? ` (${reason})` : ''}`;
}

async function purchase(course, button, status) {
  button.disabled = true;
  const show = (state, reason) => {
    showStatus(status, state, reason);
    button.hidden = state === 'COMPLETED';
    button.disabled = !['FAILED', 'REFUNDED'].includes(state); // a failed payment may be tried again
    if (['COMPLETED', 'FAILED', 'REFUNDED'].includes(state)) stop();
  };
  const updates = [];
  let purchaseId = null;
  // Listen before asking, so an update that overtakes the 202 is not lost.
  const stop = live.subscribe((update) => {
    if (purchaseId === null) updates.push(update);
    else if (update.purchaseId === purchaseId) show(update.status, update.reason);
  });
  try {
    const started = await api('/api/purchases', {
      method: 'POST', body: { courseId: course.id }, headers: { 'Idempotency-Key': crypto.randomUUID() },
    });
    purchaseId = started.purchaseId;
    show(started.status);
    updates.filter((u) => u.purchaseId === purchaseId).forEach((u) => show(u.status, u.reason));
    if (!live.open) follow(purchaseId, show, stop);
  } catch (e) {
    stop();
    button.disabled = false;
    status.className = 'error';
    status.textContent = e.message;
  }
}

// Without the live connection the page asks every two seconds until the purchase is settled.
async function follow(purchaseId, show, stop) {
  showError('Live updates are unavailable; checking the purchase every few seconds.');
  let state = 'PENDING';
  for (let attempt = 0; attempt < 60 && !['COMPLETED', 'FAILED', 'REFUNDED'].includes(state); attempt += 1) {
    await new Promise((resolve) => { setTimeout(resolve, 2000); });
    const current = await api(`/api/purchases/${purchaseId}`).catch(() => null);
    if (current) {
      state = current.status;
      show(current.status, current.reason);
    }
  }
  stop();
}

function formPage(id, submit) {
  const root = view(id);
  const form = root.querySelector('form');
  const error = form.querySelector('.error');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    error.textContent = '';
    try {
      await submit(Object.fromEntries(new FormData(form)));
    } catch (e) {
      const fields = (e.problem?.errors || []).map((f) => `${f.name}: ${f.reason}`).join('; ');
      error.textContent = fields ? `${e.message} (${fields})` : e.message;
      button.disabled = false;
    }
  });
}

async function login({ email, password }) {
  const answer = await api('/api/auth/login', { method: 'POST', body: { email, password } });
  signIn(answer.accessToken, '');
  location.hash = '#/';
}

export function loginPage() {
  formPage('login-view', login);
}

export function registerPage() {
  formPage('register-view', async ({ name, email, password }) => {
    await api('/api/auth/register', { method: 'POST', body: { name, email, password } });
    await login({ email, password });
  });
}

export async function historyPage() {
  if (!session.token) {
    location.hash = '#/login';
    return;
  }
  const page = await api('/api/me/purchases?size=50');
  const root = view('history-view');
  const rows = page.items.map((item) => {
    const row = document.createElement('tr');
    const link = document.createElement('a');
    link.href = `#/courses/${encodeURIComponent(item.courseSlug)}`;
    link.textContent = item.courseTitle;
    const cells = [link, price(item.price), item.status, new Date(item.startedAt).toLocaleString()];
    cells.forEach((content) => {
      const cell = document.createElement('td');
      cell.append(content);
      row.append(cell);
    });
    row.children[2].className = `status-${item.status}`;
    return row;
  });
  root.querySelector('tbody').replaceChildren(...rows);
  root.querySelector('#history-empty').hidden = rows.length > 0;
  showDegraded([]);
}
