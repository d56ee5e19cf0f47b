-- Accounts: the email is unique whatever its case; the password is an Argon2id PHC string.
CREATE TABLE account (
  id            uuid        PRIMARY KEY,
  email         text        NOT NULL,
  name          text        NOT NULL,
  password_hash text        NOT NULL,
  roles         text[]      NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at    timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE UNIQUE INDEX account_email ON account (lower(email));

-- Failed logins per (lower-cased) email, for throttling; rows older than the window are deleted as we go.
CREATE TABLE login_failure (
  email     text        NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX login_failure_email ON login_failure (email, failed_at);

-- Token signing keys as JWKs. The newest signs; older ones stay published while tokens they signed may live.
CREATE TABLE signing_key (
  kid         text        PRIMARY KEY,
  private_jwk jsonb       NOT NULL,
  public_jwk  jsonb       NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE enrollment (
  user_id    uuid        NOT NULL REFERENCES account (id),
  course_id  uuid        NOT NULL,
  granted_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (user_id, course_id)
);
