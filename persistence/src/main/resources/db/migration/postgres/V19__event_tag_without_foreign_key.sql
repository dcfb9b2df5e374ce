-- Every tagged event's tag row was checked against event_journal by the foreign key
-- fk_event_journal: on PostgreSQL a trigger per row that looks the event up and locks its row
-- (FOR KEY SHARE, a WAL record of its own), though the row was inserted by the same statement. A
-- new lead writes two tagged events. load-tests/pgbench/journal-batch.sh with and without the key:
-- 0.074-0.094 against 0.061-0.070 ms of server CPU per event over two sets of three rounds
-- (docs/benchmarks.md).
--
-- The key's one other job, removing an event's tags with the event (ON DELETE CASCADE), is kept by
-- a statement trigger, one DELETE per deleting statement; deletes are rare (an entity deleting
-- events on snapshot).
ALTER TABLE public.event_tag DROP CONSTRAINT fk_event_journal;

CREATE FUNCTION event_tag_delete_with_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM public.event_tag t USING deleted_events d WHERE t.event_id = d.ordering;
  RETURN NULL;
END
$$;

CREATE TRIGGER event_journal_delete_tags AFTER DELETE ON public.event_journal
  REFERENCING OLD TABLE AS deleted_events
  FOR EACH STATEMENT EXECUTE FUNCTION event_tag_delete_with_events();
