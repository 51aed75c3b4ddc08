-- How the search for a wave's plan went: iterations, seconds, and why it stopped (converged, trivial,
-- time limit, cancelled), so a dispatcher sees whether more time would have helped.
alter table wave add column iterations bigint;
alter table wave add column search_seconds double precision;
alter table wave add column stop_reason varchar(32);
