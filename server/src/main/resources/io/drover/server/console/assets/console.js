// Drover console: sign-in, then the table of tracked machines, kept live from the event stream and a short poll.
// Every reported string reaches the page through textContent, a property or an attribute, never as markup.
// The session lives in an HttpOnly cookie the page cannot read; every change sends the session's
// CSRF token in X-CSRF-Token. A 401 at any point returns to the sign-in form.
// Only the actions the caller may take are on the page: the server's answer at sign-in lists the
// permissions the caller holds (as the routes' x-permission names them) and in which projects.
'use strict';

(() => {
  const PAGE_SIZE = 1000;
  const MAX_PAGES = 10;
  const POLL_MS = 3000;
  const DEBOUNCE_MS = 250;
  const EVENTS_RETRY_MS = 10000;
  const CSRF_HEADER = 'X-CSRF-Token';
  const EVENT_TYPES = ['registered', 'offline', 'online', 'removed', 'deleted'];
  const STATUSES = new Set(['online', 'offline']);
  /** What deleting a machine and making or revoking a project's registration tokens need. */
  const MACHINES_WRITE = 'machines_write';

  const $ = (id) => document.getElementById(id);
  const ui = {
    rows: $('rows'),
    table: $('machines'),
    filter: $('filter'),
    shown: $('shown'),
    empty: $('empty'),
    notice: $('notice'),
    live: $('live'),
    app: $('app'),
    counts: $('counts'),
    who: $('who'),
    whoName: $('who-name'),
    whoRole: $('who-role'),
    signOut: $('sign-out'),
    signin: $('signin'),
    signinForm: $('signin-form'),
    signinError: $('signin-error'),
    signinInfo: $('signin-info'),
    signinSubmit: $('signin-submit'),
    username: $('username'),
    password: $('password'),
    totpRow: $('totp-row'),
    totp: $('totp'),
    online: $('count-online'),
    offline: $('count-offline'),
    total: $('count-total'),
    addMachines: $('add-machines'),
    enrol: $('enrol'),
    enrolClose: $('enrol-close'),
    enrolError: $('enrol-error'),
    enrolForm: $('enrol-form'),
    enrolProject: $('enrol-project'),
    enrolName: $('enrol-name'),
    enrolSubmit: $('enrol-submit'),
    enrolResult: $('enrol-result'),
    enrolCommandLabel: $('enrol-command-label'),
    enrolCommand: $('enrol-command'),
    enrolCopy: $('enrol-copy'),
    enrolCopied: $('enrol-copied'),
    enrolTokensTitle: $('enrol-tokens-title'),
    enrolTokenRows: $('enrol-token-rows'),
    enrolTokensEmpty: $('enrol-tokens-empty'),
  };

  const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const preciseFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

  let machines = [];
  let truncated = false;
  /** hostname -> { tr, cells, lastSeenMs } for the rows on the page, so updates touch only what changed. */
  const rowsByHost = new Map();
  /** Server clock minus browser clock, so "12 s ago" is right when the two clocks disagree. */
  let skewMs = 0;
  let loading = null;
  let reloadAfter = false;
  /** Bumped by local changes (a delete), so a listing fetched before the change is not shown after it. */
  let generation = 0;
  let debounce = null;
  let noticeTimer = null;
  let streamUp = false;
  let fetchOk = true;
  /** The signed-in session ({ user, csrf_token, permissions, all_projects, … }), or null while the sign-in form shows. */
  let session = null;
  /** Bumped at every sign-in and sign-out, so answers for an earlier session are dropped. */
  let epoch = 0;
  let events = null;
  /** Bumped when the panel closes or lists another project, so an earlier, slower token listing is dropped. */
  let tokensLoad = 0;

  /** Thrown when the server answered 401: the page is back at the sign-in form. */
  class SignedOut extends Error {}

  // ---- the API ---------------------------------------------------------------------------------

  /**
   * fetch with the session: the cookie goes by itself (same origin), changes carry the CSRF
   * token, and a 401 ends the session on the page.
   */
  async function api(path, options = {}) {
    const method = (options.method || 'GET').toUpperCase();
    const headers = { Accept: 'application/json, application/problem+json', ...(options.headers || {}) };
    if (method !== 'GET' && method !== 'HEAD' && session && session.csrf_token) headers[CSRF_HEADER] = session.csrf_token;
    const started = epoch;
    const res = await fetch(path, { cache: 'no-store', credentials: 'same-origin', ...options, method, headers });
    if (started !== epoch) throw new SignedOut('the session changed meanwhile');
    if (res.status === 401 && session) {
      showSignIn('Your session has ended; sign in again.', 'error');
      throw new SignedOut('signed out');
    }
    return res;
  }

  // ---- loading ---------------------------------------------------------------------------------

  /**
   * Every item of a paged listing, at most MAX_PAGES pages of PAGE_SIZE; onPage sees each
   * answer (the machine list reads the server's clock from it).
   */
  async function fetchPages(path, onPage = () => {}) {
    const items = [];
    let cursor = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = new URL(path, location.origin);
      url.searchParams.set('limit', String(PAGE_SIZE));
      if (cursor) url.searchParams.set('cursor', cursor);
      const res = await api(url.pathname + url.search);
      if (!res.ok) throw new Error(await problemText(res));
      onPage(res);
      const body = await res.json();
      items.push(...body.items);
      cursor = body.next_cursor;
      if (!cursor) return { items, truncated: false };
    }
    return { items, truncated: true };
  }

  function fetchAll() {
    return fetchPages('/api/v1/machines', noteServerClock);
  }

  /** One load at a time; calls during a load cause exactly one more load after it. */
  function refresh() {
    if (!session) return;
    if (loading) {
      reloadAfter = true;
      return;
    }
    const started = generation;
    loading = fetchAll()
      .then((result) => {
        fetchOk = true;
        if (started !== generation) {
          reloadAfter = true;
          return;
        }
        machines = result.items;
        truncated = result.truncated;
        render();
      })
      .catch((e) => {
        if (e instanceof SignedOut) return;
        fetchOk = false;
        console.warn('Drover: loading machines failed', e);
      })
      .finally(() => {
        loading = null;
        ui.table.classList.toggle('stale', !fetchOk);
        showLive();
        if (reloadAfter && session) {
          reloadAfter = false;
          refresh();
        }
      });
  }

  function scheduleRefresh() {
    if (debounce) return;
    debounce = setTimeout(() => {
      debounce = null;
      refresh();
    }, DEBOUNCE_MS);
  }

  function noteServerClock(res) {
    const date = Date.parse(res.headers.get('Date') || '');
    if (Number.isNaN(date)) return;
    const skew = date - Date.now();
    // The header has whole seconds; only correct differences it can actually show.
    skewMs = Math.abs(skew) > 2000 ? skew : 0;
  }

  // ---- rendering -------------------------------------------------------------------------------

  function render() {
    let online = 0;
    let offline = 0;
    for (const m of machines) {
      if (m.status === 'online') online++;
      else if (m.status === 'offline') offline++;
    }
    ui.online.textContent = String(online);
    ui.offline.textContent = String(offline);
    ui.total.textContent = String(machines.length);

    const needle = ui.filter.value.trim().toLowerCase();
    const visible = needle ? machines.filter((m) => matches(m, needle)) : machines;
    const keep = new Set();
    const now = Date.now() + skewMs;
    visible.forEach((m, i) => {
      let row = rowsByHost.get(m.hostname);
      if (!row) {
        row = createRow(m.hostname);
        rowsByHost.set(m.hostname, row);
      }
      updateRow(row, m, now);
      keep.add(m.hostname);
      const at = ui.rows.children[i];
      if (at !== row.tr) ui.rows.insertBefore(row.tr, at || null);
    });
    for (const [hostname, row] of rowsByHost) {
      if (!keep.has(hostname)) {
        row.tr.remove();
        rowsByHost.delete(hostname);
      }
    }

    let shown = needle ? `${visible.length} of ${machines.length} shown` : '';
    if (truncated) shown += `${shown ? ' · ' : ''}only the first ${PAGE_SIZE * MAX_PAGES} machines are listed`;
    ui.shown.textContent = shown;

    if (visible.length > 0) {
      ui.empty.hidden = true;
    } else {
      const orPanel = ui.addMachines.hidden ? '' : ', or take a project\u2019s install line from Add machines';
      ui.empty.textContent = machines.length === 0
        ? `No machines are tracked yet. Run the tracker on a machine (curl the server\u2019s /install.sh${orPanel}) and it appears here.`
        : `No machine matches \u201c${ui.filter.value.trim()}\u201d.`;
      ui.empty.hidden = false;
    }
  }

  function matches(m, needle) {
    if (m.hostname.toLowerCase().includes(needle)) return true;
    if ((m.ip_address || '').toLowerCase().includes(needle)) return true;
    return (m.ip_addresses || []).some((ip) => ip.toLowerCase().includes(needle));
  }

  function createRow(hostname) {
    const tr = document.createElement('tr');
    tr.dataset.hostname = hostname;
    const cells = {};
    for (const name of ['status', 'hostname', 'project', 'ip', 'interface', 'os', 'lastSeen', 'firstSeen', 'actions']) {
      const td = document.createElement('td');
      td.className = name;
      tr.append(td);
      cells[name] = td;
    }
    cells.status.dataset.label = 'Status';
    const badge = document.createElement('span');
    badge.className = 'badge';
    cells.status.append(badge);
    cells.badge = badge;
    return { tr, cells, lastSeenMs: NaN, deleteButton: null };
  }

  /** A Delete button only where the caller may delete: the server refuses everyone else. */
  function showDelete(row, hostname, allowed) {
    if (allowed && !row.deleteButton) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'danger';
      button.textContent = 'Delete';
      button.setAttribute('aria-label', `Delete ${hostname}`);
      button.addEventListener('click', () => deleteMachine(hostname, button));
      row.cells.actions.append(button);
      row.deleteButton = button;
    } else if (!allowed && row.deleteButton) {
      row.deleteButton.remove();
      row.deleteButton = null;
    }
  }

  function updateRow(row, m, now) {
    const c = row.cells;
    const status = STATUSES.has(m.status) ? m.status : 'unknown';
    if (c.badge.className !== `badge ${status}`) c.badge.className = `badge ${status}`;
    setText(c.badge, m.status || 'unknown');
    setText(c.hostname, m.hostname);
    setTitle(c.hostname, m.uuid ? `SMBIOS UUID ${m.uuid}` : '');
    setText(c.project, m.project || '');
    setText(c.ip, m.ip_address || '');
    const others = (m.ip_addresses || []).filter((ip) => ip !== m.ip_address);
    setTitle(c.ip, others.length ? `Also: ${others.join(', ')}` : '');
    setText(c.interface, m.interface || '');
    setOptional(c.os, m.os);
    setTitle(c.os, m.agent_version ? `tracker ${m.agent_version}` : '');

    row.lastSeenMs = Date.parse(m.last_seen);
    setText(c.lastSeen, ago(row.lastSeenMs, now));
    setTitle(c.lastSeen, absolute(preciseFormat, row.lastSeenMs, m.last_seen));
    const firstSeenMs = Date.parse(m.first_seen);
    setText(c.firstSeen, absolute(dateFormat, firstSeenMs, m.first_seen));
    setTitle(c.firstSeen, absolute(preciseFormat, firstSeenMs, m.first_seen));
    showDelete(row, m.hostname, may(MACHINES_WRITE, m.project));
  }

  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  function setTitle(node, title) {
    if (title) {
      if (node.title !== title) node.title = title;
    } else if (node.hasAttribute('title')) {
      node.removeAttribute('title');
    }
  }

  function setOptional(node, value) {
    const present = typeof value === 'string' && value !== '';
    setText(node, present ? value : '\u2014');
    node.classList.toggle('muted', !present);
  }

  /** "12 s ago"; a clock slightly ahead of the server must not show the future. */
  function ago(ms, now) {
    if (Number.isNaN(ms)) return '';
    const s = Math.max(0, Math.floor((now - ms) / 1000));
    if (s < 60) return `${s} s ago`;
    const min = Math.floor(s / 60);
    if (min < 60) return `${min} min ago`;
    const h = Math.floor(min / 60);
    if (h < 48) return `${h} h ago`;
    return `${Math.floor(h / 24)} d ago`;
  }

  function absolute(format, ms, raw) {
    return Number.isNaN(ms) ? (raw || '') : format.format(new Date(ms));
  }

  function tick() {
    const now = Date.now() + skewMs;
    for (const row of rowsByHost.values()) setText(row.cells.lastSeen, ago(row.lastSeenMs, now));
  }

  // ---- delete ----------------------------------------------------------------------------------

  async function deleteMachine(hostname, button) {
    if (!window.confirm(`Delete ${hostname}?\n\nIt is forgotten until its tracker reports again.`)) return;
    button.disabled = true;
    try {
      const res = await api(`/api/v1/machines/${encodeURIComponent(hostname)}`, { method: 'DELETE' });
      if (res.status === 204 || res.status === 404) {
        generation++;
        machines = machines.filter((m) => m.hostname !== hostname);
        render();
        notify(res.status === 204 ? `Deleted ${hostname}.` : `${hostname} was already gone.`, 'ok');
      } else {
        notify(`Could not delete ${hostname}: ${await problemText(res)}`, 'error');
      }
    } catch (e) {
      if (!(e instanceof SignedOut)) notify(`Could not delete ${hostname}: ${e.message}`, 'error');
    } finally {
      button.disabled = false;
      scheduleRefresh();
    }
  }

  /** The RFC 9457 problem (or the original tracker API's {message}) in a reply; {} when the body is not JSON. */
  async function problemBody(res) {
    try {
      const body = await res.json();
      return body && typeof body === 'object' ? body : {};
    } catch (e) {
      return {}; // not JSON; the status says enough
    }
  }

  function problemTextOf(body, res) {
    const text = body.detail || body.message || body.title;
    return text ? String(text) : `HTTP ${res.status}`;
  }

  async function problemText(res) {
    return problemTextOf(await problemBody(res), res);
  }

  function notify(text, kind) {
    clearTimeout(noticeTimer);
    ui.notice.textContent = text;
    ui.notice.className = `notice ${kind}`;
    ui.notice.hidden = false;
    noticeTimer = setTimeout(() => { ui.notice.hidden = true; }, kind === 'ok' ? 6000 : 15000);
  }

  // ---- what the caller may do ------------------------------------------------------------------

  /**
   * Whether the signed-in caller holds permission for things in project: the server's own answer,
   * so the page offers what the routes allow (admins everywhere, others in their projects).
   */
  function may(permission, project) {
    if (!holds(permission)) return false;
    if (session.all_projects === true) return true;
    return typeof project === 'string' && ((session.user || {}).projects || []).includes(project);
  }

  /** Whether the caller holds permission in at least one project. */
  function mayAnywhere(permission) {
    return holds(permission) && (session.all_projects === true || ((session.user || {}).projects || []).length > 0);
  }

  function holds(permission) {
    return Boolean(session) && Array.isArray(session.permissions) && session.permissions.includes(permission);
  }

  // ---- adding machines: a project's registration tokens -----------------------------------------

  function togglePanel() {
    if (ui.enrol.hidden) openPanel();
    else closePanel();
  }

  /** Shows the form with the caller's projects, then the chosen project's live tokens. */
  async function openPanel() {
    ui.enrol.hidden = false;
    ui.addMachines.setAttribute('aria-expanded', 'true');
    panelError('');
    ui.enrolSubmit.disabled = true;
    try {
      const projects = (await fetchPages('/api/v1/projects')).items.filter((p) => may(MACHINES_WRITE, p.name));
      if (ui.enrol.hidden) return;
      const before = ui.enrolProject.value;
      ui.enrolProject.replaceChildren(...projects.map((p) => {
        const option = document.createElement('option');
        option.value = p.name;
        option.textContent = p.name;
        if (p.description) option.title = p.description;
        return option;
      }));
      if (projects.some((p) => p.name === before)) ui.enrolProject.value = before;
      if (projects.length === 0) {
        panelError('You may add machines to no project.');
        return;
      }
      ui.enrolSubmit.disabled = false;
      ui.enrolName.focus();
      loadTokens();
    } catch (e) {
      if (!(e instanceof SignedOut)) panelError(`Could not list your projects: ${e.message}`);
    }
  }

  /** Hides the panel and takes the install line (it holds the token) off the page. */
  function closePanel() {
    tokensLoad++;
    ui.enrol.hidden = true;
    ui.addMachines.setAttribute('aria-expanded', 'false');
    ui.enrolCommand.value = '';
    ui.enrolCopied.textContent = '';
    ui.enrolResult.hidden = true;
    ui.enrolTokenRows.replaceChildren();
    ui.enrolTokensEmpty.hidden = true;
    panelError('');
  }

  function tokensPath(project) {
    return `/api/v1/projects/${encodeURIComponent(project)}/registration-tokens`;
  }

  async function loadTokens() {
    const project = ui.enrolProject.value;
    if (!project) return;
    const load = ++tokensLoad;
    ui.enrolTokensTitle.textContent = `Live registration tokens of ${project}`;
    try {
      const res = await api(tokensPath(project));
      if (load !== tokensLoad) return;
      if (!res.ok) {
        panelError(`Could not list the tokens of ${project}: ${await problemText(res)}`);
        return;
      }
      const body = await res.json();
      if (load !== tokensLoad) return;
      renderTokens(project, (body.items || []).filter((t) => !t.revoked_at));
    } catch (e) {
      if (!(e instanceof SignedOut) && load === tokensLoad) panelError(`Could not list the tokens of ${project}: ${e.message}`);
    }
  }

  function renderTokens(project, tokens) {
    ui.enrolTokenRows.replaceChildren(...tokens.map((t) => {
      const tr = document.createElement('tr');
      tr.dataset.tokenId = t.id;
      const name = document.createElement('td');
      name.className = 'name';
      name.textContent = t.name;
      const created = document.createElement('td');
      created.className = 'created';
      const createdMs = Date.parse(t.created_at);
      created.textContent = absolute(dateFormat, createdMs, t.created_at);
      setTitle(created, absolute(preciseFormat, createdMs, t.created_at));
      const by = document.createElement('td');
      by.className = 'by';
      by.textContent = t.created_by || '';
      const actions = document.createElement('td');
      actions.className = 'actions';
      if (may(MACHINES_WRITE, project)) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'danger';
        button.textContent = 'Revoke';
        button.setAttribute('aria-label', `Revoke ${t.name}`);
        button.addEventListener('click', () => revokeToken(project, t, button));
        actions.append(button);
      }
      tr.append(name, created, by, actions);
      return tr;
    }));
    ui.enrolTokensEmpty.textContent = `${project} has no live registration tokens.`;
    ui.enrolTokensEmpty.hidden = tokens.length > 0;
  }

  async function makeToken(event) {
    event.preventDefault();
    const project = ui.enrolProject.value;
    const name = ui.enrolName.value.trim();
    if (!project) return;
    if (!name) {
      panelError('Give the token a name, so that you can tell it apart in the list later.');
      ui.enrolName.focus();
      return;
    }
    panelError('');
    ui.enrolSubmit.disabled = true;
    try {
      const res = await api(tokensPath(project), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      if (res.status !== 201) {
        panelError(`Could not make a token for ${project}: ${await problemText(res)}`);
        return;
      }
      const made = await res.json();
      if (ui.enrol.hidden) return; // closed meanwhile: the line stays off the page; the token is in the list to revoke
      ui.enrolCommandLabel.textContent = `Install line for \u201c${made.name}\u201d in ${made.project}`;
      ui.enrolCommand.value = made.install_command || '';
      ui.enrolCopied.textContent = '';
      ui.enrolResult.hidden = false;
      ui.enrolName.value = '';
      ui.enrolCommand.focus();
      ui.enrolCommand.select();
      if (ui.enrolProject.value === made.project) loadTokens();
    } catch (e) {
      if (!(e instanceof SignedOut)) panelError(`Could not make a token for ${project}: ${e.message}`);
    } finally {
      ui.enrolSubmit.disabled = false;
    }
  }

  /** The clipboard API needs a secure context and the user's permission; else the line is selected for Ctrl+C. */
  async function copyCommand() {
    const text = ui.enrolCommand.value;
    if (!text) return;
    let copied = false;
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        copied = true;
      } catch (e) {
        // refused (no permission, page not focused): fall back to the selection below
      }
    }
    if (!copied) {
      ui.enrolCommand.focus();
      ui.enrolCommand.select();
      try {
        copied = document.execCommand('copy');
      } catch (e) {
        copied = false;
      }
    }
    ui.enrolCopied.textContent = copied ? 'Copied.' : 'The browser refused to copy; the line is selected: press Ctrl+C.';
  }

  async function revokeToken(project, token, button) {
    if (!window.confirm(`Revoke the registration token \u201c${token.name}\u201d of ${project}?\n\n`
        + 'Machines installed with its line can no longer report until they are installed again with another token.')) return;
    button.disabled = true;
    try {
      const res = await api(`${tokensPath(project)}/${encodeURIComponent(token.id)}`, { method: 'DELETE' });
      if (res.status === 204 || res.status === 404) {
        notify(res.status === 204 ? `Revoked the token \u201c${token.name}\u201d of ${project}.`
          : `The token \u201c${token.name}\u201d of ${project} was already revoked.`, 'ok');
      } else {
        panelError(`Could not revoke \u201c${token.name}\u201d: ${await problemText(res)}`);
      }
    } catch (e) {
      if (!(e instanceof SignedOut)) panelError(`Could not revoke \u201c${token.name}\u201d: ${e.message}`);
    } finally {
      button.disabled = false;
      if (!ui.enrol.hidden && ui.enrolProject.value === project) loadTokens();
    }
  }

  function panelError(text) {
    ui.enrolError.textContent = text;
    ui.enrolError.hidden = !text;
  }

  // ---- live updates ----------------------------------------------------------------------------

  function connectEvents() {
    if (!('EventSource' in window) || !session || events) return;
    const source = new EventSource('/api/v1/events/stream');
    events = source;
    source.addEventListener('open', () => {
      if (events !== source) return;
      streamUp = true;
      showLive();
      scheduleRefresh(); // catches up on anything missed while disconnected
    });
    source.addEventListener('error', () => {
      if (events !== source) return;
      streamUp = false;
      showLive();
      // The browser retries by itself unless the server refused the stream outright (say, a
      // session that ended: the next load finds out and shows the sign-in form).
      if (source.readyState === EventSource.CLOSED) {
        events = null;
        refresh();
        setTimeout(connectEvents, EVENTS_RETRY_MS);
      }
    });
    for (const type of EVENT_TYPES) source.addEventListener(type, scheduleRefresh);
  }

  function closeEvents() {
    if (events) events.close();
    events = null;
    streamUp = false;
  }

  function showLive() {
    const [text, state] = !fetchOk ? ['server unreachable', 'down']
      : streamUp ? ['live', 'up']
        : ['polling', 'polling'];
    setText(ui.live, text);
    ui.live.className = `live ${state}`;
  }

  // ---- signing in and out --------------------------------------------------------------------

  function signedIn(info) {
    epoch++;
    session = info;
    const user = info.user || {};
    ui.whoName.textContent = user.username || '';
    ui.whoRole.textContent = user.role || '';
    ui.whoRole.className = `who-role role-${/^[a-z]+$/.test(user.role || '') ? user.role : 'other'}`;
    ui.addMachines.hidden = !mayAnywhere(MACHINES_WRITE);
    // No Actions column for a caller who may delete nothing.
    ui.table.classList.toggle('read-only', !mayAnywhere(MACHINES_WRITE));
    showSignedIn(true);
    fetchOk = true;
    showLive();
    connectEvents();
    refresh();
  }

  /** Shows the app (signed in) or the sign-in form; the password fields are emptied either way. */
  function showSignedIn(signedIn) {
    ui.who.hidden = !signedIn;
    ui.live.hidden = !signedIn;
    ui.counts.hidden = !signedIn;
    ui.app.hidden = !signedIn;
    ui.signin.hidden = signedIn;
    ui.password.value = '';
    ui.totp.value = '';
    ui.totpRow.hidden = true;
  }

  /** Back to the form: nothing of the previous session stays on the page. */
  function showSignIn(message, kind) {
    epoch++;
    session = null;
    closeEvents();
    clearTimeout(debounce);
    debounce = null;
    reloadAfter = false;
    machines = [];
    truncated = false;
    for (const row of rowsByHost.values()) row.tr.remove();
    rowsByHost.clear();
    ui.notice.hidden = true;
    closePanel();
    ui.addMachines.hidden = true;
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
        method: 'POST',
        cache: 'no-store',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json' },
        body: JSON.stringify(body),
      });
      if (res.ok) {
        signedIn(await res.json());
        return;
      }
      const problem = await problemBody(res);
      if (res.status === 401 && problem.title === 'Two-factor code required') {
        const asked = ui.totpRow.hidden;
        ui.totpRow.hidden = false;
        ui.totp.value = '';
        signinMessage(asked ? (problem.detail || 'Enter the code from your authenticator app.') : (problem.detail || 'The code was not accepted.'),
          asked ? 'info' : 'error');
        ui.totp.focus();
        return;
      }
      ui.password.value = '';
      ui.totp.value = '';
      signinMessage(`Could not sign in: ${problemTextOf(problem, res)}`, 'error');
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
      await api('/api/v1/auth/logout', { method: 'POST' });
    } catch (e) {
      // signed out on the page either way; a lost request leaves a session that times out
    } finally {
      ui.signOut.disabled = false;
    }
    if (session) showSignIn('You are signed out.', 'info');
  }

  /** At load: a session cookie from before a reload is still good, or the form shows. */
  async function start() {
    try {
      const res = await fetch('/api/v1/auth/session', {
        cache: 'no-store',
        credentials: 'same-origin',
        headers: { Accept: 'application/json, application/problem+json' },
      });
      if (res.ok) {
        const info = await res.json();
        if (info.csrf_token) {
          signedIn(info);
          return;
        }
      }
      showSignIn(res.status === 401 || res.ok ? '' : `The server answered: ${await problemText(res)}`, 'error');
    } catch (e) {
      showSignIn(`The server is unreachable (${e.message}).`, 'error');
    }
  }

  ui.filter.addEventListener('input', render);
  ui.signinForm.addEventListener('submit', signIn);
  ui.signOut.addEventListener('click', signOut);
  ui.addMachines.addEventListener('click', togglePanel);
  ui.enrolClose.addEventListener('click', () => {
    closePanel();
    ui.addMachines.focus();
  });
  ui.enrolForm.addEventListener('submit', makeToken);
  ui.enrolProject.addEventListener('change', () => {
    panelError('');
    loadTokens();
  });
  ui.enrolCopy.addEventListener('click', copyCommand);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh();
  });
  setInterval(() => {
    if (!document.hidden) refresh();
  }, POLL_MS);
  setInterval(tick, 1000);
  start();
})();
