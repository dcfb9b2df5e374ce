-- The outbox backlog gauge (OutboxReadModel.undelivered, every leadrouter.metrics.poll-interval on
-- every node) counted every undelivered row and read each one's channel from the table: 223 ms a
-- poll with 586,000 waiting rows (an app row waits until its person opens the app, and is never
-- given up), growing without end. With this index it reads, per channel, the oldest row's time from
-- the first entry and counts at most OutboxReadModel.COUNT_CAP entries. Partial, as outbox_claim_idx:
-- delivered and failed rows leave it.
CREATE INDEX outbox_undelivered_idx ON outbox (channel, created_at) WHERE status IN ('PENDING', 'SENDING');
