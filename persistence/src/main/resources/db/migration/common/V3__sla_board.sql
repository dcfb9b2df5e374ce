-- SLA state on the lead index (for GET /api/v1/sla/board) and the step condition on deadlines.
-- window_start: when the lead's current step interval began (clock start, the previous step, or
-- shifted by a hold); next_due_at/next_action: the earliest pending step (NULL when none).
ALTER TABLE lead_index ADD COLUMN policy VARCHAR(64);
ALTER TABLE lead_index ADD COLUMN sla_clock VARCHAR(80);
ALTER TABLE lead_index ADD COLUMN window_start BIGINT;
ALTER TABLE lead_index ADD COLUMN next_due_at BIGINT;
ALTER TABLE lead_index ADD COLUMN next_action VARCHAR(32);
ALTER TABLE lead_index ADD COLUMN escalation_level INT DEFAULT 0 NOT NULL;
ALTER TABLE lead_index ADD COLUMN breached BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE lead_index ADD COLUMN held_at BIGINT;
ALTER TABLE lead_index ADD COLUMN hold_reason VARCHAR(500);
ALTER TABLE lead_index ADD COLUMN contacted_at BIGINT;
CREATE INDEX lead_index_status_region_idx ON lead_index (status, region);

-- 'acknowledged' (NULL for rows written before this column) or 'contacted': the state that cancels the step.
-- A lead on hold keeps its rows with due_at = 9223372036854775807 (never due) until it resumes.
ALTER TABLE deadline_index ADD COLUMN until_state VARCHAR(16);
