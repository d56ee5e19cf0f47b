CREATE TABLE note (id bigserial PRIMARY KEY, text text NOT NULL);
