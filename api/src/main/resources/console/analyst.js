// The analyst's screen: the rule set serving and its versions (active, challenger, the last load that failed,
// with file and line), the volume constraints with what is left in their period, and the propensity models.

import {ApiError, get} from './api.js';
import {complain, h, say, shortVersion, when} from './html.js';
import {channelName} from './agent.js';

/** Draws the screen; a key without the ANALYST role gets a clear message instead. */
export async function load(target) {
  target.setAttribute('aria-busy', 'true');
  say('Loading the rule sets, constraints and models…');
  try {
    const [rules, versions, challenger, constraints, models] = await Promise.all([
      get('/v1/rules'), get('/v1/rule-sets'), orNull(get('/v1/rule-sets/challenger')), get('/v1/constraints'),
      get('/v1/models')]);
    target.replaceChildren(
        ruleSets(rules, versions, challenger),
        constraintsSection(constraints),
        modelsSection(models));
    say(`${versions.length} rule-set versions, ${constraints.length} constraints, ${models.length} models.`);
    complain('');
  } catch (error) {
    say('');
    if (error instanceof ApiError && error.status === 403) {
      target.replaceChildren(h('p', {class: 'refused', id: 'analyst-refused'},
          'This screen is for analysts: it needs a key with the ANALYST role, and yours does not have it. ',
          'Your key still works on the screens its roles allow.'));
      complain('This screen needs the ANALYST role.');
    } else {
      complain(error.message);
    }
  } finally {
    target.removeAttribute('aria-busy');
  }
}

async function orNull(promise) {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      return null;
    }
    throw error;
  }
}

function ruleSets(rules, versions, challenger) {
  return h('section', {'aria-labelledby': 'rule-sets-title'},
      h('h3', {id: 'rule-sets-title'}, 'Rule sets'),
      h('p', {}, 'Serving ', shortVersion(rules.version), `, loaded ${when(rules.loadedAt)}`,
          `, ${(rules.rules || []).length} rules in ${(rules.files || []).length} files.`),
      failedLoad(rules.lastFailedLoad),
      challengerPart(challenger),
      h('h4', {}, `Versions (${versions.length})`),
      h('table', {class: 'versions'},
          h('thead', {}, h('tr', {}, ['Version', 'Status', 'Created', 'Activated', 'Scenarios', 'Rules', 'Origin']
              .map(c => h('th', {scope: 'col'}, c)))),
          h('tbody', {}, versions.map(v => h('tr', {class: v.status.toLowerCase(), dataset: {status: v.status}},
              h('td', {}, shortVersion(v.version)),
              h('td', {}, h('span', {class: `version-status ${v.status.toLowerCase()}`}, v.status)),
              h('td', {}, when(v.createdAt)), h('td', {}, when(v.activatedAt) || '—'),
              h('td', {}, v.scenarios ? `${v.scenarios.passed} passed, ${v.scenarios.failed} failed` : '—'),
              h('td', {}, v.rules ?? '—'), h('td', {}, v.origin || '—'))))));
}

function failedLoad(failure) {
  if (!failure) {
    return h('p', {class: 'ok'}, 'No failed load since this rule set started serving.');
  }
  const problems = [...(failure.errors || []), ...(failure.failedScenarios || [])];
  return h('section', {class: 'failed-load', 'aria-labelledby': 'failed-load-title'},
      h('h4', {id: 'failed-load-title'}, `Last failed load, ${when(failure.at)}`),
      h('p', {}, 'It was refused and the version above went on serving.'),
      h('table', {},
          h('thead', {}, h('tr', {}, ['File', 'Line', 'Problem'].map(c => h('th', {scope: 'col'}, c)))),
          h('tbody', {}, problems.map(p => h('tr', {},
              h('td', {}, h('code', {}, p.file || '—')), h('td', {}, p.line > 0 ? String(p.line) : '—'),
              h('td', {}, p.message))))));
}

function challengerPart(challenger) {
  if (!challenger) {
    return h('p', {class: 'challenger'}, 'No challenger: the active version decides for every customer.');
  }
  const side = (name, s) => s && h('li', {}, `${name} `, shortVersion(s.version), `: ${s.decisions} decisions`,
      Object.keys(s.actions || {}).length ? ` (${Object.entries(s.actions).map(([k, n]) => `${k} ${n}`).join(', ')})` : '');
  return h('section', {class: 'challenger', 'aria-labelledby': 'challenger-title'},
      h('h4', {id: 'challenger-title'}, 'Challenger'),
      h('p', {}, shortVersion(challenger.version), ` decides for ${challenger.percent}% of customers since `,
          when(challenger.since), '.'),
      h('ul', {}, side('Champion', challenger.champion), side('Challenger', challenger.challenger)));
}

function constraintsSection(constraints) {
  return h('section', {'aria-labelledby': 'constraints-title'},
      h('h3', {id: 'constraints-title'}, `Volume constraints (${constraints.length})`),
      constraints.length === 0 ? h('p', {class: 'empty'}, 'The active rule set caps no volume.')
          : h('table', {class: 'constraints'},
              h('thead', {}, h('tr', {}, ['Constraint', 'Applies to', 'Period', 'Limit', 'Used', 'Left']
                  .map(c => h('th', {scope: 'col'}, c)))),
              h('tbody', {}, constraints.map(c => h('tr', {dataset: {name: c.name}},
                  h('td', {}, c.name),
                  h('td', {}, [c.channel && channelName(c.channel), c.type, c.key].filter(Boolean).join(', ') || 'every action'),
                  h('td', {}, `${c.period} from ${c.periodStart}`),
                  h('td', {class: 'number'}, String(c.limit)), h('td', {class: 'number'}, String(c.used)),
                  h('td', {class: 'number'}, h('meter', {min: 0, max: c.limit, value: c.remaining,
                    'aria-label': `${c.remaining} of ${c.limit} left`}), ` ${c.remaining}`))))));
}

function modelsSection(models) {
  return h('section', {'aria-labelledby': 'models-title'},
      h('h3', {id: 'models-title'}, `Propensity models (${models.length})`),
      models.length === 0 ? h('p', {class: 'empty'}, 'No model has learned from an outcome yet.')
          : h('table', {class: 'models'},
              h('thead', {}, h('tr', {}, ['Action key', 'Channel', 'Accepted', 'Declined or ignored', 'AUC', 'Active',
                'Top predictors'].map(c => h('th', {scope: 'col'}, c)))),
              h('tbody', {}, models.map(m => h('tr', {dataset: {key: m.key}},
                  h('td', {}, h('code', {}, m.key)), h('td', {}, m.channel ? channelName(m.channel) : 'every channel'),
                  h('td', {class: 'number'}, String(m.positives)), h('td', {class: 'number'}, String(m.negatives)),
                  h('td', {class: 'number'}, typeof m.auc === 'number' ? m.auc.toFixed(3) : '—'),
                  h('td', {}, m.active ? 'yes' : 'not yet'),
                  h('td', {}, (m.predictors || []).slice(0, 3)
                      .map(p => `${p.name} ${(p.importance * 100).toFixed(0)}%`).join(', ') || '—'))))));
}
