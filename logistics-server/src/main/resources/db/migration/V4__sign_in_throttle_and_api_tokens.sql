-- Throttles and lockouts live in the database, so they hold across server instances.
-- rate_limit_bucket: Bucket4j's token buckets (failed attempts counted per subject), by key.
create table rate_limit_bucket (
    id          varchar(300) primary key,
    state       bytea,
    expires_at  bigint
);
create index rate_limit_bucket_expires_idx on rate_limit_bucket (expires_at);

-- a subject (an account, a source address, a locker bank's keypad) refused until a time
create table lockout (
    key        varchar(300) primary key,
    until      timestamptz not null,
    locked_at  timestamptz not null default now()
);

-- API tokens for machine clients: random and long, so a fast hash (SHA-256) is safe to store;
-- the token itself is shown once, when it is made
create table api_token (
    id            bigserial primary key,
    user_id       bigint not null references app_user (id) on delete cascade,
    name          varchar(100) not null,
    token_hash    char(64) not null unique,
    prefix        varchar(16) not null,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
create index api_token_user_idx on api_token (user_id);
