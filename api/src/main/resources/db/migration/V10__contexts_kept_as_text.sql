-- A customer's context is kept as the text the service writes, not as jsonb. Every decision reads its customer's
-- context and parses it in Java; as jsonb, PostgreSQL first turned its binary form back into text for each read
-- (45-52 µs of the database's CPU for a 4 KB context, against 10-15 µs to hand back text), and parsed the text into
-- jsonb for each write (80 µs against 26 µs): a send writes the context with its contacts added, and an event writes
-- it too. Nothing on the hot path looks inside the document in SQL; the rare query that does casts as it reads.
-- The service alone writes contexts, always through its validated model, so the column holds its canonical JSON.
alter table customer_context alter column context type text using context::text;
alter table customer_context_version alter column context type text using context::text;

do $$
begin
    if exists (select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any (enumvals)) then
        alter table customer_context alter column context set compression lz4;
        alter table customer_context_version alter column context set compression lz4;
    end if;
end
$$;
