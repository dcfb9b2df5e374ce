-- Reps benched and restored (issue 20, "reps benched" in GET /api/v1/reports/sla; ADR 0022), written
-- by the rep projection from the Rep entity's streak events (tagged rep-0..N-1; reservations and
-- releases are not tagged, so nothing is added on the intake→assignment path).

-- Each rep's breach streak as the projection counted it, and whether it is out of rotation (the
-- streak reached the routing rules' breachStreakLimit when the breach was projected).
CREATE TABLE rep_streak (
    rep_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    streak      INT          NOT NULL,
    benched     BOOLEAN      NOT NULL,
    updated_at  BIGINT       NOT NULL
);

-- One row per benching (BENCHED: the breach that took the rep out of rotation) and per return
-- (RESTORED: by a manager, restored_by set; or by a lead acknowledged in time ending the streak,
-- restored_by NULL). Keyed by the rep's event, so a replay writes nothing twice.
CREATE TABLE rep_rotation_log (
    rep_id       VARCHAR(64)  NOT NULL,
    seq_nr       BIGINT       NOT NULL,
    kind         VARCHAR(16)  NOT NULL,
    at           BIGINT       NOT NULL,
    streak       INT          NOT NULL,
    streak_limit INT,
    restored_by  VARCHAR(200),
    PRIMARY KEY (rep_id, seq_nr)
);
CREATE INDEX rep_rotation_log_at_idx ON rep_rotation_log (at);
