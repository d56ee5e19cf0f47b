// The bell: the unread count in the header, kept live by the event-bus bridge (a new notification arrives as
// {notification, unread}, a read elsewhere as {unread}), and the notifications page. No polling.
import { api, session } from './api.js';
import { live } from './live.js';

const main = document.getElementById('main');
const badge = document.getElementById('unread');

/** Shows the count (a number), or nothing when it is 0 or not known (the service is down, or there is none). */
export function showUnread(count) {
  const known = Number.isInteger(count) && count > 0;
  badge.hidden = !known;
  badge.textContent = known ? String(count) : '';
  badge.dataset.count = Number.isInteger(count) ? String(count) : '';
  document.getElementById('bell').setAttribute('aria-label', known ? `Notifications, ${count} unread` : 'Notifications');
}

/** Asks for the count (signed in only); a service that does not answer leaves the bell without one. */
export async function refreshUnread() {
  if (!session.token) {
    showUnread(null);
    return;
  }
  try {
    showUnread((await api('/api/me/notifications?limit=1')).unread);
  } catch {
    showUnread(null);
  }
}

live.subscribe((body) => {
  if (!Number.isInteger(body?.unread)) return; // a purchase's status, for the course page
  showUnread(body.unread);
  if (body.notification && document.getElementById('notification-list')) {
    document.getElementById('notification-list').prepend(item(body.notification));
    document.getElementById('notifications-empty').hidden = true;
  }
});

function item(notification) {
  const row = document.getElementById('notification-item').content.cloneNode(true).firstElementChild;
  row.dataset.id = notification.id;
  row.querySelector('[data-field="title"]').textContent = notification.title;
  row.querySelector('[data-field="body"]').textContent = notification.body;
  const at = row.querySelector('[data-field="at"]');
  at.dateTime = notification.createdAt;
  at.textContent = new Date(notification.createdAt).toLocaleString();
  const read = row.querySelector('[data-field="read"]');
  row.classList.toggle('unread', !notification.read);
  read.hidden = notification.read;
  read.addEventListener('click', async () => {
    const answer = await api('/api/me/notifications/read', { method: 'POST', body: { ids: [notification.id] } });
    row.classList.remove('unread');
    read.hidden = true;
    showUnread(answer.unread);
  });
  return row;
}

export async function notificationsPage() {
  if (!session.token) {
    location.hash = '#/login';
    return;
  }
  const page = await api('/api/me/notifications?limit=50');
  main.replaceChildren(document.getElementById('notifications-view').content.cloneNode(true));
  document.getElementById('notification-list').replaceChildren(...page.items.map(item));
  document.getElementById('notifications-empty').hidden = page.items.length > 0;
  showUnread(page.unread);
  document.getElementById('read-all').addEventListener('click', async () => {
    const answer = await api('/api/me/notifications/read', { method: 'POST', body: { all: true } });
    main.querySelectorAll('.notifications li.unread').forEach((row) => {
      row.classList.remove('unread');
      row.querySelector('[data-field="read"]').hidden = true;
    });
    showUnread(answer.unread);
  });
}
