-- Several gateways on one shared subscription: each device belongs to one of 64 partitions, each
-- partition to one gateway at a time (a lease on the database's clock), so a device's readings are
-- sequenced and judged in one place. A gateway that receives a message for a partition it does not
-- own parks it in the inbox for the owner. Members that stop renewing are taken over.
create table gateway_member (
    client_id   text primary key,
    seen_at     timestamptz not null,
    adopted_by  text
);

create table gateway_partition (
    partition    int primary key,
    owner        text,
    lease_until  timestamptz not null default '-infinity'
);
insert into gateway_partition (partition) select generate_series(0, 63);

create table gateway_inbox (
    id           bigserial primary key,
    partition    int not null,
    topic        text not null,
    device_id    text not null,
    payload      bytea not null,
    parked_by    text not null,
    parked_at    timestamptz not null default now()
);
create index gateway_inbox_partition_idx on gateway_inbox (partition, id);
