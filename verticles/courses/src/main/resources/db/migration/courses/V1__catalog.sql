-- The catalog. Prices are in minor units of an ISO 4217 currency.
CREATE TABLE course (
  id             uuid        PRIMARY KEY,
  slug           text        NOT NULL UNIQUE,
  title          text        NOT NULL,
  summary        text        NOT NULL,
  author         text        NOT NULL,
  price_amount   bigint      NOT NULL CHECK (price_amount >= 0),
  price_currency char(3)     NOT NULL,
  level          text        NOT NULL,
  tags           text[]      NOT NULL DEFAULT '{}',
  published      boolean     NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- Word search over title and summary (stemmed English).
  search         tsvector    GENERATED ALWAYS AS (to_tsvector('english', title || ' ' || summary)) STORED
);

CREATE INDEX course_search ON course USING gin (search);
CREATE INDEX course_tags ON course USING gin (tags);
CREATE INDEX course_published_title ON course (title, id) WHERE published;
