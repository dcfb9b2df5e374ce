-- An app row waits in the outbox until its person opens the app (the live stream reads it; the
-- dispatcher never claims it), so under a busy org chart hundreds of thousands of them wait, older
-- than any due e-mail or SMS row. With 600,000 waiting app rows and 20 due e-mail rows
-- (docs/benchmarks.md):
--   * the dispatcher's claim (OutboxStore.claimDue, every poll, 500 ms when idle) read the whole table:
--     225 ms a poll. outbox_claim_idx leaves app rows out now: 0.09 ms.
--   * a live stream opened without Last-Event-ID (OutboxStore.appStreamStart) read the whole table:
--     65 ms; a stream's page (appRows) walked every row after its last id. outbox_app_idx holds the
--     app rows by person: each reads that person's rows only.
-- outbox_status_next_attempt_idx served no query (the claim reads outbox_claim_idx, the backlog
-- gauge outbox_undelivered_idx) and was written with every row and status change: dropped.
DROP INDEX outbox_claim_idx;
CREATE INDEX outbox_claim_idx ON outbox (created_at, id) WHERE status IN ('PENDING', 'SENDING') AND channel <> 'app';
CREATE INDEX outbox_app_idx ON outbox (recipient_id, id) WHERE channel = 'app';
DROP INDEX outbox_status_next_attempt_idx;
