-- Opportunities (issue 16): the list and the funnel read models, written by the opportunity
-- projection (OpportunityProjectionHandler) in its transaction. Same DDL on H2 and PostgreSQL.

-- One row per opportunity: what GET /api/v1/opportunities filters and shows. There is no team
-- column: like the lead lists (GET /sla/board?team=), a team filter is resolved to the team's
-- people from the org chart in force when the list is asked, so a rep who changes team moves with
-- their opportunities. closed: NULL while open, 'won' or 'lost' once in that final stage.
-- silent_deadline: when the stage's next silent-period warning is due; silent_since: when the
-- current stage's silent period first ran out (NULL while it has not).
CREATE TABLE opportunity_index (
    opportunity_id        VARCHAR(80)    NOT NULL PRIMARY KEY,
    lead_id               VARCHAR(64)    NOT NULL,
    name                  VARCHAR(200),
    owner_id              VARCHAR(64)    NOT NULL,
    region                VARCHAR(32),
    province              VARCHAR(64),
    city                  VARCHAR(64),
    source                VARCHAR(64),
    pipeline              VARCHAR(64)    NOT NULL,
    stage                 VARCHAR(64)    NOT NULL,
    stage_entered_at      BIGINT         NOT NULL,
    last_valid_action_at  BIGINT,
    idle_deadline         BIGINT,
    silent_deadline       BIGINT,
    silent_since          BIGINT,
    snoozed_until         BIGINT,
    amount                DECIMAL(19, 4),
    currency              VARCHAR(8),
    opened_at             BIGINT         NOT NULL,
    updated_at            BIGINT         NOT NULL,
    closed                VARCHAR(8)
);
-- The list's order (newest first) is its keyset cursor; the filters narrow it.
CREATE INDEX opportunity_index_opened_idx ON opportunity_index (opened_at, opportunity_id);
CREATE INDEX opportunity_index_owner_idx ON opportunity_index (owner_id, opened_at);
CREATE INDEX opportunity_index_stage_idx ON opportunity_index (stage, opened_at);
CREATE INDEX opportunity_index_region_idx ON opportunity_index (region, opened_at);
CREATE INDEX opportunity_index_lead_idx ON opportunity_index (lead_id);

-- One row per stage an opportunity entered (the funnel): seq counts the opportunity's entries from 1;
-- entered_how: 'open' (the first stage), 'move' (a person moved it) or 'downgrade' (the idle
-- downgrade); left_at/left_how the same for leaving it (NULL while it is the current stage).
CREATE TABLE opportunity_stage_log (
    opportunity_id  VARCHAR(80)   NOT NULL,
    seq             INT           NOT NULL,
    stage           VARCHAR(64)   NOT NULL,
    entered_at      BIGINT        NOT NULL,
    entered_how     VARCHAR(16)   NOT NULL,
    left_at         BIGINT,
    left_how        VARCHAR(16),
    PRIMARY KEY (opportunity_id, seq)
);
CREATE INDEX opportunity_stage_log_entered_idx ON opportunity_stage_log (entered_at, stage);

-- The deadline index holds opportunities' deadlines too: entity 'opportunity', step 1 the idle
-- downgrade, step 2 the silent-period warning; lead_id is then the opportunity id (opp-<leadId>,
-- never a lead id: those are UUIDs), so the key (lead_id, step) stays unique.
ALTER TABLE deadline_index ADD COLUMN entity VARCHAR(16) DEFAULT 'lead' NOT NULL;

-- Why a lead was closed: 'converted' when it became an opportunity (opportunity_id), NULL otherwise.
ALTER TABLE lead_index ADD COLUMN close_reason VARCHAR(32);
ALTER TABLE lead_index ADD COLUMN opportunity_id VARCHAR(80);
