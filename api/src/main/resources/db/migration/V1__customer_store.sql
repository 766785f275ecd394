-- The current state of each customer: the whole CONTRACT section 1 document, read in one round trip.
-- Agreed with the simulator (--from-db): keep these names.
create table customer_context (
    customer_id text primary key,
    context     jsonb       not null,
    updated_at  timestamptz not null default now()
);

-- Any identifier (ACCOUNT, MSISDN, EMAIL, SOCIAL, STORE_CARD) resolves to exactly one customer.
create table customer_identifier (
    identifier_type  text not null,
    identifier_value text not null,
    customer_id      text not null references customer_context (customer_id) on delete cascade,
    primary key (identifier_type, identifier_value)
);
create index customer_identifier_by_customer on customer_identifier (customer_id);

-- Every event received, append-only; a repeated event_id is accepted and changes nothing.
create table customer_event (
    event_id    text primary key,
    customer_id text        not null references customer_context (customer_id),
    event_type  text        not null,
    occurred_at timestamptz not null,
    received_at timestamptz not null default now(),
    body        jsonb       not null
);
create index customer_event_by_customer on customer_event (customer_id, occurred_at);

-- Every decision made, so outcomes can refer to it and an auditor can replay it.
create table decision (
    decision_id      text primary key,
    customer_id      text        not null,
    stored_customer  boolean     not null,
    channel          text        not null,
    as_of            timestamptz not null,
    rule_set_version text        not null,
    actions          jsonb       not null,
    suppressed       jsonb       not null,
    made_at          timestamptz not null default now()
);
create index decision_by_customer on decision (customer_id, as_of);

-- What the customer did with an action; each lands in the context's contactHistory too.
create table decision_outcome (
    decision_id  text        not null references decision (decision_id),
    action_id    text        not null,
    outcome      text        not null,
    action_type  text        not null,
    channel      text        not null,
    occurred_at  timestamptz not null,
    recorded_at  timestamptz not null default now(),
    primary key (decision_id, action_id, outcome)
);
