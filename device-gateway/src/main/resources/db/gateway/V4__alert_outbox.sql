-- Alert events decided by the rules, written in the same transaction as the rule state that
-- announces them and published from here: an event is never lost between deciding and publishing,
-- and publishing (or a broker that is away) never holds up storing readings. Each gateway
-- publishes its own rows (gateway = its client id).
create table alert_outbox (
    id          bigserial primary key,
    gateway     text not null,
    event       text not null,
    created_at  timestamptz not null default now()
);
create index alert_outbox_gateway_idx on alert_outbox (gateway, id);
