-- Failed logins leave the table when they leave the throttling window, for every email (random emails included):
-- the purge scans by time.
CREATE INDEX login_failure_failed_at ON login_failure (failed_at);
