-- A consumer's place in each stream it follows, moved in the same transaction as the effect of each event.
CREATE TABLE platform.checkpoint (
  consumer   text        NOT NULL,
  stream     text        NOT NULL,
  position   bigint      NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (consumer, stream)
);

-- Events a consumer could not apply after its retries; the stream went on without them.
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
  resolved_at timestamptz,
  UNIQUE (consumer, stream, position)
);
CREATE INDEX dead_letter_open ON platform.dead_letter (consumer, id) WHERE resolved_at IS NULL;
