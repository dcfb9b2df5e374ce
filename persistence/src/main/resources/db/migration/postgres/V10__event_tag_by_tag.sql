-- Projections read the journal by tag (eventsByTag: event_tag joined to event_journal, tag = ?,
-- ordering in (from, until], ordered by ordering). event_tag's primary key starts with event_id, so
-- without this index PostgreSQL's generic plan for that prepared statement scans event_tag whole
-- for the tag: measured 30 ms a poll (pg_stat_statements, e2e.py) and growing with the journal,
-- every 200 ms for every slice of every projection, most of PostgreSQL's CPU per lead.
CREATE INDEX IF NOT EXISTS event_tag_tag_idx ON public.event_tag (tag, event_id);
