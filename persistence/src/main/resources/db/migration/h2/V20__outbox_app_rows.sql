-- Same purpose as postgres/V20__outbox_app_rows.sql: a person's app rows by id for the live stream,
-- and the unused (status, next_attempt_at) index dropped. H2 has no partial indexes, so
-- outbox_claim_idx stays as it is and outbox_app_idx holds every row.
CREATE INDEX outbox_app_idx ON outbox (recipient_id, id);
DROP INDEX outbox_status_next_attempt_idx;
