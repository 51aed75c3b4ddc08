-- The network registry (stores, locker banks, vehicles, devices), users and residents.
-- Ids of network assets are business codes (LB-0007) because they appear in MQTT topics.

create table store (
    id          varchar(64) primary key,
    name        varchar(200) not null,
    address     varchar(500) not null,
    lat         double precision not null check (lat between -90 and 90),
    lon         double precision not null check (lon between -180 and 180),
    version     bigint not null default 0,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);

create table locker_bank (
    id           varchar(64) primary key,
    name         varchar(200) not null,
    address      varchar(500) not null,
    lat          double precision not null check (lat between -90 and 90),
    lon          double precision not null check (lon between -180 and 180),
    store_id     varchar(64) references store (id),
    always_open  boolean not null default false,
    version      bigint not null default 0,
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now()
);
create index locker_bank_store_idx on locker_bank (store_id);

create table locker_bank_opening_hours (
    locker_bank_id varchar(64) not null references locker_bank (id) on delete cascade,
    day_of_week    varchar(9) not null check (day_of_week in
                       ('MONDAY','TUESDAY','WEDNESDAY','THURSDAY','FRIDAY','SATURDAY','SUNDAY')),
    opens          time not null,
    closes         time not null,
    check (opens < closes)
);
create index locker_bank_opening_hours_bank_idx on locker_bank_opening_hours (locker_bank_id);

create table compartment (
    id              bigserial primary key,
    locker_bank_id  varchar(64) not null references locker_bank (id) on delete cascade,
    code            varchar(16) not null,
    size            varchar(2) not null check (size in ('S','M','L','XL')),
    zone            varchar(8) not null check (zone in ('FROZEN','CHILLED','COOL','AMBIENT')),
    status          varchar(16) not null check (status in ('AVAILABLE','RESERVED','OCCUPIED','OUT_OF_SERVICE')),
    version         bigint not null default 0,
    unique (locker_bank_id, code)
);

create table vehicle (
    id             varchar(64) primary key,
    name           varchar(200) not null,
    kind           varchar(24) not null check (kind in ('REFRIGERATED_VAN','E_TRIKE_COOLBOX')),
    home_store_id  varchar(64) not null references store (id),
    version        bigint not null default 0,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);
create index vehicle_home_store_idx on vehicle (home_store_id);

create table vehicle_compartment (
    vehicle_id        varchar(64) not null references vehicle (id) on delete cascade,
    zone              varchar(8) not null check (zone in ('FROZEN','CHILLED','COOL','AMBIENT')),
    capacity_litres   numeric(10,2) not null check (capacity_litres > 0),
    capacity_kg       numeric(10,2) not null check (capacity_kg > 0),
    primary key (vehicle_id, zone)
);

create table device (
    id                    varchar(64) primary key,
    reporting_interval_s  integer not null check (reporting_interval_s > 0),
    version               bigint not null default 0,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now()
);

create table device_probe (
    device_id       varchar(64) not null references device (id) on delete cascade,
    probe           varchar(64) not null,
    asset_kind      varchar(24) not null check (asset_kind in ('LOCKER_ZONE','VEHICLE_COMPARTMENT')),
    owner_id        varchar(64) not null,
    zone            varchar(8) not null check (zone in ('FROZEN','CHILLED','COOL','AMBIENT')),
    alert_above_c   double precision,
    alert_below_c   double precision,
    for_s           integer check (for_s >= 0),
    primary key (device_id, probe)
);
-- one probe per asset: two devices measuring the same locker zone would make alerts ambiguous
create unique index device_probe_asset_uidx on device_probe (asset_kind, owner_id, zone);

create table resident (
    id                          bigserial primary key,
    display_name                varchar(200) not null,
    address                     varchar(500),
    lat                         double precision check (lat between -90 and 90),
    lon                         double precision check (lon between -180 and 180),
    preferred_locker_bank_id    varchar(64) references locker_bank (id) on delete set null,
    version                     bigint not null default 0,
    created_at                  timestamptz not null default now()
);

create table app_user (
    id             bigserial primary key,
    username       varchar(100) not null unique,
    password_hash  varchar(200) not null,
    role           varchar(16) not null check (role in ('ADMIN','DISPATCHER','QUALITY','COURIER','RESIDENT')),
    resident_id    bigint references resident (id) on delete cascade,
    enabled        boolean not null default true,
    created_at     timestamptz not null default now(),
    check ((role = 'RESIDENT') = (resident_id is not null))
);
