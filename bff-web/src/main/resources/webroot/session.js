// Signing in and out: the token, the live connection, and the header's signed-in and signed-out links.
import { session } from './api.js';
import { live } from './live.js';
import { refreshUnread, showUnread } from './notifications.js';

export function renderSession() {
  const signedIn = Boolean(session.token);
  document.querySelectorAll('[data-signed-in]').forEach((el) => { el.hidden = !signedIn; });
  document.querySelectorAll('[data-signed-out]').forEach((el) => { el.hidden = signedIn; });
  document.getElementById('who').textContent = signedIn ? sessionStorage.getItem('campus.name') || '' : '';
}

export function signIn(token, name) {
  session.token = token;
  sessionStorage.setItem('campus.name', name || '');
  live.connect(token);
  renderSession();
  refreshUnread();
}

export function signOut() {
  session.token = null;
  sessionStorage.removeItem('campus.name');
  live.disconnect();
  showUnread(null);
  renderSession();
}
