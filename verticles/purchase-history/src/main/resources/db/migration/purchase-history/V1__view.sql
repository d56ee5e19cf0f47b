-- The purchase history read view. Built only from events; can be emptied and rebuilt from position 0.
CREATE TABLE purchase (
  purchase_id    uuid        PRIMARY KEY,
  user_id        uuid        NOT NULL,
  course_id      uuid        NOT NULL,
  course_slug    text,
  course_title   text,
  price_amount   bigint      NOT NULL,
  price_currency text        NOT NULL,
  status         text        NOT NULL,
  reason         text,
  started_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL
);
CREATE INDEX purchase_user ON purchase (user_id, started_at DESC, purchase_id);

-- Every status a purchase reached, and when (the producer's time).
CREATE TABLE purchase_step (
  purchase_id uuid        NOT NULL,
  status      text        NOT NULL,
  reached_at  timestamptz NOT NULL,
  PRIMARY KEY (purchase_id, status)
);

-- The catalog as the course events tell it, for "is this course still available".
CREATE TABLE course (
  id         uuid        PRIMARY KEY,
  slug       text        NOT NULL,
  title      text        NOT NULL,
  published  boolean     NOT NULL,
  updated_at timestamptz NOT NULL
);
