-- PostgreSQL's V19 drops event_tag's foreign key for the per-row check it cost there, and removes
-- an event's tags with a statement trigger instead. H2 keeps the key: its check is an index lookup
-- without a lock, and its ON DELETE CASCADE does the same removal. Recorded on the table:
COMMENT ON TABLE PUBLIC."event_tag" IS 'Tags of journal events; removed with their event (fk_event_journal ON DELETE CASCADE; a trigger on PostgreSQL, V19)';
