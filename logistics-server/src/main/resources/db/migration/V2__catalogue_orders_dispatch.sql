-- Catalogue and stock, orders with their parcels and recorded transitions, assignment runs,
-- dispatch waves with routes and stops.

create table product (
    id                 varchar(64) primary key,
    name               varchar(200) not null,
    temperature_class  varchar(8) not null check (temperature_class in ('FROZEN','CHILLED','COOL','AMBIENT')),
    volume_litres      numeric(9,3) not null check (volume_litres > 0),
    weight_kg          numeric(9,3) not null check (weight_kg > 0),
    shelf_life_days    numeric(7,2) not null check (shelf_life_days > 0),
    reference_temp_c   double precision not null,
    q10                double precision not null check (q10 >= 1),
    version            bigint not null default 0,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);

-- reserved: promised to assigned orders, still on the shelf until picked
create table stock (
    store_id    varchar(64) not null references store (id) on delete cascade,
    product_id  varchar(64) not null references product (id),
    on_hand     integer not null check (on_hand >= 0),
    reserved    integer not null default 0 check (reserved >= 0),
    updated_at  timestamptz not null default now(),
    primary key (store_id, product_id),
    check (reserved <= on_hand)
);

create table customer_order (
    id                        bigserial primary key,
    resident_id               bigint not null references resident (id),
    placed_by                 varchar(100) not null,
    idempotency_key           varchar(200) not null,
    request_hash              varchar(64) not null,
    fulfilment                varchar(8) not null check (fulfilment in ('LOCKER','STORE')),
    preferred_locker_bank_id  varchar(64) references locker_bank (id),
    preferred_store_id        varchar(64) references store (id),
    allow_store_fallback      boolean not null default false,
    slot_start                timestamptz not null,
    slot_end                  timestamptz not null,
    state                     varchar(20) not null check (state in ('PLACED','ASSIGNED','PICKED','IN_TRANSIT',
                                  'READY_FOR_PICKUP','COLLECTED','CANCELLED','EXPIRED','ON_HOLD','DISCARDED')),
    pickup_mode               varchar(8) check (pickup_mode in ('LOCKER','STORE')),
    store_id                  varchar(64) references store (id),
    locker_bank_id            varchar(64) references locker_bank (id),
    note                      varchar(500),
    version                   bigint not null default 0,
    placed_at                 timestamptz not null default now(),
    updated_at                timestamptz not null default now(),
    check (slot_start < slot_end),
    unique (placed_by, idempotency_key)
);
create index customer_order_state_idx on customer_order (state, slot_start);
create index customer_order_resident_idx on customer_order (resident_id);
create index customer_order_store_idx on customer_order (store_id);
create index customer_order_bank_idx on customer_order (locker_bank_id);

create table order_line (
    order_id    bigint not null references customer_order (id) on delete cascade,
    line_no     integer not null,
    product_id  varchar(64) not null references product (id),
    quantity    integer not null check (quantity > 0),
    primary key (order_id, line_no)
);

-- every move of an order, who made it and when
create table order_transition (
    id          bigserial primary key,
    order_id    bigint not null references customer_order (id) on delete cascade,
    from_state  varchar(20),
    to_state    varchar(20) not null,
    actor       varchar(100) not null,
    at          timestamptz not null default now(),
    reason      varchar(500)
);
create index order_transition_order_idx on order_transition (order_id);

create table assignment_run (
    id                  bigserial primary key,
    trigger             varchar(10) not null check (trigger in ('SCHEDULED','MANUAL')),
    requested_by        varchar(100) not null,
    status              varchar(8) not null check (status in ('DONE','FAILED')),
    started_at          timestamptz not null,
    finished_at         timestamptz not null,
    orders_considered   integer not null,
    to_locker           integer not null,
    to_store            integer not null,
    store_fallbacks     integer not null,
    left_placed         integer not null,
    parcels_reserved    integer not null,
    travel_seconds      double precision not null,
    error               varchar(1000)
);

create table assignment_run_unplaced (
    run_id    bigint not null references assignment_run (id) on delete cascade,
    order_id  bigint not null references customer_order (id) on delete cascade,
    reason    varchar(500) not null,
    primary key (run_id, order_id)
);

create table wave (
    id                bigserial primary key,
    delivery_date     date not null,
    store_ids         varchar(1000) not null,
    status            varchar(10) not null check (status in ('PLANNING','PLANNED','CANCELLED','FAILED')),
    created_by        varchar(100) not null,
    created_at        timestamptz not null default now(),
    finished_at       timestamptz,
    time_limit_s      integer not null,
    shift_start       timestamptz not null,
    shift_end         timestamptz not null,
    vehicles          integer,
    drive_seconds     double precision,
    distance_m        double precision,
    parcels_planned   integer,
    parcels_unserved  integer,
    note              varchar(1000)
);

create table route (
    id             bigserial primary key,
    wave_id        bigint not null references wave (id),
    vehicle_id     varchar(64) not null references vehicle (id),
    store_id       varchar(64) not null references store (id),
    delivery_date  date not null,
    status         varchar(10) not null check (status in ('PLANNED','APPROVED','STARTED','COMPLETED','CANCELLED')),
    departure      timestamptz not null,
    return_at      timestamptz not null,
    drive_seconds  double precision not null,
    distance_m     double precision not null,
    polyline       text not null,
    version        bigint not null default 0,
    approved_by    varchar(100),
    approved_at    timestamptz,
    started_at     timestamptz,
    completed_at   timestamptz
);
create index route_wave_idx on route (wave_id);
-- a vehicle drives at most one live route a day
create unique index route_vehicle_day_uidx on route (vehicle_id, delivery_date)
    where status in ('PLANNED','APPROVED','STARTED');

create table route_load (
    route_id  bigint not null references route (id) on delete cascade,
    zone      varchar(8) not null check (zone in ('FROZEN','CHILLED','COOL','AMBIENT')),
    litres    double precision not null,
    kg        double precision not null,
    primary key (route_id, zone)
);

create table route_stop (
    id                 bigserial primary key,
    route_id           bigint not null references route (id) on delete cascade,
    seq                integer not null,
    locker_bank_id     varchar(64) not null references locker_bank (id),
    planned_arrival    timestamptz not null,
    planned_departure  timestamptz not null,
    window_start       timestamptz not null,
    window_end         timestamptz not null,
    service_s          integer not null,
    max_ride_s         integer,
    status             varchar(10) not null check (status in ('PENDING','ARRIVED','DELIVERED')),
    arrived_at         timestamptz,
    delivered_at       timestamptz,
    unique (route_id, seq)
);

create table parcel (
    id              bigserial primary key,
    order_id        bigint not null references customer_order (id) on delete cascade,
    zone            varchar(8) not null check (zone in ('FROZEN','CHILLED','COOL','AMBIENT')),
    size            varchar(2) not null check (size in ('S','M','L','XL')),
    volume_litres   double precision not null check (volume_litres > 0),
    weight_kg       double precision not null check (weight_kg > 0),
    compartment_id  bigint references compartment (id),
    route_stop_id   bigint references route_stop (id),
    delivered_at    timestamptz
);
create index parcel_order_idx on parcel (order_id);
create index parcel_stop_idx on parcel (route_stop_id);
-- the reservation: a compartment holds at most one parcel, whatever runs or requests race
create unique index parcel_compartment_uidx on parcel (compartment_id) where compartment_id is not null;

create table wave_unserved (
    wave_id    bigint not null references wave (id) on delete cascade,
    parcel_id  bigint not null references parcel (id) on delete cascade,
    reason     varchar(500) not null,
    primary key (wave_id, parcel_id)
);
