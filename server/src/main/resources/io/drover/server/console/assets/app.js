// Drover console: the entry module. Signs in (or finds the session a reload kept), routes
// #/page?filters to one module of pages/, keeps one live event stream, and answers keyboard
// shortcuts. Pages are ES modules loaded on first use: no build step, no bundler; the JSON API
// the CLI uses is the only interface they have.
import { h, fill } from './lib/dom.js';
import * as api from './lib/api.js';
import * as session from './lib/session.js';
import * as live from './lib/live.js';
import { shortcuts } from './lib/keys.js';
import { clearToasts } from './lib/toast.js';

/** Path pattern → page module; `:name` parts become params. The first entry is the home page. */
const ROUTES = [
  ['/dashboard', 'dashboard', 'vms_read'],
  ['/vms', 'vms', 'vms_read'],
  ['/vms/new', 'vm-create', 'vms_write'],
  ['/vms/:id', 'vm-detail', 'vms_read'],
  ['/hosts', 'hosts', 'hosts_read'],
  ['/hosts/:id', 'host-detail', 'hosts_read'],
  ['/images', 'images', 'images_read'],
  ['/networks', 'networks', 'networks_read'],
  ['/tasks', 'tasks', 'tasks_read'],
  ['/tasks/:id', 'task-detail', 'tasks_read'],
  ['/events', 'events', 'events_read'],
  ['/machines', 'machines', 'machines_read'],
  ['/projects', 'projects', 'projects_read'],
  ['/projects/:name', 'project-detail', 'projects_read'],
  ['/users', 'users', 'users_read'],
  ['/audit', 'audit', 'audit_read'],
  ['/settings/ldap', 'ldap', 'settings_read'],
  ['/account', 'account', 'self_read'],
];

/** The header's links: [path, text, permission]. */
const NAV = [
  ['/dashboard', 'Dashboard', 'vms_read'],
  ['/vms', 'VMs', 'vms_read'],
  ['/hosts', 'Hosts', 'hosts_read'],
  ['/images', 'Images', 'images_read'],
  ['/networks', 'Networks', 'networks_read'],
  ['/tasks', 'Tasks', 'tasks_read'],
  ['/events', 'Events', 'events_read'],
  ['/machines', 'Machines', 'machines_read'],
  ['/projects', 'Projects', 'projects_read'],
  ['/users', 'Users', 'users_read'],
  ['/audit', 'Audit', 'audit_read'],
  ['/settings/ldap', 'LDAP', 'settings_read'],
];

const $ = (id) => document.getElementById(id);
const ui = {
  app: $('app'), nav: $('nav'), live: $('live'), who: $('who'), whoName: $('who-name'), whoRole: $('who-role'),
  signOut: $('sign-out'), signin: $('signin'), signinForm: $('signin-form'), signinError: $('signin-error'),
  signinInfo: $('signin-info'), signinSubmit: $('signin-submit'), username: $('username'), password: $('password'),
  totpRow: $('totp-row'), totp: $('totp'),
};

let mounted = null; // { key, instance }
let routing = 0;

// ---- routing ---------------------------------------------------------------------------------

/** The hash as { path, query }: '#/vms?status=running' → '/vms', status=running. */
function location() {
  const raw = window.location.hash.replace(/^#/, '') || '';
  const at = raw.indexOf('?');
  const path = (at < 0 ? raw : raw.slice(0, at)) || '';
  return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(at < 0 ? '' : raw.slice(at + 1)) };
}

function match(path) {
  for (const [pattern, module, permission] of ROUTES) {
    const want = pattern.split('/');
    const got = path.split('/');
    if (want.length !== got.length) continue;
    const params = {};
    let ok = true;
    for (let i = 0; i < want.length; i++) {
      if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(got[i]);
      else if (want[i] !== got[i]) ok = false;
    }
    if (ok) return { pattern, module, permission, params };
  }
  return null;
}

/** Goes to a console path ('/vms?status=running'); a new history entry unless replace. */
export function navigate(path, { replace = false } = {}) {
  const hash = `#${path}`;
  if (replace) history.replaceState(null, '', hash);
  else history.pushState(null, '', hash);
  route();
}

/** Changes the current page's query: changes { status: 'running', cursor: '' } ('' removes). */
function go(changes, options = {}) {
  const { path, query } = location();
  for (const [k, v] of Object.entries(changes)) {
    if (v === '' || v === null || v === undefined) query.delete(k);
    else query.set(k, String(v));
  }
  const s = query.toString();
  navigate(s ? `${path}?${s}` : path, options);
}

async function route() {
  if (!session.get()) return;
  const { path, query } = location();
  let found = match(path);
  if (!found || !session.holds(found.permission)) {
    const home = homePath();
    if (path !== home) {
      history.replaceState(null, '', `#${home}`);
      found = match(home);
    }
  }
  const key = `${found.pattern}|${JSON.stringify(found.params)}`;
  markNav(found.pattern);
  if (mounted && mounted.key === key && mounted.instance && mounted.instance.onQuery) {
    mounted.instance.onQuery(query);
    return;
  }
  const mine = ++routing;
  unmount();
  const module = await import(`./pages/${found.module}.js`);
  if (mine !== routing || !session.get()) return;
  fill(ui.app);
  const ctx = { params: found.params, query, go, navigate };
  mounted = { key, instance: module.mount(ui.app, ctx) || {} };
}

