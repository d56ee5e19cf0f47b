-- At most one live purchase (PENDING, PAID or COMPLETED, and not being given back) per user and course, enforced by
-- the database: a second one cannot be inserted, whatever two requests do at once. It replaces the index that
-- covered PENDING and PAID only, which let a purchase start while another one was completing.
--
-- Data written before this migration may hold a course bought twice. The oldest live purchase (a completed one
-- first) stays; the others are given back: a charged one (PAID, COMPLETED) is owed a refund (the charge worker makes
-- it and emits purchase.refunded), an uncharged one (PENDING) fails at once, with its payment.failed event, which
-- carries the PurchaseProgress payload of the payments contract.
CREATE TEMPORARY TABLE bought_twice ON COMMIT DROP AS
  SELECT id, user_id, course_id, status FROM (
    SELECT id, user_id, course_id, status, row_number() OVER (
             PARTITION BY user_id, course_id ORDER BY status = 'COMPLETED' DESC, created_at, id) AS n
      FROM purchase WHERE status IN ('PENDING', 'PAID', 'COMPLETED') AND NOT refund_due) ranked
   WHERE n > 1;

UPDATE purchase p SET refund_due = true, reason = 'This course was bought twice; this charge was refunded',
                      next_attempt_at = clock_timestamp(), lease_until = NULL, updated_at = clock_timestamp()
  FROM bought_twice t WHERE p.id = t.id AND t.status IN ('PAID', 'COMPLETED');

UPDATE purchase p SET status = 'FAILED', reason = 'You already own this course', lease_until = NULL,
                      updated_at = clock_timestamp()
  FROM bought_twice t WHERE p.id = t.id AND t.status = 'PENDING';

INSERT INTO platform.outbox (event_id, stream, type, payload)
  SELECT gen_random_uuid(), 'payments', 'payment.failed', jsonb_build_object(
           'purchaseId', id, 'userId', user_id, 'courseId', course_id,
           'reason', 'You already own this course', 'at', to_char(clock_timestamp() AT TIME ZONE 'UTC',
                                                                  'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
    FROM bought_twice WHERE status = 'PENDING';

DROP INDEX purchase_in_progress;
CREATE UNIQUE INDEX purchase_live ON purchase (user_id, course_id)
  WHERE status IN ('PENDING', 'PAID', 'COMPLETED') AND NOT refund_due;
