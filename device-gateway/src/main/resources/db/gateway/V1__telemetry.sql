-- The gateway's own tables, migrated by the gateway (history table gateway_schema_history), so the
-- same database can also hold the server's schema in embedded mode.

-- Raw readings. (device_id, seq) is the key: redelivered or retried readings are stored once.
-- BRIN on ts keeps time-range scans cheap at hundreds of millions of rows for a tiny index;
-- (device_id, probe, ts) serves a probe's history.
create table telemetry (
    device_id    text not null,
    seq          bigint not null,
    ts           timestamptz not null,
    probe        text not null,
    temp_c       double precision not null,
    door_open    boolean,
    battery_pct  smallint,
    lat          double precision,
    lon          double precision,
    received_at  timestamptz not null default now(),
    primary key (device_id, seq)
);
create index telemetry_ts_brin on telemetry using brin (ts);
create index telemetry_probe_ts_idx on telemetry (device_id, probe, ts);

-- Everything rejected, with the reason and the raw payload: nothing is dropped silently.
create table dead_letter (
    id           bigserial primary key,
    received_at  timestamptz not null default now(),
    topic        text not null,
    device_id    text,
    reason       text not null,
    payload      text not null
);
create index dead_letter_received_idx on dead_letter (received_at);

-- Rule state that must survive a restart: per probe where its open window starts and what it has
-- announced; per device the next sequence number to release for judging.
create table probe_state (
    device_id  text not null,
    probe      text not null,
    since      timestamptz,
    announced  text not null,
    primary key (device_id, probe)
);

create table device_sequence (
    device_id  text primary key,
    next_seq   bigint not null
);
