-- A projection as heavy as the purchase history's: a row per purchase, updated by later steps.
CREATE TABLE bench_purchase (
  consumer    text        NOT NULL,
  purchase_id uuid        NOT NULL,
  user_id     uuid        NOT NULL,
  status      text        NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (consumer, purchase_id)
);
