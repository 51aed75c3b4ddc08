-- Silent-probe state survives a restart too: when the probe was last heard (wall clock) and the
-- PROBE_SILENT alert it has open, if any.
alter table probe_state add column last_seen timestamptz;
alter table probe_state add column silent_alert text;
