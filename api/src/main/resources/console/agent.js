// The agent's screen: one customer, found by any identifier, and what every channel would do for them now.
// Each channel's column is a preview decision ("preview": true): looking records nothing, counts against no
// constraint and sends nothing. Outcomes are recorded only when the agent records one.

import {ApiError, get, post} from './api.js';
import {complain, h, money, say, shortVersion, uniqueId, when} from './html.js';
import {describe, readings} from './identifiers.js';

export const CHANNELS = ['STORE', 'CALL_CENTER', 'WEB', 'APP', 'SOCIAL', 'EMAIL', 'SMS', 'LETTER'];
const CHANNEL_NAMES = {
  STORE: 'Store', CALL_CENTER: 'Call centre', WEB: 'Web', APP: 'App', SOCIAL: 'Social', EMAIL: 'Email',
  SMS: 'SMS', LETTER: 'Letter'
};
const OUTCOMES = ['PRESENTED', 'ACCEPTED', 'DECLINED', 'IGNORED'];

export function channelName(channel) {
  return CHANNEL_NAMES[channel] || channel;
}

/** Finds the customer the text names and shows them; the promise settles when the screen is drawn. */
export async function find(text, asOf, target) {
  const options = readings(text);
  if (options.length === 0) {
    complain('Type an identifier: a handle, phone number, email, account, store card or customer id.');
    return;
  }
  target.replaceChildren();
  target.setAttribute('aria-busy', 'true');
  say(`Looking for ${text.trim()}…`);
  try {
    const found = await lookUp(options);
    if (!found) {
      say('');
      complain(`No customer answers to ${options.map(describe).join(', or ')}.`);
      target.append(h('p', {class: 'empty'}, `No customer found for “${text.trim()}”.`));
      return;
    }
    await show(found.customerId, found.context, asOf, target);
  } catch (error) {
    say('');
    complain(error instanceof ApiError && error.status === 403
        ? 'Finding customers needs the CHANNEL role, and this key does not have it.'
        : error.message);
  } finally {
    target.removeAttribute('aria-busy');
  }
}

async function lookUp(options) {
  for (const option of options) {
    try {
      let customerId = option.id;
      if (customerId === undefined) {
        const found = await get(`/v1/customers?identifier=${encodeURIComponent(`${option.type}:${option.value}`)}`);
        customerId = found.customerId;
      }
      const context = await get(`/v1/customers/${encodeURIComponent(customerId)}/context`);
      return {customerId, context};
    } catch (error) {
      if (!(error instanceof ApiError) || (error.status !== 404 && error.status !== 400)) {
        throw error;
      }
    }
  }
  return null;
}

async function show(customerId, context, asOf, target) {
  const path = `/v1/customers/${encodeURIComponent(customerId)}`;
  say(`Found ${context.name || customerId}. Asking every channel…`);
  const [decisions, ...previews] = await Promise.all([
    get(`${path}/decisions?limit=20`),
    ...CHANNELS.map(channel => preview(customerId, channel, asOf))
  ]);
  const history = h('div', {id: 'history'});
  target.replaceChildren(
      h('section', {'aria-labelledby': 'customer-name', class: 'customer', dataset: {customerId}},
          h('h2', {id: 'customer-name'}, context.name || customerId),
          profile(customerId, context),
          h('div', {class: 'overview'}, owed(previews), story(previews)),
          channels(previews),
          history));
  drawHistory(history, customerId, context, decisions);
  const failed = previews.filter(p => p.error).length;
  say(`${context.name || customerId}: ${CHANNELS.length - failed} channels decided`
      + (failed ? `, ${failed} could not be` : '')
      + `, ${decisions.length} past ${decisions.length === 1 ? 'decision' : 'decisions'}.`);
  complain('');
}

