-- Device ids and probe names compare byte by byte (collation "C"): they are ASCII identifiers
-- (Topics.isValidId), so the order is the same as before, and every index insert and lookup on
-- them skips the locale's string comparison. On the ingestion bench that comparison was about a
-- sixth of inserting a reading into telemetry's two btree indexes. Changing a column's collation
-- rebuilds its indexes, not the table.
alter table telemetry
    alter column device_id type text collate "C",
    alter column probe type text collate "C";
alter table probe_state
    alter column device_id type text collate "C",
    alter column probe type text collate "C";
alter table device_sequence alter column device_id type text collate "C";
alter table data_gap alter column device_id type text collate "C";
