-- Same purpose as postgres/V12__lead_backlog_index.sql; H2 has no partial indexes.
CREATE INDEX lead_index_backlog_idx ON lead_index (status, region, received_at);
