-- Domain events written in the same transaction as the change that caused them (the transactional outbox).
-- The relay later gives each committed event its gap-free position in the producer's stream.
CREATE TABLE platform.outbox (
  id          bigserial PRIMARY KEY,
  event_id    uuid        NOT NULL UNIQUE,
  stream      text        NOT NULL,
  type        text        NOT NULL,
  payload     jsonb       NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  traceparent text,
  position    bigint UNIQUE
);

CREATE INDEX outbox_unrelayed ON platform.outbox (id) WHERE position IS NULL;
