-- The purchase that paid for an enrollment (null for an admin's grant and for enrollments older than this column).
-- payments may ask again about a purchase whose answer it never applied (its reconciler re-drives purchases PAID for
-- too long): the same purchase gets the same answer, granted, instead of "you already own this course".
ALTER TABLE enrollment ADD COLUMN purchase_id uuid;

-- Enrollments granted before this column: their purchase is in the enrollment.granted event users emitted then.
UPDATE enrollment e SET purchase_id = (o.payload ->> 'purchaseId')::uuid
  FROM platform.outbox o
 WHERE o.stream = 'users' AND o.type = 'enrollment.granted' AND o.payload ->> 'purchaseId' IS NOT NULL
   AND (o.payload ->> 'userId')::uuid = e.user_id AND (o.payload ->> 'courseId')::uuid = e.course_id;
