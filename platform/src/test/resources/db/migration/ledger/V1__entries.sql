CREATE TABLE entry (id bigserial PRIMARY KEY, key text NOT NULL, amount bigint NOT NULL);
