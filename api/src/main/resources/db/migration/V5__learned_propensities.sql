-- Propensities learned from outcomes. A decision keeps the customer's predictors as they were (features), an
-- outcome its action key and a sequence number: every instance learns from the outcomes in that order, so all of
-- them hold the same models. A model's state is saved now and then, so an instance starts from it, not from zero.
alter table decision add column features jsonb;
alter table decision_outcome add column action_key text;
alter table decision_outcome add column seq bigserial;
create unique index decision_outcome_by_seq on decision_outcome (seq);

create table model (
    model_id           text        primary key,
    action_key         text        not null,
    channel            text,
    predictors_version text        not null,
    state              jsonb       not null,
    last_seq           bigint      not null,
    saved_at           timestamptz not null default now()
);

-- An analyst forgot a key's models: outcomes for that key up to after_seq teach nothing.
create table model_reset (
    action_key text        primary key,
    after_seq  bigint      not null,
    reset_at   timestamptz not null default now()
);
