// What each domain event means to the notifications service, as plain data (effects), and how a notification reads.
// Pure functions: the store applies the effects in the transaction that moves the stream's checkpoint.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An event this service cannot read: applying it again will not help, so it goes to the dead letters. */
export class EventRejected extends Error {
  constructor(event, reason) {
    super(`${event.type} at ${event.stream}/${event.position}: ${reason}`);
    this.name = 'EventRejected';
  }
}

function uuid(event, field) {
  const value = event.payload?.[field];
  if (typeof value !== 'string' || !UUID.test(value)) {
    throw new EventRejected(event, `payload.${field} is not a UUID`);
  }
  return value.toLowerCase();
}

function text(event, field, { optional = false } = {}) {
  const value = event.payload?.[field];
  if (value === undefined || value === null) {
    if (optional) {
      return null;
    }
    throw new EventRejected(event, `payload.${field} is missing`);
  }
  if (typeof value !== 'string') {
    throw new EventRejected(event, `payload.${field} is not a string`);
  }
  return value;
}

function progress(event, kind) {
  const reason = text(event, 'reason', { optional: true });
  return [{ op: 'notify', userId: uuid(event, 'userId'), kind, purchaseId: uuid(event, 'purchaseId'),
    courseId: uuid(event, 'courseId'), params: reason ? { reason } : {} }];
}

const RULES = {
  'user.registered': (e) => [{ op: 'notify', userId: uuid(e, 'id'), kind: 'welcome',
    params: { name: text(e, 'name') } }],
  'course.published': (e) => [course(e)],
  'course.unpublished': (e) => [course(e)],
  'course.updated': (e) => [course(e), { op: 'notifyOwners', courseId: uuid(e, 'id'), kind: 'course-updated',
    params: { courseTitle: text(e, 'title') } }],
  'purchase.started': (e) => [{ op: 'purchase', id: uuid(e, 'purchaseId'), userId: uuid(e, 'userId'),
    courseId: uuid(e, 'courseId'), courseTitle: text(e, 'courseTitle') }],
  'payment.failed': (e) => progress(e, 'payment-declined'),
  'purchase.completed': (e) => progress(e, 'purchase-completed'),
  'purchase.refunded': (e) => progress(e, 'purchase-refunded'),
  'enrollment.granted': (e) => [{ op: 'own', userId: uuid(e, 'userId'), courseId: uuid(e, 'courseId') }],
};

function course(e) {
  const published = e.payload?.published;
  if (typeof published !== 'boolean') {
    throw new EventRejected(e, 'payload.published is not a boolean');
  }
  return { op: 'course', id: uuid(e, 'id'), title: text(e, 'title'), published };
}

/** The event types this service reads; any other (user.profile-changed, payment.succeeded, ...) changes nothing. */
export const EVENT_TYPES = Object.freeze(Object.keys(RULES));

/** The effects of one event envelope, in order; [] for an event this service does not care about. */
export function effectsOf(event) {
  const rule = RULES[event.type];
  return rule ? rule(event) : [];
}

/** The words of a notification, from its kind and what was known when it was made. */
export function render(kind, params = {}) {
  const title = params.courseTitle ?? 'a course';
  switch (kind) {
    case 'welcome':
      return { title: 'Welcome to Campus', body: `Hello ${params.name ?? 'there'}, your account is ready.` };
    case 'purchase-completed':
      return { title: 'Purchase complete', body: `Your purchase of ${title} is complete: the course is yours.` };
    case 'payment-declined':
      return { title: 'Payment declined',
        body: `Your payment for ${title} was declined${params.reason ? `: ${params.reason}` : ''}.` };
    case 'purchase-refunded':
      return { title: 'Refunded',
        body: `Your purchase of ${title} was refunded${params.reason ? `: ${params.reason}` : ''}.` };
    case 'course-updated':
      return { title: 'Course updated', body: `${title}, a course you own, was updated.` };
    default:
      return { title: 'Notification', body: '' };
  }
}
