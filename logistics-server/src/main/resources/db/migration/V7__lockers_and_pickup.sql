-- Smart lockers: a bank's link status, OPEN commands and every event a bank sent, pickup
-- credentials (only keyed hashes and nonces: nothing here opens a compartment), pickups and every
-- attempt (never the code), collections for the next route, freshness feedback.

alter table locker_bank add column online boolean not null default false;
alter table locker_bank add column status_at timestamptz;

-- the courier driving a route (who started it, or whom the dispatcher named)
alter table route add column courier varchar(100);

-- why a parcel could not go into a locker and rides back
alter table parcel add column note varchar(500);

create table locker_command (
    command_id        uuid primary key,
    locker_bank_id    varchar(64) not null references locker_bank (id),
    compartment_id    bigint not null references compartment (id),
    compartment_code  varchar(16) not null,
    parcel_id         bigint references parcel (id) on delete set null,
    order_id          bigint references customer_order (id) on delete set null,
    purpose           varchar(12) not null check (purpose in ('DROP_OFF','PICKUP','COLLECTION')),
    state             varchar(8) not null check (state in ('SENT','OPENED','CLOSED','FAILED')),
    requested_by      varchar(100) not null,
    route_stop_id     bigint references route_stop (id),
    pickup_id         bigint,
    collection_id     bigint,
    sent_at           timestamptz not null default now(),
    expires_at        timestamptz not null,
    opened_at         timestamptz,
    closed_at         timestamptz,
    failed_at         timestamptz,
    failure           varchar(300)
);
create index locker_command_live_idx on locker_command (expires_at) where state = 'SENT';
create index locker_command_stop_idx on locker_command (route_stop_id);
create index locker_command_pickup_idx on locker_command (pickup_id);

-- every event a bank sent, applied or not (a late or duplicate answer is kept, never applied twice)
create table locker_event (
    id              bigserial primary key,
    locker_bank_id  varchar(64) not null,
    command_id      uuid,
    type            varchar(16) not null,
    compartment     varchar(16),
    ts              timestamptz,
    received_at     timestamptz not null default now(),
    applied         boolean not null,
    note            varchar(300)
);
create index locker_event_command_idx on locker_event (command_id);

-- an order's pickup code and QR token: the code is derived from a key outside the database and a
-- counter; code_hash is a keyed hash of (bank, code) to find the order; unique among a bank's live codes
create table pickup_credential (
    order_id        bigint primary key references customer_order (id) on delete cascade,
    locker_bank_id  varchar(64) not null references locker_bank (id),
    code_counter    integer not null,
    code_hash       char(64) not null,
    qr_nonce        varchar(32) not null,
    deadline        timestamptz not null,
    extended        boolean not null default false,
    issued_at       timestamptz not null default now(),
    used_at         timestamptz,
    revoked_at      timestamptz
);
create unique index pickup_code_live_uidx on pickup_credential (locker_bank_id, code_hash)
    where used_at is null and revoked_at is null;
create index pickup_credential_deadline_idx on pickup_credential (deadline) where used_at is null and revoked_at is null;

create table pickup (
    id              bigserial primary key,
    order_id        bigint not null references customer_order (id) on delete cascade,
    locker_bank_id  varchar(64) not null references locker_bank (id),
    channel         varchar(8) not null check (channel in ('KEYPAD','SCANNER','APP_CODE','APP_QR')),
    actor           varchar(100) not null,
    state           varchar(10) not null check (state in ('OPENING','COLLECTED','FAILED')),
    started_at      timestamptz not null default now(),
    finished_at     timestamptz
);
create unique index pickup_open_uidx on pickup (order_id) where state = 'OPENING';

-- every attempt to pick up: who or which bank, when, the outcome; never the code
create table pickup_attempt (
    id              bigserial primary key,
    locker_bank_id  varchar(64),
    order_id        bigint,
    channel         varchar(8) not null,
    actor           varchar(100) not null,
    source          varchar(100),
    at              timestamptz not null default now(),
    outcome         varchar(16) not null check (outcome in ('OPENED','INVALID','LOCKED','ON_HOLD','EXPIRED','IN_PROGRESS',
                        'OFFLINE','NOT_READY')),
    detail          varchar(300)
);
create index pickup_attempt_bank_idx on pickup_attempt (locker_bank_id, at);

-- a parcel to be taken out of its compartment by the next route to the bank (expired, or quality's
-- decision); collected when the courier has it
create table compartment_collection (
    id              bigserial primary key,
    compartment_id  bigint not null references compartment (id),
    parcel_id       bigint not null references parcel (id) on delete cascade,
    order_id        bigint not null references customer_order (id) on delete cascade,
    locker_bank_id  varchar(64) not null references locker_bank (id),
    reason          varchar(16) not null check (reason in ('EXPIRED','DISCARD','RETURN_TO_STORE')),
    created_at      timestamptz not null default now(),
    route_stop_id   bigint references route_stop (id),
    collected_at    timestamptz,
    collected_by    varchar(100)
);
create index compartment_collection_open_idx on compartment_collection (locker_bank_id) where collected_at is null;

create table order_feedback (
    order_id     bigint primary key references customer_order (id) on delete cascade,
    resident_id  bigint not null references resident (id),
    rating       smallint not null check (rating between 1 and 5),
    comment      varchar(1000),
    created_at   timestamptz not null default now()
);
