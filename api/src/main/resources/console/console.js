// The console's entry point: sign-in, sign-out and the two screens (#/customer for agents, #/analyst for analysts).
// Signing in keeps the key in sessionStorage (this tab only) and asks the API once what it makes of it.

import {ApiError, forget, get, keep, key} from './api.js';
import {complain, say} from './html.js';
import {find} from './agent.js';
import {load} from './analyst.js';

const $ = id => document.getElementById(id);

function signedIn() {
  return Boolean(key());
}

function route() {
  const analyst = location.hash === '#/analyst';
  $('sign-in').hidden = signedIn();
  $('views').hidden = !signedIn();
  $('session').hidden = !signedIn();
  $('customer-view').hidden = !signedIn() || analyst;
  $('analyst-view').hidden = !signedIn() || !analyst;
  for (const [link, current] of [[$('to-customer'), !analyst], [$('to-analyst'), analyst]]) {
    if (current) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  if (!signedIn()) {
    return;
  }
  if (analyst) {
    load($('analyst'));
  }
}

/**
 * Asks GET /v1/rules with the key: 401 means the service does not know it; 403 a key it knows without the ANALYST
 * role; 200 one with it. Nothing else is learnt, and nothing is recorded.
 */
async function signIn(event) {
  event.preventDefault();
  const value = $('api-key').value.trim();
  if (!value) {
    complain('Type or paste an API key.');
    $('api-key').focus();
    return;
  }
  keep(value);
  say('Signing in…');
  let analyst = false;
  try {
    await get('/v1/rules');
    analyst = true;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 403) {
      forget();
      say('');
      complain(error instanceof ApiError && error.status === 401
          ? 'The service does not know this key. Check it and try again.' : error.message);
      $('api-key').focus();
      return;
    }
  }
  $('api-key').value = '';
  complain('');
  $('roles').textContent = analyst ? 'Signed in (analyst screens open to this key)' : 'Signed in';
  say('Signed in.');
  route();
  (location.hash === '#/analyst' ? $('analyst-view-title') : $('identifier')).focus();
}

function signOut(reason) {
  forget();
  $('customer').replaceChildren();
  $('analyst').replaceChildren();
  $('roles').textContent = '';
  complain(typeof reason === 'string' ? reason : '');
  say('Signed out.');
  route();
  $('api-key').focus();
}

async function search(event) {
  event.preventDefault();
  complain('');
  const asOf = $('as-of').value.trim();
  if (asOf && Number.isNaN(Date.parse(asOf))) {
    complain('“Decide as of” must be a moment such as 2026-05-20T10:00:00Z, or empty for now.');
    $('as-of').focus();
    return;
  }
  await find($('identifier').value, asOf ? new Date(asOf).toISOString() : null, $('customer'));
}

$('sign-in-form').addEventListener('submit', signIn);
$('sign-out').addEventListener('click', () => signOut());
window.addEventListener('chorus:unauthorised', event => {
  if (!$('sign-in').hidden) {
    return;
  }
  signOut(event.detail);
});
$('search-form').addEventListener('submit', search);
$('analyst-refresh').addEventListener('click', () => load($('analyst')));
$('analyst-view-title').tabIndex = -1;
window.addEventListener('hashchange', route);
if (signedIn()) {
  $('roles').textContent = 'Signed in';
}
route();
document.body.dataset.ready = 'true';
