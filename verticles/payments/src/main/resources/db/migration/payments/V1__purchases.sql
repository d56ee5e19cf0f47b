-- The price list, built from course events: a purchase can start while the courses service is down.
CREATE TABLE price (
  course_id  uuid        PRIMARY KEY,
  slug       text        NOT NULL,
  title      text        NOT NULL,
  amount     bigint      NOT NULL,
  currency   text        NOT NULL,
  published  boolean     NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Who owns what, from enrollment events: a course is not sold twice to one user.
CREATE TABLE ownership (
  user_id   uuid NOT NULL,
  course_id uuid NOT NULL,
  PRIMARY KEY (user_id, course_id)
);

-- Purchases: the saga's state. A worker leases due rows (next_attempt_at, lease_until) to charge or refund them.
CREATE TABLE purchase (
  id              uuid        PRIMARY KEY,
  user_id         uuid        NOT NULL,
  course_id       uuid        NOT NULL,
  course_slug     text        NOT NULL,
  course_title    text        NOT NULL,
  amount          bigint      NOT NULL,
  currency        text        NOT NULL,
  idempotency_key text        NOT NULL,
  status          text        NOT NULL,
  reason          text,
  charge_id       text,
  refund_due      boolean     NOT NULL DEFAULT false,
  attempts        int         NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  lease_until     timestamptz,
  created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (user_id, idempotency_key)
);
CREATE INDEX purchase_due ON purchase (next_attempt_at) WHERE status = 'PENDING' OR refund_due;
-- At most one purchase of a course in progress per user.
CREATE UNIQUE INDEX purchase_in_progress ON purchase (user_id, course_id) WHERE status IN ('PENDING', 'PAID');