async function preview(customerId, channel, asOf) {
  const request = {customer: {id: customerId}, channel, preview: true};
  if (asOf) {
    request.asOf = asOf;
  }
  try {
    return {channel, decision: await post('/v1/decisions', request)};
  } catch (error) {
    return {channel, error};
  }
}

function profile(customerId, context) {
  const identifiers = (context.identifiers || []).map(i => `${i.type} ${i.value}`).join(' · ');
  const accounts = (context.accounts || []).map(a =>
      `${a.accountId} ${a.status}, ${money(a.monthlyCommitment)} a month, contract to ${a.contractEnd || '—'}`);
  const cases = (context.cases || []).filter(c => c.status !== 'RESOLVED');
  return h('dl', {class: 'profile'},
      h('dt', {}, 'Customer id'), h('dd', {}, customerId),
      context.segment && [h('dt', {}, 'Segment'), h('dd', {}, context.segment)],
      h('dt', {}, 'Identifiers'), h('dd', {}, identifiers || '—'),
      accounts.length > 0 && [h('dt', {}, 'Accounts'), h('dd', {}, accounts.join('; '))],
      cases.length > 0 && [h('dt', {}, 'Open cases'),
        h('dd', {}, cases.map(c => `${c.caseId} ${c.topic || ''}${c.summary ? ': ' + c.summary : ''}`).join('; '))]);
}

/** What the customer is owed: the credits the channels offer, each once (every channel that can show one does). */
function owed(previews) {
  const credits = new Map();
  for (const {decision} of previews) {
    for (const action of decision ? decision.actions : []) {
      if (action.type === 'CREDIT' && !credits.has(action.key)) {
        credits.set(action.key, action);
      }
    }
  }
  const total = [...credits.values()].reduce((sum, a) => sum + (a.amount || 0), 0);
  return h('section', {class: 'owed', 'aria-labelledby': 'owed-title'},
      h('h3', {id: 'owed-title'}, 'Owed to the customer'),
      credits.size === 0
          ? h('p', {class: 'empty'}, 'Nothing: no channel offers a credit.')
          : [h('p', {class: 'total'}, h('span', {class: 'amount'}, money(total)), ' in credits'),
            h('ul', {}, [...credits.values()].map(a =>
                h('li', {}, h('span', {class: 'amount'}, money(a.amount)), ' ', a.title)))]);
}

function story(previews) {
  const told = previews.find(p => p.decision && p.decision.storySoFar);
  const lines = told ? told.decision.storySoFar : [];
  return h('section', {class: 'story', 'aria-labelledby': 'story-title'},
      h('h3', {id: 'story-title'}, 'The story so far'),
      lines.length === 0 ? h('p', {class: 'empty'}, 'Nothing has happened yet.')
          : h('ol', {}, lines.map(line => h('li', {}, line))));
}

function channels(previews) {
  const grid = h('div', {class: 'channels'}, previews.map(channelColumn));
  const toggle = h('button', {type: 'button', class: 'secondary', 'aria-pressed': 'false'}, 'Open every explanation');
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-pressed') !== 'true';
    toggle.setAttribute('aria-pressed', String(open));
    grid.querySelectorAll('details').forEach(d => { d.open = open; });
  });
  return h('section', {'aria-labelledby': 'channels-title'},
      h('div', {class: 'section-head'}, h('h3', {id: 'channels-title'}, 'What each channel shows'), toggle),
      h('p', {class: 'hint'}, 'Previews: asking every channel records nothing and sends nothing.'),
      grid);
}

