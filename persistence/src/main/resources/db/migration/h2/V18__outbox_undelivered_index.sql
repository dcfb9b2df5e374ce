-- Same purpose as postgres/V18__outbox_undelivered_index.sql (the backlog gauge per channel); H2 has
-- no partial indexes, so delivered rows stay in this one and the status is checked on the row.
CREATE INDEX outbox_undelivered_idx ON outbox (channel, created_at);