function unmount() {
  if (mounted && mounted.instance && mounted.instance.unmount) mounted.instance.unmount();
  mounted = null;
  fill(ui.app);
}

/** The first page the caller may see: the dashboard, else the machines. */
function homePath() {
  const first = ROUTES.find(([, , permission]) => session.holds(permission));
  return first ? first[0] : '/account';
}

function markNav(pattern) {
  const section = `/${pattern.split('/')[1]}`;
  for (const a of ui.nav.querySelectorAll('a')) {
    if (a.dataset.path === section || a.dataset.path === pattern) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function buildNav() {
  fill(ui.nav, NAV.filter(([, , p]) => session.holds(p)).map(([path, text]) => h('a', { href: `#${path}`, dataset: { path } }, text)));
}

// ---- signing in and out ----------------------------------------------------------------------

function signedIn(info) {
  session.set(info);
  api.startSession(info.csrf_token, (message) => showSignIn(message, 'error'));
  const user = info.user || {};
  ui.whoName.textContent = user.username || '';
  ui.whoRole.textContent = user.role || '';
  ui.whoRole.className = `who-role role-${/^[a-z]+$/.test(user.role || '') ? user.role : 'other'}`;
  buildNav();
  showSignedIn(true);
  live.connect();
  route();
}

function showSignedIn(yes) {
  ui.who.hidden = !yes;
  ui.live.hidden = !yes;
  ui.nav.hidden = !yes;
  ui.app.hidden = !yes;
  ui.signin.hidden = yes;
  ui.password.value = '';
  ui.totp.value = '';
  ui.totpRow.hidden = true;
}

/** Back to the form: nothing of the previous session stays on the page. */
function showSignIn(message, kind) {
  document.title = 'Drover';
  session.set(null);
  api.endSession();
  live.disconnect();
  routing++;
  unmount();
  clearToasts();
  fill(ui.nav);
  showSignedIn(false);
  signinMessage(message, kind);
  (ui.username.value ? ui.password : ui.username).focus();
}

function signinMessage(message, kind) {
  ui.signinError.hidden = !(message && kind === 'error');
  ui.signinInfo.hidden = !(message && kind !== 'error');
  if (message) (kind === 'error' ? ui.signinError : ui.signinInfo).textContent = message;
}

async function signIn(event) {
  event.preventDefault();
  const body = { username: ui.username.value.trim(), password: ui.password.value };
  if (!body.username || !body.password) {
    signinMessage('Enter your username and password.', 'error');
    return;
  }
  if (!ui.totpRow.hidden && ui.totp.value.trim()) body.totp = ui.totp.value.trim();
  ui.signinSubmit.disabled = true;
  try {
    const res = await fetch('/api/v1/auth/login', {
      method: 'POST', cache: 'no-store', credentials: 'same-origin',
      headers: api.headers('POST', { 'Content-Type': 'application/json' }), body: JSON.stringify(body),
    });
    if (res.ok) {
      signedIn(await res.json());
      return;
    }
    const problem = await api.problemOf(res);
    if (res.status === 401 && problem.title === 'Two-factor code required') {
      const asked = ui.totpRow.hidden;
      ui.totpRow.hidden = false;
      ui.totp.value = '';
      signinMessage(problem.detail || (asked ? 'Enter the code from your authenticator app.' : 'The code was not accepted.'),
        asked ? 'info' : 'error');
      ui.totp.focus();
      return;
    }
    ui.password.value = '';
    ui.totp.value = '';
    signinMessage(`Could not sign in: ${new api.ApiError(res.status, problem).message}`, 'error');
    ui.password.focus();
  } catch (e) {
    signinMessage(`Could not sign in: ${e.message}`, 'error');
  } finally {
    ui.signinSubmit.disabled = false;
  }
}

async function signOut() {
  ui.signOut.disabled = true;
  try {
    await api.request('/api/v1/auth/logout', { method: 'POST' });
  } catch (e) {
    // signed out on the page either way; a lost request leaves a session that times out
  } finally {
    ui.signOut.disabled = false;
  }
  if (session.get()) showSignIn('You are signed out.', 'info');
}

/** At load: a session cookie from before a reload is still good, or the form shows. */
async function start() {
  try {
    const res = await fetch('/api/v1/auth/session', { cache: 'no-store', credentials: 'same-origin', headers: api.headers('GET') });
    if (res.ok) {
      const info = await res.json();
      if (info.csrf_token) {
        signedIn(info);
        return;
      }
    }
    showSignIn(res.status === 401 || res.ok ? '' : `The server answered: ${new api.ApiError(res.status, await api.problemOf(res)).message}`, 'error');
  } catch (e) {
    showSignIn(`The server is unreachable (${e.message}).`, 'error');
  }
}

live.onState((up) => {
  ui.live.textContent = up ? 'live' : 'reconnecting…';
  ui.live.className = `live ${up ? 'up' : 'polling'}`;
});
ui.signinForm.addEventListener('submit', signIn);
ui.signOut.addEventListener('click', signOut);
// Every history entry differs in its hash, so back and forward always fire hashchange.
window.addEventListener('hashchange', route);
shortcuts({ active: () => Boolean(session.get()), outlet: ui.app, navigate });
start();
