-- 100,000 benchmark customers B-1 .. B-100000 (prefix B-), each a copy of the seed customer (rules/customers/sam-rivers.json:
-- a rich context, 6 lines, 4 account events, 3 charges, 6 interactions, a case, a promotion) with its own
-- identifiers. Run on a database the service has already migrated:
--   psql "$DB" -v count=100000 -v prefix=B- -v template="$(cat rules/customers/sam-rivers.json)" -f api/bench/generate-customers.sql
\set ON_ERROR_STOP on
begin;
insert into customer_context (customer_id, context, updated_at)
select :'prefix' || g,
       jsonb_set(jsonb_set(jsonb_set(:'template'::jsonb, '{customerId}', to_jsonb(:'prefix' || g)),
                           '{name}', to_jsonb('Bench Customer ' || g)),
                 '{identifiers}', jsonb_build_array(
                     jsonb_build_object('type', 'ACCOUNT', 'value', 'BA-' || :'prefix' || g),
                     jsonb_build_object('type', 'MSISDN', 'value', '+4479' || lpad(g::text, 8, '0')),
                     jsonb_build_object('type', 'EMAIL', 'value', lower(:'prefix') || g || '@example.com')))::text,
       now()
from generate_series(1, :count) g
on conflict (customer_id) do nothing;
insert into customer_identifier (identifier_type, identifier_value, customer_id)
select i ->> 'type', i ->> 'value', c.customer_id
from customer_context c, jsonb_array_elements(c.context::jsonb -> 'identifiers') i
where c.customer_id like :'prefix' || '%'
on conflict do nothing;
commit;
-- Only the tables just filled: analysing the empty decision tables would tell the planner they stay empty, and on a
-- server without autovacuum (this machine's) the plans cached for foreign-key checks would then scan the whole
-- decision table for every outcome a send records, slower with every decision.
analyze customer_context, customer_identifier;
