import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_TYPES, EventRejected, effectsOf, render } from '../src/notifications/projection.js';

const USER = '7d4f3c1e-2b9a-4c8d-9e0f-1a2b3c4d5e6f';
const COURSE = '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const PURCHASE = 'aa0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';

function event(type, payload, stream = 'payments') {
  return { eventId: 'e0e0e0e0-1111-4222-8333-444455556666', stream, position: 7, type,
    occurredAt: '2026-12-07T10:00:00.000000Z', payload };
}

const progress = (reason = null) => ({ purchaseId: PURCHASE, userId: USER, courseId: COURSE, reason,
  at: '2026-12-07T10:00:00Z' });

test('a completed purchase tells its buyer, about that purchase and course', () => {
  assert.deepEqual(effectsOf(event('purchase.completed', progress())), [{ op: 'notify', userId: USER,
    kind: 'purchase-completed', purchaseId: PURCHASE, courseId: COURSE, params: {} }]);
});

test('a declined payment carries its reason; a refund too', () => {
  assert.deepEqual(effectsOf(event('payment.failed', progress('card declined')))[0].params,
    { reason: 'card declined' });
  assert.equal(effectsOf(event('payment.failed', progress('card declined')))[0].kind, 'payment-declined');
  assert.equal(effectsOf(event('purchase.refunded', progress('enrollment refused')))[0].kind, 'purchase-refunded');
});

test('a started purchase is remembered (its course title), not notified', () => {
  assert.deepEqual(effectsOf(event('purchase.started', { purchaseId: PURCHASE, userId: USER, courseId: COURSE,
    courseSlug: 'sql', courseTitle: 'SQL for people', price: { amount: '10.00', currency: 'EUR' },
    startedAt: '2026-12-07T10:00:00Z' })), [{ op: 'purchase', id: PURCHASE, userId: USER, courseId: COURSE,
    courseTitle: 'SQL for people' }]);
});

test('a new user is welcomed by name', () => {
  const [welcome] = effectsOf(event('user.registered', { id: USER, email: 'a@b.c', name: 'Ada',
    registeredAt: '2026-12-07T10:00:00Z' }, 'users'));
  assert.deepEqual(welcome, { op: 'notify', userId: USER, kind: 'welcome', params: { name: 'Ada' } });
});

test('an updated course keeps its title and tells every owner; a grant makes an owner', () => {
  const course = { id: COURSE, slug: 'sql', title: 'SQL, second edition', published: true, tags: [] };
  assert.deepEqual(effectsOf(event('course.updated', course, 'courses')), [
    { op: 'course', id: COURSE, title: 'SQL, second edition', published: true },
    { op: 'notifyOwners', courseId: COURSE, kind: 'course-updated', params: { courseTitle: 'SQL, second edition' } },
  ]);
  assert.deepEqual(effectsOf(event('course.unpublished', { ...course, published: false }, 'courses')),
    [{ op: 'course', id: COURSE, title: 'SQL, second edition', published: false }]);
  assert.deepEqual(effectsOf(event('enrollment.granted', { userId: USER, courseId: COURSE, purchaseId: PURCHASE,
    grantedAt: '2026-12-07T10:00:00Z' }, 'users')), [{ op: 'own', userId: USER, courseId: COURSE }]);
});

test('events it does not care about change nothing', () => {
  for (const type of ['user.profile-changed', 'payment.succeeded', 'enrollment.refused', 'something.new']) {
    assert.deepEqual(effectsOf(event(type, {})), [], type);
  }
  assert.ok(!EVENT_TYPES.includes('payment.succeeded'));
});

test('an event it cannot read is rejected with the field, not half applied', () => {
  assert.throws(() => effectsOf(event('purchase.completed', { ...progress(), userId: 'not-a-uuid' })),
    (e) => e instanceof EventRejected && /payload.userId is not a UUID/.test(e.message)
      && /purchase.completed at payments\/7/.test(e.message));
  assert.throws(() => effectsOf(event('user.registered', { id: USER })), /payload.name is missing/);
  assert.throws(() => effectsOf(event('course.updated', { id: COURSE, title: 7, published: true }, 'courses')),
    /payload.title is not a string/);
  assert.throws(() => effectsOf(event('course.published', { id: COURSE, title: 'x' }, 'courses')),
    /payload.published is not a boolean/);
  assert.throws(() => effectsOf(event('payment.failed', null)), EventRejected);
});

test('the words name the course and the reason', () => {
  assert.equal(render('purchase-completed', { courseTitle: 'SQL' }).body,
    'Your purchase of SQL is complete: the course is yours.');
  assert.equal(render('payment-declined', { courseTitle: 'SQL', reason: 'insufficient funds' }).body,
    'Your payment for SQL was declined: insufficient funds.');
  assert.equal(render('purchase-refunded', {}).body, 'Your purchase of a course was refunded.');
  assert.equal(render('welcome', { name: 'Ada' }).body, 'Hello Ada, your account is ready.');
  assert.equal(render('course-updated', { courseTitle: 'SQL' }).title, 'Course updated');
});
