-- A customer's context is versioned: every change keeps the version it replaces, so a decision on a stored customer
-- records which version it saw (a number) instead of a copy of the whole document. Decisions far outnumber changes
-- to a context, so the audit keeps each context once, not once per decision.
alter table customer_context add column version bigint not null default 1;

create table customer_context_version (
    customer_id   text        not null,
    version       bigint      not null,
    context       jsonb       not null,
    superseded_at timestamptz not null default now(),
    primary key (customer_id, version)
);
create index customer_context_version_by_superseded on customer_context_version (superseded_at);

-- Kept by the database, so no way of writing a context (an event, a profile, a send, a tool) can forget it.
create function keep_context_version() returns trigger language plpgsql as $$
begin
    if new.context is distinct from old.context then
        insert into customer_context_version (customer_id, version, context)
        values (old.customer_id, old.version, old.context)
        on conflict do nothing;
        new.version := old.version + 1;
    else
        new.version := old.version;
    end if;
    return new;
end
$$;
create trigger customer_context_versions before update on customer_context
    for each row execute function keep_context_version();

alter table decision add column context_version bigint;

-- lz4 compresses the large documents (answers, contexts) several times faster than the default pglz, which was
-- most of what writing a decision cost the database; where the server was built without lz4, pglz stays.
do $$
begin
    if exists (select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any (enumvals)) then
        alter table decision alter column answer set compression lz4;
        alter table decision alter column context set compression lz4;
        alter table customer_context alter column context set compression lz4;
        alter table customer_context_version alter column context set compression lz4;
    end if;
end
$$;
