// The Campus web app: a few views over bff-web's API, hash-routed, no framework. This module routes; api.js talks to
// the API, live.js keeps the live-update connection, session.js signs in and out, views.js renders the pages,
// notifications.js keeps the bell.
import { onUnauthorized, session } from './api.js';
import { live } from './live.js';
import { notificationsPage, refreshUnread } from './notifications.js';
import { renderSession, signOut } from './session.js';
import { coursePage, historyPage, home, loginPage, registerPage, showError } from './views.js';

const main = document.getElementById('main');
const notice = document.getElementById('degraded');
let firstLoad = true;

onUnauthorized(signOut); // the token expired or its key was retired: the user signs in again

// The skip link moves focus to the page, not to a route called "main".
document.querySelector('.skip').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  location.hash = '#/';
});

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
    else if (parts[0] === 'notifications') await notificationsPage();
    else await home(params.get('q'), Math.max(0, Number.parseInt(params.get('page'), 10) || 0));
  } catch (e) {
    if (e.status === 404) {
      main.replaceChildren(Object.assign(document.createElement('h1'), { textContent: 'Not found' }));
    } else if (e.status === 503 || e.status === 0) {
      showError(`This part of Campus is unavailable right now: ${e.message}`);
    } else {
      showError(e.message);
    }
  }
  arrived();
}

/**
 * After a navigation, a screen reader starts at the new page's heading: focus moves there, without scrolling (the
 * header stays in view) and without a ring (a heading is not something to operate). A fresh load leaves focus where
 * the browser puts it, at the top of the document.
 */
function arrived() {
  if (firstLoad) {
    firstLoad = false;
    return;
  }
  window.scrollTo(0, 0);
  const target = main.querySelector('h1') || main;
  target.setAttribute('tabindex', '-1');
  target.focus({ preventScroll: true });
}

window.addEventListener('hashchange', route);
renderSession();
if (session.token) {
  live.connect(session.token);
  refreshUnread();
}
route();
