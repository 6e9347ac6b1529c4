-- A spend entry may name the rep it was for (their salary, their telephony): a dashboard
-- filtered to reps divides only their spend.
ALTER TABLE spend ADD COLUMN rep_id uuid REFERENCES users (id);
CREATE INDEX spend_rep_idx ON spend (rep_id, spent_on) WHERE deleted_at IS NULL AND rep_id IS NOT NULL;
