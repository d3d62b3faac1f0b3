-- Certificate transfers between accounts: the offer (to whom, message, date), how it ended (accepted or rejected,
-- when, why), and on the target's copy the account it came from.

ALTER TABLE certificate ADD COLUMN transferred_to VARCHAR(12);
ALTER TABLE certificate ADD COLUMN transfer_message TEXT;
ALTER TABLE certificate ADD COLUMN transfer_date BIGINT;
ALTER TABLE certificate ADD COLUMN accept_date BIGINT;
ALTER TABLE certificate ADD COLUMN reject_date BIGINT;
ALTER TABLE certificate ADD COLUMN reject_reason TEXT;
ALTER TABLE certificate ADD COLUMN previous_owner VARCHAR(12);
CREATE INDEX certificate_by_transfer ON certificate (status, transferred_to, created_at, id);
