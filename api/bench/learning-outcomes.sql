-- :count synthetic decisions on the APP channel, each with the customer's predictors under the rule set's
-- predictors (:version), and one ACCEPTED or DECLINED outcome for its detractor call-back: a backlog for the
-- models to learn from at once, as after a bulk import of responses.
insert into decision (decision_id, customer_id, stored_customer, channel, as_of, rule_set_version, features)
select 'bench-learn-' || n, 'B-' || (1 + n % 100000), true, 'APP', timestamptz '2026-05-20 10:00:00+00', 'bench',
       jsonb_build_object('predictors', :'version', 'values', jsonb_build_array(
           'segment=' || (case when n % 3 = 0 then 'BUSINESS' else 'CONSUMER' end),
           'tenure=' || (array['<12', '12-24', '24-48', '>=48'])[1 + n % 4],
           'monthly-commitment=' || (array['<30', '30-60', '60-120', '>=120'])[1 + (n / 4) % 4],
           'active-lines=' || (array['<2', '2-4', '>=4'])[1 + (n / 16) % 3],
           'last-survey-score=<7',
           'open-cases=' || (array['<1', '1-2', '>=2'])[1 + (n / 48) % 3],
           'months-to-contract-end=' || (array['<1', '1-3', '3-6', '>=6'])[1 + (n / 7) % 4],
           'recent-account-events=<1',
           'channel=APP'))
from generate_series(1, :count) n;

insert into decision_outcome (decision_id, action_id, outcome, action_type, channel, occurred_at, action_key)
select 'bench-learn-' || n, 'A-bench-' || n,
       case when random() < 0.2 + 0.3 * (n % 3 = 0)::int then 'ACCEPTED' else 'DECLINED' end,
       'OUTREACH', 'APP', timestamptz '2026-05-21 10:00:00+00', 'detractor-callback'
from generate_series(1, :count) n;
