// The console is a client of the public /v1 API, and of nothing else: every call carries the key (or token) the
// user signed in with, as Authorization: Bearer, and the service decides what that key may see.

const STORAGE = 'chorus.console.key';

export function key() {
  return sessionStorage.getItem(STORAGE);
}

export function keep(value) {
  sessionStorage.setItem(STORAGE, value);
}

export function forget() {
  sessionStorage.removeItem(STORAGE);
}

export class ApiError extends Error {
  constructor(status, problem, path) {
    super(explain(status, problem, path));
    this.status = status;
    this.problem = problem;
  }
}

/** Calls the API; answers the parsed JSON (null for an empty body) or throws an ApiError. */
export async function call(method, path, body) {
  const headers = {Accept: 'application/json, application/problem+json'};
  const secret = key();
  if (secret) {
    headers.Authorization = `Bearer ${secret}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store', credentials: 'omit', redirect: 'error'
    });
  } catch (e) {
    throw new ApiError(0, null, path);
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = null;
    }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, json, path);
    if (response.status === 401 && secret) {
      // The key was revoked or the token expired while the page was open: back to signing in.
      window.dispatchEvent(new CustomEvent('chorus:unauthorised', {detail: error.message}));
    }
    error.retryAfter = response.headers.get('Retry-After');
    throw error;
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);

function explain(status, problem, path) {
  const detail = problem && (problem.detail || problem.title);
  switch (status) {
    case 0:
      return 'The service could not be reached. Check the connection and try again.';
    case 401:
      return 'The service does not know this key, or the token has expired. Sign in again.';
    case 403:
      return 'Your key does not have the role this needs.';
    case 404:
      return detail || `Not found: ${path}`;
    case 429:
      return 'Too many requests for this key just now. Wait a moment and try again.';
    case 503:
      return 'The service cannot reach its database just now; it recovers by itself. Try again shortly.';
    default:
      return detail ? `${status}: ${detail}` : `The service answered ${status} to ${path}.`;
  }
}
