// The notifications' SQL: applying an event's effects (in the consumer's transaction), and what the endpoints read
// and change. Every statement is one of these constants, so pg prepares each once per connection.

import { render } from './projection.js';

// Microseconds and Z, as Java writes an Instant: the page cursor must compare exactly what it saw.
const AT = `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const COLUMNS = `id, user_id, kind, params, course_id, purchase_id, ${AT} AS created, read_at IS NOT NULL AS read`;

const SQL = {
  course: { name: 'course', text: `INSERT INTO course (id, title, published) VALUES ($1, $2, $3)
    ON CONFLICT (id) DO UPDATE SET title = excluded.title, published = excluded.published` },
  purchase: { name: 'purchase', text: `INSERT INTO purchase (id, user_id, course_id, course_title)
    VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING` },
  own: { name: 'own', text: 'INSERT INTO ownership (user_id, course_id) VALUES ($1, $2) ON CONFLICT DO NOTHING' },
  // The course's title as the purchase recorded it (the price and title at purchase time), else the catalog's.
  notify: { name: 'notify', text: `INSERT INTO notification
      (id, user_id, kind, params, course_id, purchase_id, event_id, created_at)
    SELECT gen_random_uuid(), $1, $2,
      coalesce((SELECT jsonb_build_object('courseTitle', course_title) FROM purchase WHERE id = $5),
               (SELECT jsonb_build_object('courseTitle', title) FROM course WHERE id = $4), '{}') || $3::jsonb,
      $4, $5, $6, $7
    ON CONFLICT (event_id, user_id) DO NOTHING RETURNING ${COLUMNS}` },
  notifyOwners: { name: 'notify-owners', text: `INSERT INTO notification
      (id, user_id, kind, params, course_id, purchase_id, event_id, created_at)
    SELECT gen_random_uuid(), user_id, $2, $3::jsonb, $1, NULL, $4, $5 FROM ownership WHERE course_id = $1
    ON CONFLICT (event_id, user_id) DO NOTHING RETURNING ${COLUMNS}` },
  page: { name: 'page', text: `SELECT ${COLUMNS} FROM notification
    WHERE user_id = $1 AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
      AND (NOT $4 OR read_at IS NULL)
    ORDER BY created_at DESC, id DESC LIMIT $5` },
  unread: { name: 'unread', text: 'SELECT count(*)::int AS unread FROM notification WHERE user_id = $1 AND read_at IS NULL' },
  read: { name: 'read', text: `UPDATE notification SET read_at = clock_timestamp()
    WHERE user_id = $1 AND read_at IS NULL AND ($3 OR id = ANY($2::uuid[]))` },
};

/** A notification as the bus answers it. */
export function toNotification(row) {
  const words = render(row.kind, row.params);
  return { id: row.id, kind: row.kind, title: words.title, body: words.body, courseId: row.course_id ?? null,
    purchaseId: row.purchase_id ?? null, createdAt: row.created, read: row.read };
}

const made = (row) => ({ userId: row.user_id, notification: toNotification(row) });

/**
 * Applies one event's effects with client (inside the consumer's transaction); resolves with the notifications it
 * created ({userId, notification}), for the live push after the commit.
 */
export async function applyEffects(client, event, effects) {
  const created = [];
  for (const effect of effects) {
    switch (effect.op) {
      case 'course':
        await client.query({ ...SQL.course, values: [effect.id, effect.title, effect.published] });
        break;
      case 'purchase':
        await client.query({ ...SQL.purchase, values: [effect.id, effect.userId, effect.courseId, effect.courseTitle] });
        break;
      case 'own':
        await client.query({ ...SQL.own, values: [effect.userId, effect.courseId] });
        break;
      case 'notify': {
        const rows = await client.query({ ...SQL.notify, values: [effect.userId, effect.kind,
          JSON.stringify(effect.params), effect.courseId ?? null, effect.purchaseId ?? null, event.eventId,
          event.occurredAt] });
        created.push(...rows.rows.map(made));
        break;
      }
      case 'notifyOwners': {
        const rows = await client.query({ ...SQL.notifyOwners, values: [effect.courseId, effect.kind,
          JSON.stringify(effect.params), event.eventId, event.occurredAt] });
        created.push(...rows.rows.map(made));
        break;
      }
      default:
        throw new Error(`unknown effect ${effect.op}`);
    }
  }
  return created;
}

/** A page of a user's notifications, newest first, from after the cursor's; `limit + 1` rows tell if there are more. */
export async function page(db, userId, { before = null, limit, unreadOnly = false }) {
  const rows = await db.query({ ...SQL.page, values: [userId, before?.createdAt ?? null, before?.id ?? null,
    unreadOnly, limit + 1] });
  return rows.rows.map(toNotification);
}

export async function unreadCount(db, userId) {
  const rows = await db.query({ ...SQL.unread, values: [userId] });
  return rows.rows[0].unread;
}

/** Marks the given notifications of the user (or all of them) read; resolves with how many changed. */
export async function markRead(db, userId, { ids = [], all = false }) {
  const result = await db.query({ ...SQL.read, values: [userId, ids, all] });
  return result.rowCount;
}
