// The one way pages talk to the server: fetch with the session. The cookie goes by itself (same
// origin, HttpOnly); every change carries the session's CSRF token in X-CSRF-Token; a problem+json
// answer becomes an ApiError with the server's title, detail and field errors; a 401 ends the
// session on the page (app.js shows the sign-in form).

const CSRF_HEADER = 'X-CSRF-Token';
const ACCEPT = 'application/json, application/problem+json';

let csrfToken = null;
let onSignedOut = () => {};
/** Bumped at every sign-in and sign-out, so answers for an earlier session are dropped. */
let epoch = 0;

/** The server refused or failed: its problem's words, for the page to show. */
export class ApiError extends Error {
  constructor(status, problem) {
    const text = problem.detail || problem.message || problem.title || `HTTP ${status}`;
    super(String(text));
    this.status = status;
    this.title = problem.title || '';
    this.detail = problem.detail || '';
    /** { field: message } when the problem names fields (an `errors` list or map), else {}. */
    this.fields = fieldErrors(problem);
  }
}

/** Thrown when the server answered 401 or the session changed meanwhile: nothing to show. */
export class SignedOut extends Error {}

function fieldErrors(problem) {
  const out = {};
  const errors = problem.errors || problem.invalid_params;
  if (Array.isArray(errors)) {
    for (const e of errors) if (e && (e.field || e.name)) out[e.field || e.name] = String(e.detail || e.message || e.reason || '');
  } else if (errors && typeof errors === 'object') {
    for (const [k, v] of Object.entries(errors)) out[k] = String(v);
  }
  return out;
}

export function startSession(csrf, signedOut) {
  epoch++;
  csrfToken = csrf;
  onSignedOut = signedOut;
}

export function endSession() {
  epoch++;
  csrfToken = null;
}

export function headers(method, extra = {}) {
  const out = { Accept: ACCEPT, ...extra };
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) out[CSRF_HEADER] = csrfToken;
  return out;
}

/** The raw Response (for status checks and headers); a 401 signs out. */
export async function request(path, { method = 'GET', body, json, headers: extra } = {}) {
  const started = epoch;
  const init = { method, cache: 'no-store', credentials: 'same-origin', headers: headers(method, extra) };
  if (json !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(json);
  } else if (body !== undefined) {
    init.body = body;
  }
  const res = await fetch(path, init);
  if (started !== epoch) throw new SignedOut('the session changed meanwhile');
  if (res.status === 401 && csrfToken) {
    sessionEnded();
    throw new SignedOut('signed out');
  }
  return res;
}

/** The server answered 401 (here or to an XMLHttpRequest upload): back to the sign-in form. */
export function sessionEnded() {
  if (!csrfToken) return;
  endSession();
  onSignedOut('Your session has ended; sign in again.');
}

/** The answer's JSON (null for 204); an ApiError for anything but 2xx. */
export async function call(path, options = {}) {
  const res = await request(path, options);
  if (!res.ok) throw new ApiError(res.status, await problemOf(res));
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  return type.includes('json') ? res.json() : res.text();
}

export const get = (path) => call(path);
export const post = (path, json) => call(path, { method: 'POST', json });
export const patch = (path, json) => call(path, { method: 'PATCH', json });
export const put = (path, json) => call(path, { method: 'PUT', json });
export const del = (path) => call(path, { method: 'DELETE' });

/** The problem document in an error answer; {} when the body is not JSON. */
export async function problemOf(res) {
  try {
    const body = await res.json();
    return body && typeof body === 'object' ? body : {};
  } catch (e) {
    return {}; // not JSON: the status says enough
  }
}

/** A path with query parameters, leaving out empty ones. */
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** Every item of a paged listing, up to max items (the console's pickers and counts). */
export async function all(path, params = {}, max = 5000) {
  const items = [];
  let cursor = null;
  do {
    const page = await get(withQuery(path, { ...params, limit: 1000, cursor }));
    items.push(...(page.items || []));
    cursor = page.next_cursor;
  } while (cursor && items.length < max);
  return items;
}

export const enc = encodeURIComponent;