function channelColumn({channel, decision, error}) {
  const title = uniqueId('channel');
  const column = h('section', {class: 'channel', 'aria-labelledby': title, dataset: {channel}},
      h('h4', {id: title}, channelName(channel)));
  if (error) {
    column.append(h('p', {class: 'problem-inline'}, error.message));
    return column;
  }
  const credits = decision.actions.filter(a => a.type === 'CREDIT');
  column.append(
      h('p', {class: 'owed-here'}, credits.length === 0 ? 'No credit shown here'
          : ['Owed: ', credits.map((a, i) => [i > 0 ? ', ' : '', h('span', {class: 'amount'}, money(a.amount))])]),
      h('h5', {}, `Actions (${decision.actions.length})`),
      decision.actions.length === 0 ? h('p', {class: 'empty'}, 'No action.')
          : h('ol', {class: 'actions'}, decision.actions.map(actionItem)),
      h('h5', {}, `Suppressed (${decision.suppressed.length})`),
      decision.suppressed.length === 0 ? h('p', {class: 'empty'}, 'Nothing suppressed.')
          : h('ul', {class: 'suppressed'}, decision.suppressed.map(suppressedItem)),
      h('h5', {}, `Cannot show here (${(decision.notShown || []).length})`),
      (decision.notShown || []).length === 0 ? h('p', {class: 'empty'}, 'Nothing held back.')
          : h('ul', {class: 'not-shown'}, decision.notShown.map(notShownItem)),
      h('p', {class: 'version'}, 'Decided by ', shortVersion(decision.ruleSetVersion),
          decision.variant === 'CHALLENGER' ? ' (challenger)' : ''));
  return column;
}

function actionItem(action) {
  const facts = [`priority ${action.priority.toFixed(3)}`, action.purpose];
  if (action.mandatory) {
    facts.push('mandatory');
  }
  if (action.fallback) {
    facts.push('fallback');
  }
  const reasons = action.reasons || [];
  return h('li', {class: 'action', dataset: {type: action.type, key: action.key || ''}},
      h('p', {class: 'title'}, h('span', {class: `badge ${action.type.toLowerCase()}`}, action.type), ' ',
          h('strong', {}, action.title),
          action.type === 'CREDIT' ? [' ', h('span', {class: 'amount'}, money(action.amount))] : null),
      h('p', {class: 'facts'}, facts.join(' · ')),
      h('details', {class: 'why'},
          h('summary', {}, `Why, and what to say (${reasons.length} ${reasons.length === 1 ? 'reason' : 'reasons'})`),
          action.message && h('p', {class: 'message'}, action.message),
          h('p', {class: 'facts'}, `propensity ${typeof action.propensity === 'number' ? action.propensity.toFixed(2) : '—'}`
              + ` from ${action.propensitySource === 'MODEL' ? 'a learned model' : 'the rules'}`),
          reasons.length > 0 && h('ul', {class: 'reasons', 'aria-label': 'Reasons'},
              reasons.map(r => h('li', {}, h('span', {class: 'rule'}, r.rule), ': ', r.text)))));
}

function suppressedItem(item) {
  const also = item.alsoBlockedBy || [];
  return h('li', {class: 'blocked', dataset: {type: item.type, key: item.key || ''}},
      h('p', {class: 'title'}, h('span', {class: `badge ${item.type.toLowerCase()}`}, item.type), ' ',
          h('strong', {}, item.title)),
      h('p', {class: 'because'}, 'Blocked by ', h('span', {class: 'rule'}, item.blockedBy),
          item.reason ? ': ' + item.reason : ''),
      (item.proposedBy || also.length > 0) && h('details', {class: 'why'},
          h('summary', {}, also.length > 0 ? `Proposed by, and ${also.length} more blocking` : 'Proposed by'),
          item.proposedBy && h('p', {class: 'facts'}, `Proposed by ${item.proposedBy}`),
          also.length > 0 && h('ul', {class: 'reasons', 'aria-label': 'Also blocked by'},
              also.map(r => h('li', {}, 'Also ', h('span', {class: 'rule'}, r.rule), ': ', r.text)))));
}

function notShownItem(item) {
  return h('li', {dataset: {type: item.type}},
      h('p', {class: 'title'}, h('span', {class: `badge ${item.type.toLowerCase()}`}, item.type), ' ',
          h('strong', {}, item.title)),
      h('p', {}, item.reason));
}

