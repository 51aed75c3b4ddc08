-- Locker zones an assignment run sent no parcels to because a temperature alert was open there.
create table assignment_run_avoided (
    run_id          bigint not null references assignment_run (id) on delete cascade,
    locker_bank_id  varchar(64) not null,
    zone            varchar(8) not null,
    alert_id        varchar(64) not null,
    type            varchar(20) not null,
    since           timestamptz not null,
    primary key (run_id, locker_bank_id, zone)
);
