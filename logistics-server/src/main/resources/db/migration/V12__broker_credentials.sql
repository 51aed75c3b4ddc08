-- Broker accounts of devices and locker banks: the SHA-256 of a random password shown once.
create table broker_credential (
    username      varchar(64) primary key,
    kind          varchar(12) not null check (kind in ('DEVICE','LOCKER_BANK')),
    secret_sha256 bytea not null,
    issued_at     timestamptz not null default now(),
    issued_by     varchar(100) not null,
    revoked_at    timestamptz
);
