-- Sequencing survives a restart with the event time of the last reading released in order, so a
-- gap found after the restart knows when the missing readings began.
alter table device_sequence add column last_ts timestamptz;

-- Runs of a device's seqs that did not arrive within the gap timeout: the record of that device is
-- incomplete between started_at and ended_at. A DATA_GAP alert per probe announces each (alert_ids:
-- JSON object probe -> alertId); cleared_at is set when every missing reading arrived after all.
create table data_gap (
    device_id    text not null,
    from_seq     bigint not null,
    to_seq       bigint not null,
    started_at   timestamptz not null,
    ended_at     timestamptz not null,
    filled       bigint not null default 0,
    alert_ids    text not null,
    recorded_at  timestamptz not null,
    cleared_at   timestamptz,
    primary key (device_id, from_seq),
    check (to_seq >= from_seq)
);
create index data_gap_open_idx on data_gap (device_id) where cleared_at is null;
