-- What a rep needs to call, on the lead's row: written on LeadReceived, gaps filled on LeadTouched
-- (phones united), read by the rep's lead list and, at send time, by every notification text.
-- All nullable: rows projected before this migration have none of it until the lead is touched.
-- Widths count UTF-16 units (H2 does; PostgreSQL counts code points, never more): the projection
-- cuts text to fit (LeadProjectionHandler.fit), phones are a TEXT list so none is ever cut.
ALTER TABLE lead_index ADD COLUMN salutation VARCHAR(200);
-- Every E.164 number of the lead, comma-separated, first one primary.
ALTER TABLE lead_index ADD COLUMN phones TEXT;
ALTER TABLE lead_index ADD COLUMN company VARCHAR(200);
ALTER TABLE lead_index ADD COLUMN province VARCHAR(64);
ALTER TABLE lead_index ADD COLUMN city VARCHAR(64);
-- TRUE when province/city were derived from the phone number or client IP (a guess a region the
-- contact states on a later delivery replaces), as LeadMerge does.
ALTER TABLE lead_index ADD COLUMN region_guessed BOOLEAN;
ALTER TABLE lead_index ADD COLUMN industry VARCHAR(100);
-- The parsed budget; budget_negotiable is NULL exactly when the lead has no budget at all.
ALTER TABLE lead_index ADD COLUMN budget_min BIGINT;
ALTER TABLE lead_index ADD COLUMN budget_max BIGINT;
ALTER TABLE lead_index ADD COLUMN budget_currency VARCHAR(8);
ALTER TABLE lead_index ADD COLUMN budget_negotiable BOOLEAN;
-- The source that delivered the lead first.
ALTER TABLE lead_index ADD COLUMN source VARCHAR(64);
