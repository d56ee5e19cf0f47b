-- When payments last asked again about a purchase stuck in PAID (emitted its payment.succeeded once more): at most
-- once per payments.stuck.paid.seconds, by one instance.
ALTER TABLE purchase ADD COLUMN redriven_at timestamptz;
CREATE INDEX purchase_paid ON purchase (updated_at) WHERE status = 'PAID';
