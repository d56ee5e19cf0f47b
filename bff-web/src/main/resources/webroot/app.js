// The Campus web app: a few views over bff-web's API, hash-routed, no framework. Every text from the API is set
// with textContent, never parsed as HTML.

const main = document.getElementById('main');
const notice = document.getElementById('degraded');
const session = {
  get token() { return sessionStorage.getItem('campus.token'); },
  set token(value) { value ? sessionStorage.setItem('campus.token', value) : sessionStorage.removeItem('campus.token'); },
};
const SERVICE_NAMES = { courses: 'the catalog', users: 'your account', 'purchase-history': 'your purchases',
  payments: 'payments' };

// ---- API ----------------------------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

async function api(path, { method = 'GET', body, headers = {} } = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (session.token) init.headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, { detail: 'Campus cannot be reached. Check your connection and try again.' });
  }
  const json = response.status === 204 ? null : await response.json().catch(() => ({}));
  if (response.status === 401 && session.token && !path.startsWith('/api/auth/')) {
    signOut(); // the token expired or its key was retired: the user signs in again
  }
  if (!response.ok) throw new ApiError(response.status, json || {});
  return json;
}

// ---- helpers ------------------------------------------------------------------------------------------------

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

function showDegraded(degraded) {
  const parts = (degraded || []).map((service) => SERVICE_NAMES[service] || service);
  notice.hidden = parts.length === 0;
  notice.textContent = parts.length === 0 ? ''
    : `Some of this page is unavailable right now (${parts.join(', ')}). The rest works; try again in a moment.`;
}

function showError(message) {
  notice.hidden = false;
  notice.textContent = message;
}

function userIdOf(token) {
  const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(atob(payload)).sub;
}

// ---- live updates over the SockJS event-bus bridge ----------------------------------------------------------

const live = {
  bus: null,
  listeners: new Set(),
  get open() { return this.bus !== null && this.bus.state === EventBus.OPEN; },

  connect(token) {
    this.disconnect();
    const bus = new EventBus('/eventbus');
    bus.enableReconnect(true);
    bus.onopen = () => {
      bus.registerHandler(`campus.user.${userIdOf(token)}`, { Authorization: `Bearer ${token}` }, (error, message) => {
        if (!error) this.listeners.forEach((listener) => listener(message.body));
      });
    };
    bus.onerror = () => {}; // a refused registration (expired token) leaves the page on its fallback
    this.bus = bus;
  },

  disconnect() {
    if (this.bus) this.bus.close();
    this.bus = null;
  },

  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  },
};

// ---- session ------------------------------------------------------------------------------------------------

function renderSession() {
  const signedIn = Boolean(session.token);
  document.querySelectorAll('[data-signed-in]').forEach((el) => { el.hidden = !signedIn; });
  document.querySelectorAll('[data-signed-out]').forEach((el) => { el.hidden = signedIn; });
  document.getElementById('who').textContent = signedIn ? sessionStorage.getItem('campus.name') || '' : '';
}

function signIn(token, name) {
  session.token = token;
  sessionStorage.setItem('campus.name', name || '');
  live.connect(token);
  renderSession();
}

function signOut() {
  session.token = null;
  sessionStorage.removeItem('campus.name');
  live.disconnect();
  renderSession();
}

document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  location.hash = '#/';
});

// ---- views --------------------------------------------------------------------------------------------------

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

function listCourses(root, page) {
  const list = root.querySelector('#courses');
  list.replaceChildren(...page.items.map(courseCard));
  root.querySelector('#result-count').textContent =
    page.total === 1 ? '1 course' : `${page.total} courses`;
}

async function home(query) {
  const root = view('home-view');
  const input = root.querySelector('#q');
  input.value = query || '';
  root.querySelector('#search').addEventListener('submit', (event) => {
    event.preventDefault();
    const q = input.value.trim();
    location.hash = q ? `#/?q=${encodeURIComponent(q)}` : '#/';
  });
  if (query) {
    const page = await api(`/api/courses?q=${encodeURIComponent(query)}&size=50`);
    listCourses(root, page);
    showDegraded([]);
    return;
  }
  const answer = await api('/api/home');
  showDegraded(answer.degraded);
  if (answer.catalog) {
    listCourses(root, answer.catalog);
  } else {
    root.querySelector('#result-count').textContent = 'The catalog is unavailable right now.';
  }
  if (answer.profile) sessionStorage.setItem('campus.name', answer.profile.name);
  renderSession();
}

async function coursePage(slug) {
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

function loginPage() {
  formPage('login-view', login);
}

function registerPage() {
  formPage('register-view', async ({ name, email, password }) => {
    await api('/api/auth/register', { method: 'POST', body: { name, email, password } });
    await login({ email, password });
  });
}

async function historyPage() {
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

// ---- routing ------------------------------------------------------------------------------------------------

async function route() {
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query || '');
  const parts = (path || '/').split('/').filter(Boolean);
  document.title = 'Campus';
  notice.hidden = true;
  try {
    if (parts[0] === 'courses' && parts[1]) await coursePage(decodeURIComponent(parts[1]));
    else if (parts[0] === 'login') loginPage();
    else if (parts[0] === 'register') registerPage();
    else if (parts[0] === 'history') await historyPage();
    else await home(params.get('q'));
  } catch (e) {
    if (e.status === 404) {
      main.replaceChildren(Object.assign(document.createElement('h1'), { textContent: 'Not found' }));
    } else if (e.status === 503 || e.status === 0) {
      showError(`This part of Campus is unavailable right now: ${e.message}`);
    } else {
      showError(e.message);
    }
  }
  main.focus();
}

window.addEventListener('hashchange', route);
renderSession();
if (session.token) live.connect(session.token);
route();
