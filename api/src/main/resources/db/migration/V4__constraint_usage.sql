-- What each volume constraint has used in each period, shared by every instance on this store. A unit is taken
-- with one conditional update, so concurrent decisions never take more than the constraint allows.
create table constraint_usage (
    name         text          not null,
    period_start date          not null,
    used         numeric(14,2) not null default 0,
    primary key (name, period_start)
);

-- What a decision knew from outside the customer's context (what was left of each constraint), so a replay
-- decides on the same facts.
alter table decision add column outside jsonb;
