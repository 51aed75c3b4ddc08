-- Broker accounts of devices and locker banks: the SHA-256 of a random password shown once. A
-- device and a bank may share an id (a locker's own thermometer is often named after it): the two
-- are separate accounts, told apart by their passwords.
create table broker_credential (
    kind          varchar(12) not null check (kind in ('DEVICE','LOCKER_BANK')),
    username      varchar(64) not null,
    secret_sha256 bytea not null,
    issued_at     timestamptz not null default now(),
    issued_by     varchar(100) not null,
    revoked_at    timestamptz,
    primary key (kind, username)
);
