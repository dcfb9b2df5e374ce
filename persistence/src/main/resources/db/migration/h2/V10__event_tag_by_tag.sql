-- Same purpose as postgres/V10__event_tag_by_tag.sql: projections read the journal by tag.
CREATE INDEX IF NOT EXISTS "event_tag_tag_idx" ON PUBLIC."event_tag" ("tag", "event_id");
