-- Rule sets as immutable, content-addressed versions: every instance on this store serves the active one, and
-- any decision can be replayed on the version that made it.
create table rule_set (
    version          text primary key,
    created_at       timestamptz not null default now(),
    origin           text        not null,
    rule_count       integer     not null,
    scenarios_passed integer     not null,
    scenarios_failed integer     not null
);

-- The files of a version as the analysts wrote them (paths relative to the rule-set root); binary for workbooks.
create table rule_set_file (
    version text  not null references rule_set (version) on delete cascade,
    path    text  not null,
    content bytea not null,
    primary key (version, path)
);

-- Every activation, in order: the latest names the version that serves (rollback is activating an older one).
create table rule_set_activation (
    id           bigserial primary key,
    version      text        not null references rule_set (version),
    activated_at timestamptz not null default now()
);

-- At most one challenger, deciding a stable share of customers.
create table rule_set_challenger (
    singleton boolean primary key default true check (singleton),
    version   text        not null references rule_set (version),
    percent   integer     not null check (percent between 1 and 100),
    since     timestamptz not null default now()
);

-- The audit: each decision keeps the context the engine saw (as stored, before asOf was applied), the whole
-- answer, and which side of a champion/challenger split made it.
alter table decision add column variant text not null default 'CHAMPION';
alter table decision add column max_actions integer;
alter table decision add column context jsonb;
alter table decision add column answer jsonb;
alter table decision alter column actions drop not null;
alter table decision alter column suppressed drop not null;
create index decision_by_customer_newest on decision (customer_id, made_at desc);
create index decision_by_made_at on decision (made_at);
