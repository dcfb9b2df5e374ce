-- Intake and contact keys (ADR 0015): one row per key, claimed a batch of deliveries at a time
-- (persistence.dedup.JdbcKeyClaims) instead of an event-sourced entity per key.
-- An intake key (src:<source>:<event id>, idem:<caller>:<Idempotency-Key>) names its lead forever.
-- lead_id '' is a placeholder a claim inserted to lock the key (PostgreSQL): unclaimed.
CREATE TABLE intake_claim (
    claim_key   VARCHAR(255) NOT NULL PRIMARY KEY,
    lead_id     VARCHAR(64)  NOT NULL,
    body_hash   VARCHAR(128),
    claimed_at  BIGINT       NOT NULL
);

-- A contact key (phone:<E.164>, email:<address>) belongs to its lead while claimed_at (epoch ms) is
-- within the dedup window, which is configuration, not schema. Wide enough for every address
-- EmailCleaner keeps (at most 254 characters) after its 'email:' prefix.
CREATE TABLE contact_claim (
    contact_key VARCHAR(300) NOT NULL PRIMARY KEY,
    lead_id     VARCHAR(64)  NOT NULL,
    claimed_at  BIGINT       NOT NULL
);

-- Set once the keys of the retired IntakeKey and ContactKey entities were copied from the journal
-- (persistence.dedup.KeyClaimImport).
CREATE TABLE key_claim_import (
    imported_at BIGINT NOT NULL,
    intake_keys BIGINT NOT NULL,
    contact_keys BIGINT NOT NULL
);
