-- The purchase that paid for an enrollment (null for an admin's grant and for enrollments older than this column).
-- payments may ask again about a purchase whose answer it never applied (its reconciler re-drives purchases PAID for
-- too long): the same purchase gets the same answer, granted, instead of "you already own this course".
ALTER TABLE enrollment ADD COLUMN purchase_id uuid;
