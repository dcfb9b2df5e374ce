-- The operator's backlog gauges (http-api BacklogMetrics) count, every few seconds on each node,
-- the leads received but not yet assigned, per region and status, and find the oldest. Partial: only
-- waiting leads are in it (a few hundred at most in normal operation), so the count reads a small
-- index instead of scanning lead_index; a lead enters it on intake and leaves on assignment.
CREATE INDEX lead_index_backlog_idx ON lead_index (status, region, received_at) WHERE status IN ('RECEIVED', 'QUEUED');
