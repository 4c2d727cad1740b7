// Drover console: the table of tracked machines, kept live from the event stream and a short poll.
// Every reported string reaches the page through textContent or an attribute, never as markup.
'use strict';

(() => {
  const PAGE_SIZE = 1000;
  const MAX_PAGES = 10;
  const POLL_MS = 3000;
  const DEBOUNCE_MS = 250;
  const EVENTS_RETRY_MS = 10000;
  const TOKEN_KEY = 'drover.adminToken';
  const EVENT_TYPES = ['registered', 'offline', 'online', 'removed', 'deleted'];
  const STATUSES = new Set(['online', 'offline']);

  const $ = (id) => document.getElementById(id);
  const ui = {
    rows: $('rows'),
    table: $('machines'),
    filter: $('filter'),
    shown: $('shown'),
    empty: $('empty'),
    notice: $('notice'),
    live: $('live'),
    forgetToken: $('forget-token'),
    online: $('count-online'),
    offline: $('count-offline'),
    total: $('count-total'),
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

  // ---- loading ---------------------------------------------------------------------------------

  async function fetchAll() {
    const items = [];
    let cursor = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const url = new URL('/api/v1/machines', location.origin);
      url.searchParams.set('limit', String(PAGE_SIZE));
      if (cursor) url.searchParams.set('cursor', cursor);
      const res = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (!res.ok) throw new Error(await problemText(res));
      noteServerClock(res);
      const body = await res.json();
      items.push(...body.items);
      cursor = body.next_cursor;
      if (!cursor) return { items, truncated: false };
    }
    return { items, truncated: true };
  }

  /** One load at a time; calls during a load cause exactly one more load after it. */
  function refresh() {
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
        fetchOk = false;
        console.warn('Drover: loading machines failed', e);
      })
      .finally(() => {
        loading = null;
        ui.table.classList.toggle('stale', !fetchOk);
        showLive();
        if (reloadAfter) {
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
      ui.empty.textContent = machines.length === 0
        ? 'No machines are tracked yet. Run the tracker on a machine (curl the server\u2019s /install.sh) and it appears here.'
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
    for (const name of ['status', 'hostname', 'ip', 'interface', 'os', 'lastSeen', 'firstSeen', 'actions']) {
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

    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'danger';
    button.textContent = 'Delete';
    button.setAttribute('aria-label', `Delete ${hostname}`);
    button.addEventListener('click', () => deleteMachine(hostname, button));
    cells.actions.append(button);
    return { tr, cells, lastSeenMs: NaN };
  }

  function updateRow(row, m, now) {
    const c = row.cells;
    const status = STATUSES.has(m.status) ? m.status : 'unknown';
    if (c.badge.className !== `badge ${status}`) c.badge.className = `badge ${status}`;
    setText(c.badge, m.status || 'unknown');
    setText(c.hostname, m.hostname);
    setTitle(c.hostname, m.uuid ? `SMBIOS UUID ${m.uuid}` : '');
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
    let token = sessionStorage.getItem(TOKEN_KEY);
    if (!token) {
      token = (window.prompt('Admin token (kept for this browser tab only):') || '').trim();
      if (!token) return;
      sessionStorage.setItem(TOKEN_KEY, token);
      ui.forgetToken.hidden = false;
    }
    button.disabled = true;
    try {
      const res = await fetch(`/api/v1/machines/${encodeURIComponent(hostname)}`, {
        method: 'DELETE',
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/problem+json' },
      });
      if (res.status === 204 || res.status === 404) {
        generation++;
        machines = machines.filter((m) => m.hostname !== hostname);
        render();
        notify(res.status === 204 ? `Deleted ${hostname}.` : `${hostname} was already gone.`, 'ok');
      } else if (res.status === 401) {
        forgetToken();
        notify('The admin token was not accepted, so it was forgotten. Press Delete again to enter it anew.', 'error');
      } else {
        notify(`Could not delete ${hostname}: ${await problemText(res)}`, 'error');
      }
    } catch (e) {
      notify(`Could not delete ${hostname}: ${e.message}`, 'error');
    } finally {
      button.disabled = false;
      scheduleRefresh();
    }
  }

  function forgetToken() {
    sessionStorage.removeItem(TOKEN_KEY);
    ui.forgetToken.hidden = true;
  }

  async function problemText(res) {
    try {
      const body = await res.json();
      const text = body.detail || body.message || body.title;
      if (text) return String(text);
    } catch (e) {
      // not JSON; the status says enough
    }
    return `HTTP ${res.status}`;
  }

  function notify(text, kind) {
    clearTimeout(noticeTimer);
    ui.notice.textContent = text;
    ui.notice.className = `notice ${kind}`;
    ui.notice.hidden = false;
    noticeTimer = setTimeout(() => { ui.notice.hidden = true; }, kind === 'ok' ? 6000 : 15000);
  }

  // ---- live updates ----------------------------------------------------------------------------

  function connectEvents() {
    if (!('EventSource' in window)) return;
    const source = new EventSource('/api/v1/events/stream');
    source.addEventListener('open', () => {
      streamUp = true;
      showLive();
      scheduleRefresh(); // catches up on anything missed while disconnected
    });
    source.addEventListener('error', () => {
      streamUp = false;
      showLive();
      // The browser retries by itself unless the server refused the stream outright.
      if (source.readyState === EventSource.CLOSED) setTimeout(connectEvents, EVENTS_RETRY_MS);
    });
    for (const type of EVENT_TYPES) source.addEventListener(type, scheduleRefresh);
  }

  function showLive() {
    const [text, state] = !fetchOk ? ['server unreachable', 'down']
      : streamUp ? ['live', 'up']
        : ['polling', 'polling'];
    setText(ui.live, text);
    ui.live.className = `live ${state}`;
  }

  // ---- start -----------------------------------------------------------------------------------

  ui.filter.addEventListener('input', render);
  ui.forgetToken.hidden = !sessionStorage.getItem(TOKEN_KEY);
  ui.forgetToken.addEventListener('click', () => {
    forgetToken();
    notify('The admin token was forgotten.', 'ok');
  });
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) refresh();
  });
  setInterval(() => {
    if (!document.hidden) refresh();
  }, POLL_MS);
  setInterval(tick, 1000);
  connectEvents();
  refresh();
})();
