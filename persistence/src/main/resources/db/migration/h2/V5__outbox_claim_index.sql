-- Same purpose as postgres/V5__outbox_claim_index.sql (claims read the oldest rows in index order);
-- H2 has no partial indexes, so delivered rows stay in this one.
CREATE INDEX outbox_claim_idx ON outbox (created_at, id);
