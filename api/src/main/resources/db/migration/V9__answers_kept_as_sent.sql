-- A decision's answer is kept as the text it was answered with. As jsonb, PostgreSQL parsed every answer (about 9 KB)
-- into its binary form on the way in, for a column that is written once and read back whole: 69 µs of the
-- database's CPU per decision against 12 µs for the text, measured on the 2-core build machine. The audit now also
-- returns the very text the channel received, not PostgreSQL's reordering of it. The rare query that looks inside
-- (a challenger's action mix) casts as it reads.
alter table decision alter column answer type text using answer::text;

do $$
begin
    if exists (select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any (enumvals)) then
        alter table decision alter column answer set compression lz4;
    end if;
end
$$;
