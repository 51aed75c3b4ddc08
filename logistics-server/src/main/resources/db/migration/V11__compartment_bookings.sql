-- Compartments are booked for a time, not forever: a parcel holds its compartment for the period
-- `booked` (planned drop-off to pickup deadline). Two bookings of one compartment never overlap.
-- (btree_gist, for the exclusion constraint below, is created in V5)

alter table parcel add column booked tstzrange;

-- the parcels holding a compartment today keep it from now (or their drop-off) to a day after their slot
update parcel p
set booked = tstzrange(least(coalesce(p.delivered_at, now()), o.slot_start), o.slot_end + interval '1 day')
from customer_order o
where o.id = p.order_id and p.compartment_id is not null;

drop index parcel_compartment_uidx;

alter table parcel add constraint parcel_booked_with_compartment
    check (compartment_id is null or (booked is not null and not isempty(booked)));

alter table parcel add constraint parcel_compartment_booking_excl
    exclude using gist (compartment_id with =, booked with &&) where (compartment_id is not null);
