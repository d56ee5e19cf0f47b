-- Purchases stuck in a step, and what payments does about them.
--
-- PAID too long: payments asks again (emits its payment.succeeded once more), by one instance, after
-- payments.stuck.paid.seconds, then twice as long after each time (up to 64 times as long), so a purchase users cannot
-- answer is not asked about every minute for ever.
ALTER TABLE purchase ADD COLUMN redriven_at timestamptz;
ALTER TABLE purchase ADD COLUMN redrives int NOT NULL DEFAULT 0;
CREATE INDEX purchase_paid ON purchase (updated_at) WHERE status = 'PAID';

-- PENDING too long: payments asks the processor for the charge by key; when it first finds none it looks once more
-- a lease later (a call still running at the processor may yet make it), and fails the purchase only then.
ALTER TABLE purchase ADD COLUMN missing_since timestamptz;