function drawHistory(target, customerId, context, decisions) {
  target.replaceChildren(contacts(context.contactHistory || []), pastDecisions(target, customerId, decisions));
}

function contacts(history) {
  const rows = [...history].sort((a, b) => String(b.at).localeCompare(String(a.at)));
  return h('section', {'aria-labelledby': 'contacts-title'},
      h('h3', {id: 'contacts-title', tabindex: '-1'}, `Contact history (${rows.length})`),
      rows.length === 0 ? h('p', {class: 'empty'}, 'No contact recorded yet.')
          : h('table', {class: 'contacts'},
              h('thead', {}, h('tr', {}, ['When', 'Channel', 'Action', 'Outcome'].map(c => h('th', {scope: 'col'}, c)))),
              h('tbody', {}, rows.map(c => h('tr', {},
                  h('td', {}, when(c.at)), h('td', {}, channelName(c.channel)),
                  h('td', {}, [c.actionType, c.title ? `: ${c.title}` : ''].join('')), h('td', {}, c.outcome))))));
}

function pastDecisions(history, customerId, decisions) {
  return h('section', {'aria-labelledby': 'decisions-title'},
      h('h3', {id: 'decisions-title'}, `Past decisions (${decisions.length})`),
      decisions.length === 0 ? h('p', {class: 'empty'}, 'No decision recorded yet (previews are not kept).')
          : h('table', {class: 'decisions'},
              h('thead', {}, h('tr', {}, ['When', 'Channel', 'Actions', 'Suppressed', 'Rule set', 'Record an outcome']
                  .map(c => h('th', {scope: 'col'}, c)))),
              h('tbody', {}, decisions.map(d => h('tr', {dataset: {decisionId: d.decisionId}},
                  h('td', {}, when(d.asOf)), h('td', {}, channelName(d.channel)),
                  h('td', {}, h('ul', {}, d.actions.map(a => h('li', {}, a.type, ': ', a.title,
                      a.type === 'CREDIT' ? ` ${money(a.amount)}` : '')))),
                  h('td', {}, String(d.suppressedCount ?? 0)),
                  h('td', {}, shortVersion(d.ruleSetVersion), d.variant === 'CHALLENGER' ? ' (challenger)' : ''),
                  h('td', {}, d.actions.length > 0 ? outcomeForm(history, customerId, d) : '—'))))));
}

function outcomeForm(history, customerId, decision) {
  const actionId = uniqueId('outcome-action');
  const outcomeId = uniqueId('outcome');
  const form = h('form', {class: 'outcome', novalidate: true},
      h('label', {for: actionId}, 'Action'),
      h('select', {id: actionId, name: 'action'},
          decision.actions.map(a => h('option', {value: a.actionId}, `${a.type}: ${a.title}`))),
      h('label', {for: outcomeId}, 'Outcome'),
      h('select', {id: outcomeId, name: 'outcome'}, OUTCOMES.map(o => h('option', {value: o}, o))),
      h('button', {type: 'submit'}, 'Record outcome'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const button = form.querySelector('button');
    button.disabled = true;
    const body = {actionId: form.elements.action.value, outcome: form.elements.outcome.value,
      at: new Date().toISOString()};
    say('Recording the outcome…');
    try {
      await post(`/v1/decisions/${encodeURIComponent(decision.decisionId)}/outcomes`, body);
      const path = `/v1/customers/${encodeURIComponent(customerId)}`;
      const [context, decisions] = await Promise.all([get(`${path}/context`), get(`${path}/decisions?limit=20`)]);
      drawHistory(history, customerId, context, decisions);
      say(`Outcome ${body.outcome} recorded for the ${channelName(decision.channel)} decision.`);
      complain('');
      document.getElementById('contacts-title').focus();
    } catch (error) {
      say('');
      complain(error.message);
      button.disabled = false;
    }
  });
  return form;
}
