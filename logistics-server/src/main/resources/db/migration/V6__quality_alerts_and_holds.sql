-- Quality: alerts as the server knows them (consumed from the gateways' events/alerts), their
-- history, the parcels each touched, the holds they put on orders, and notifications.

create table alert (
    alert_id         varchar(64) primary key,
    type             varchar(20) not null check (type in ('TEMPERATURE_HIGH','TEMPERATURE_LOW','DOOR_OPEN',
                         'PROBE_SILENT','BATTERY_LOW','DATA_GAP')),
    device_id        varchar(64),
    probe            varchar(64),
    asset_id         varchar(100) not null,
    zone             varchar(8),
    started_at       timestamptz not null,
    ended_at         timestamptz,
    peak_c           double precision,
    degree_minutes   double precision not null default 0,
    from_seq         bigint,
    to_seq           bigint,
    gateway_state    varchar(8) not null check (gateway_state in ('RAISED','UPDATED','CLEARED')),
    last_event_ts    timestamptz not null,
    status           varchar(12) not null check (status in ('OPEN','ACKNOWLEDGED','RESOLVED')),
    escalated        boolean not null default false,
    received_at      timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);
create index alert_status_idx on alert (status, started_at);
create index alert_asset_idx on alert (asset_id, started_at);

-- each (alertId, state, ts) event applied once: redelivered events change nothing
create table alert_event_seen (
    alert_id  varchar(64) not null,
    state     varchar(8) not null,
    ts        timestamptz not null,
    primary key (alert_id, state, ts)
);

create table alert_history (
    id        bigserial primary key,
    alert_id  varchar(64) not null references alert (alert_id) on delete cascade,
    kind      varchar(16) not null check (kind in ('RAISED','UPDATED','CLEARED','ACKNOWLEDGED','ESCALATED',
                  'RESOLVED','REOPENED','TOUCHED')),
    actor     varchar(100) not null,
    at        timestamptz not null default now(),
    comment   varchar(2000)
);
create index alert_history_alert_idx on alert_history (alert_id, id);

-- the parcels an alert touched: their stay in the asset overlapped the excursion
create table alert_parcel (
    alert_id     varchar(64) not null references alert (alert_id) on delete cascade,
    parcel_id    bigint not null references parcel (id) on delete cascade,
    order_id     bigint not null references customer_order (id) on delete cascade,
    stay_from    timestamptz not null,
    stay_to      timestamptz,
    held         boolean not null,
    touched_at   timestamptz not null default now(),
    primary key (alert_id, parcel_id)
);
create index alert_parcel_order_idx on alert_parcel (order_id);

-- an order held by an alert: the state to go back to, and how the hold ended
create table order_hold (
    order_id     bigint not null references customer_order (id) on delete cascade,
    alert_id     varchar(64) not null references alert (alert_id) on delete cascade,
    from_state   varchar(20) not null,
    held_at      timestamptz not null default now(),
    disposition  varchar(16) check (disposition in ('RELEASE','DISCARD','RETURN_TO_STORE')),
    disposed_by  varchar(100),
    disposed_at  timestamptz,
    primary key (order_id, alert_id)
);
create index order_hold_open_idx on order_hold (order_id) where disposed_at is null;

-- goods a store must send again (discarded or returned after a quality decision)
create table refulfilment (
    id          bigserial primary key,
    order_id    bigint not null references customer_order (id) on delete cascade,
    store_id    varchar(64) references store (id),
    reason      varchar(500) not null,
    created_at  timestamptz not null default now()
);

-- messages to residents and staff through the notification port; never a secret
create table notification (
    id            bigserial primary key,
    resident_id   bigint references resident (id) on delete cascade,
    role          varchar(16),
    kind          varchar(32) not null,
    order_id      bigint,
    alert_id      varchar(64),
    message       varchar(2000) not null,
    created_at    timestamptz not null default now()
);
create index notification_resident_idx on notification (resident_id, id);

-- a probe may override how long readings must be back inside before its excursion clears
alter table device_probe add column clear_s integer check (clear_s >= 0);
