-- Each credential's code derives from the key, the order, a counter and this random salt, so codes
-- do not repeat when order ids do (a database restored or wiped while the key stays). Older rows
-- keep the derivation without salt.
alter table pickup_credential add column code_salt varchar(24);
