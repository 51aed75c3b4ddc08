-- ShedLock's table: a scheduled job runs on one server instance at a time (lock_until on the
-- database's clock, so instances with skewed clocks agree)
create table shedlock (
    name       varchar(64)  primary key,
    lock_until timestamp(3) not null,
    locked_at  timestamp(3) not null,
    locked_by  varchar(255) not null
);
