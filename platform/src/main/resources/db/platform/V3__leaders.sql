-- Fencing tokens of the one relay of each stream and the one active projector of each consumer: whoever takes the
-- cluster lock takes the next epoch here, and every batch checks in its own transaction that its epoch is the newest.
CREATE TABLE platform.leader (
  name     text        PRIMARY KEY,
  epoch    bigint      NOT NULL,
  taken_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
