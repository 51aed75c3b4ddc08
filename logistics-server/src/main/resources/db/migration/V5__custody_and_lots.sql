-- Stock held in lots (FEFO), the lots each order took, and the custody chain of every parcel.
create extension if not exists btree_gist;

-- A lot of one product at one store: its traceability lot code, units on hand and promised, and
-- best-before. Stock per store and product is the sum over its lots.
create table stock_lot (
    id           bigserial primary key,
    store_id     varchar(64) not null references store (id) on delete cascade,
    product_id   varchar(64) not null references product (id),
    lot_code     varchar(64) not null,
    quantity     integer not null check (quantity >= 0),
    reserved     integer not null default 0 check (reserved >= 0),
    best_before  date not null,
    received_at  timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    unique (store_id, product_id, lot_code),
    check (reserved <= quantity)
);
create index stock_lot_fefo_idx on stock_lot (store_id, product_id, best_before, id);

insert into stock_lot (store_id, product_id, lot_code, quantity, reserved, best_before)
select s.store_id, s.product_id, 'INITIAL', s.on_hand, s.reserved, current_date + ceil(p.shelf_life_days)::int
from stock s join product p on p.id = s.product_id;

drop table stock;
create view stock as
select store_id, product_id, sum(quantity)::integer as on_hand, sum(reserved)::integer as reserved,
       max(updated_at) as updated_at
from stock_lot group by store_id, product_id;

-- The units an order took from each lot (reserved at assignment, taken at picking); its parcels
-- carry these lot codes (a product travels in the parcel of its temperature zone).
create table order_lot (
    order_id    bigint not null references customer_order (id) on delete cascade,
    lot_id      bigint not null references stock_lot (id),
    product_id  varchar(64) not null references product (id),
    quantity    integer not null check (quantity > 0),
    primary key (order_id, lot_id)
);
create index order_lot_lot_idx on order_lot (lot_id);

-- Every hand-off of a parcel: the critical tracking events of a food-traceability audit.
create table custody_event (
    id           bigserial primary key,
    parcel_id    bigint not null references parcel (id) on delete cascade,
    order_id     bigint not null references customer_order (id) on delete cascade,
    type         varchar(16) not null check (type in ('PICKED_AT_STORE','LOADED','DROPPED','COLLECTED','RETURNED','DISCARDED')),
    asset_id     varchar(100),
    compartment  varchar(16),
    holder       varchar(100) not null,
    at           timestamptz not null,
    reference    varchar(200),
    recorded_at  timestamptz not null default now()
);
create index custody_event_parcel_idx on custody_event (parcel_id, at, id);
create index custody_event_at_idx on custody_event (at);

-- A parcel is in an asset from the event that put it there to the next event: its stays, indexed
-- by asset and time range so an alert finds the parcels it touched at once.
create table parcel_stay (
    id           bigserial primary key,
    parcel_id    bigint not null references parcel (id) on delete cascade,
    order_id     bigint not null references customer_order (id) on delete cascade,
    asset_id     varchar(100) not null,
    compartment  varchar(16),
    from_at      timestamptz not null,
    to_at        timestamptz,
    from_type    varchar(16) not null,
    check (to_at is null or to_at >= from_at)
);
create index parcel_stay_asset_range_idx on parcel_stay using gist (asset_id, tstzrange(from_at, to_at, '[]'));
create index parcel_stay_open_idx on parcel_stay (parcel_id) where to_at is null;
create index parcel_stay_parcel_idx on parcel_stay (parcel_id, from_at);
