-- A vehicle may drive several routes a day, one after the other: a later wave starts each vehicle
-- when its earlier route is back. Overlaps are refused when a plan is stored (vehicle rows locked).
drop index route_vehicle_day_uidx;
create index route_vehicle_day_idx on route (vehicle_id, delivery_date);
