// An integrator's program, written against the TypeScript (fetch) client openapi-generator makes from the served
// document: a profile, events (the removed tablet SIM still billed), a decision, its outcome, the context, the
// rules. Usage: node flow.js BASE_URL CHANNEL_KEY RECORDER_KEY ANALYST_KEY; exits non-zero on the first thing that
// is not as the contract says.
import {
    Configuration, CustomersApi, DecisionsApi, RulesApi,
    AccountStatus, Channel, ContactOutcome, EventType, IdentifierType, Segment, SubscriptionKind, SubscriptionStatus,
} from './client';

// Node's process, declared here rather than by installing @types/node for two members.
declare const process: {argv: string[]; exit(code: number): never};

const [base, channelKey, recorderKey, analystKey] = process.argv.slice(2);
const config = (key: string) => new Configuration({basePath: base.replace(/\/$/, ''), accessToken: key});

function check(holds: boolean, what: string): void {
    if (!holds) {
        throw new Error('not as the contract says: ' + what);
    }
}

async function flow(): Promise<void> {
    const recorder = new CustomersApi(config(recorderKey));
    const channelCustomers = new CustomersApi(config(channelKey));
    const decisions = new DecisionsApi(config(channelKey));
    const rules = new RulesApi(config(analystKey));

    const saved = await recorder.saveProfile({
        customerId: 'C-8001',
        customerContext: {
            customerId: 'C-8001', name: 'Tom Okafor', segment: Segment.Consumer,
            identifiers: [{type: IdentifierType.Social, value: '@tomokafor'}],
            consents: {EMAIL: true},
            accounts: [{accountId: 'CA-80', status: AccountStatus.Active, openedAt: new Date('2021-06-01'),
                monthlyCommitment: 45.00}],
            subscriptions: [{subscriptionId: 'S-81', accountId: 'CA-80', kind: SubscriptionKind.DataOnly,
                device: 'TABLET', status: SubscriptionStatus.Active, activatedAt: new Date('2022-01-10')}],
        },
    });
    check(saved.identifiers?.[0]?.value === '@tomokafor', 'profile saved');

    const accepted = await recorder.postEvents({
        event: [
            {eventId: 'T-1', customer: {id: 'C-8001'}, type: EventType.LineRemoved,
                at: new Date('2026-03-10T10:50:00Z'), channel: Channel.Store, accountId: 'CA-80', subscriptionId: 'S-81',
                monthlyDelta: -12.5},
            {eventId: 'T-2', customer: {id: 'C-8001'}, type: EventType.ChargeBilled, at: new Date('2026-04-01T00:00:00Z'),
                chargeId: 'CH-81', accountId: 'CA-80', subscriptionId: 'S-81', billMonth: '2026-04', amount: 12.5,
                kind: 'RECURRING'},
        ],
    });
    check(accepted.applied === 2, 'events applied: ' + JSON.stringify(accepted));

    const decision = await decisions.decide({decisionRequest: {
        customer: {id: 'C-8001'}, channel: Channel.CallCenter, asOf: new Date('2026-05-20T10:00:00Z')}});
    check(decision.actions.some(a => a.amount === 12.5), 'a credit of 12.50: ' + JSON.stringify(decision.actions));

    const outcome = await decisions.recordOutcome({decisionId: decision.decisionId, outcomeRequest: {
        actionId: decision.actions[0].actionId, outcome: ContactOutcome.Accepted, at: new Date('2026-05-20T10:05:00Z')}});
    check(outcome.inContactHistory, 'outcome recorded');

    const context = await channelCustomers.getContext({customerId: 'C-8001'});
    check((context.contactHistory ?? []).some(c => c.decisionId === decision.decisionId), 'outcome in the history');
    const found = await channelCustomers.findCustomer({identifier: 'SOCIAL:TomOkafor'});
    check(found.customerId === 'C-8001', 'found by handle');

    const ruleSet = await rules.getRules();
    check(ruleSet.version.startsWith('sha256:'), 'rules: ' + ruleSet.version);
    console.log('typescript client flow: ok, decision ' + decision.decisionId);
}

flow().catch(async e => {
    const body = e.response ? await e.response.text() : '';
    console.error(String(e), body);
    process.exit(1);
});
