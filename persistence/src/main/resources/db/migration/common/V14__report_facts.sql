-- Report facts on the lead's row (issue 20, ADR 0022): what GET /api/v1/reports/first-touch and
-- /reports/sla need that lead_index forgot (it keeps the current assignment only: a reassignment
-- clears assigned_at, acknowledged_at, escalation_level and breached). Written by the lead
-- projection in its transaction, in the statements it runs anyway (no extra round trip per event).
-- Rows projected before this migration have none of it (NULL / 0): the reports count them as such.

-- The first assignment's instant, and its SLA steps: "step:ACTION:dueAtMillis" joined by ';'
-- (the deadlines of the LeadAssigned event, as set then; a later hold moves the lead's deadlines,
-- not these).
ALTER TABLE lead_index ADD COLUMN first_assigned_at BIGINT;
ALTER TABLE lead_index ADD COLUMN first_steps TEXT;
-- The first acknowledgement (or contact, when the rep went straight to it): its instant and the
-- engine's timeToFirstTouchMs (from the assignment it acknowledged to the acknowledgement).
ALTER TABLE lead_index ADD COLUMN first_touch_at BIGINT;
ALTER TABLE lead_index ADD COLUMN first_touch_ms BIGINT;
-- Counters over the lead's whole life: reminders sent, the highest escalation level reached,
-- breaches marked, reassignments (by an SLA step or by hand).
ALTER TABLE lead_index ADD COLUMN reminders INT DEFAULT 0 NOT NULL;
ALTER TABLE lead_index ADD COLUMN max_escalation INT DEFAULT 0 NOT NULL;
ALTER TABLE lead_index ADD COLUMN breaches INT DEFAULT 0 NOT NULL;
ALTER TABLE lead_index ADD COLUMN reassignments INT DEFAULT 0 NOT NULL;
-- utm.campaign of the first delivery (the reports' groupBy=campaign).
ALTER TABLE lead_index ADD COLUMN campaign VARCHAR(100);
-- The reports select a window of received_at.
CREATE INDEX lead_index_received_idx ON lead_index (received_at);

-- The sources report (GET /api/v1/reports/sources): deliveries merged into the lead (LeadTouched),
-- the source's health of the lead (its health score when it arrived, as if a rep covered it: what the
-- source delivered and its credibility, not what routing or time did afterwards; docs/reports.md)
-- and whether its contact data is complete (name, a phone or an e-mail, company, a known region).
ALTER TABLE lead_index ADD COLUMN merged_touches INT DEFAULT 0 NOT NULL;
ALTER TABLE lead_index ADD COLUMN intake_health INT;
ALTER TABLE lead_index ADD COLUMN contact_complete BOOLEAN;

-- The source health alert (docs/reports.md): one row per source that ever fell below the threshold.
-- below: whether its average health over the last N leads is below the threshold now; crossings:
-- how many times it fell below (the n-th crossing's notices are keyed source:<id>:<n>, so each is
-- sent once whatever replays). Changed only by a conditional UPDATE in the lead projection's
-- transaction, so two slices that both see a crossing change it once.
CREATE TABLE source_health_alert (
    source      VARCHAR(64)  NOT NULL PRIMARY KEY,
    below       BOOLEAN      NOT NULL,
    crossings   INT          NOT NULL,
    average     INT          NOT NULL,
    updated_at  BIGINT       NOT NULL
);
-- The last N leads of a source.
CREATE INDEX lead_index_source_received_idx ON lead_index (source, received_at);

-- The follow-up report (GET /api/v1/reports/follow-up): the earliest valid action of the
-- opportunity (when it happened), set by the opportunity projection in the statement that records
-- the action.
ALTER TABLE opportunity_index ADD COLUMN first_valid_action_at BIGINT;
