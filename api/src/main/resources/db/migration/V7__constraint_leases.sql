-- Units of a constraint's period that instances have set aside in leases and not yet shown. An instance serves
-- counted decisions from its lease in memory and moves what it showed from held to used every half second, so
-- used + held is never more than the limit, whatever is in flight; what a crashed instance held stays held until
-- the period ends (an under-send, never an over-send).
alter table constraint_usage add column held numeric(14,2) not null default 0;
