-- Up Migration

-- A consumer's own state, the same tables the Java consumers keep (platform.checkpoint, dead_letter, leader).
CREATE SCHEMA platform;

CREATE TABLE platform.checkpoint (
  consumer   text        NOT NULL,
  stream     text        NOT NULL,
  position   bigint      NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (consumer, stream)
);

CREATE TABLE platform.dead_letter (
  id          bigserial   PRIMARY KEY,
  consumer    text        NOT NULL,
  stream      text        NOT NULL,
  position    bigint      NOT NULL,
  event_id    uuid        NOT NULL,
  type        text        NOT NULL,
  envelope    jsonb       NOT NULL,
  error       text        NOT NULL,
  attempts    int         NOT NULL,
  failed_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  resolved_at timestamptz
);

CREATE TABLE platform.leader (
  name     text        PRIMARY KEY,
  epoch    bigint      NOT NULL,
  taken_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- What a user is told. One notification per event and user: the unique key makes an event applied twice a no-op.
CREATE TABLE notification (
  id          uuid        PRIMARY KEY,
  user_id     uuid        NOT NULL,
  kind        text        NOT NULL,
  params      jsonb       NOT NULL,
  course_id   uuid,
  purchase_id uuid,
  event_id    uuid        NOT NULL,
  created_at  timestamptz NOT NULL,
  read_at     timestamptz,
  UNIQUE (event_id, user_id)
);
CREATE INDEX notification_newest ON notification (user_id, created_at DESC, id DESC);
CREATE INDEX notification_unread ON notification (user_id) WHERE read_at IS NULL;

-- What the messages need from the streams: course titles, what each purchase bought, and who owns which course.
CREATE TABLE course (
  id        uuid    PRIMARY KEY,
  title     text    NOT NULL,
  published boolean NOT NULL
);

CREATE TABLE purchase (
  id           uuid PRIMARY KEY,
  user_id      uuid NOT NULL,
  course_id    uuid NOT NULL,
  course_title text NOT NULL
);

CREATE TABLE ownership (
  user_id   uuid NOT NULL,
  course_id uuid NOT NULL,
  PRIMARY KEY (course_id, user_id)
);

-- Down Migration
DROP TABLE ownership, purchase, course, notification;
DROP SCHEMA platform CASCADE;
