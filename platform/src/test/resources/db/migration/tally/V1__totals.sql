-- Deliberately not idempotent on its own: only the checkpoint makes applying an event twice a no-op.
CREATE TABLE total (consumer text NOT NULL, key text NOT NULL, amount bigint NOT NULL, PRIMARY KEY (consumer, key));
