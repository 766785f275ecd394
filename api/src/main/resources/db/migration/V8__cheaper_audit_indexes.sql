-- Every decision is inserted once and read rarely, so each index on it is paid on the hot path. A customer's
-- decisions are listed newest first through decision_by_customer_newest; nothing reads them by as_of any more.
drop index if exists decision_by_customer;

-- Decisions and replaced context versions arrive in time order and are only ever cut by age (retention) or read
-- from a moment on (a challenger's action mix): a block range index answers that for almost nothing per insert,
-- where a B-tree was one more random page written per row.
drop index if exists decision_by_made_at;
create index decision_by_made_at on decision using brin (made_at);
drop index if exists customer_context_version_by_superseded;
create index customer_context_version_by_superseded on customer_context_version using brin (superseded_at);
