// Tracked machines: every machine the caller may see, kept live from the event stream and a short
// poll (the poll also notices a session that ended), filtered in the page by hostname or IP, with
// counts of the whole fleet. Rows are updated in place so that only what changed is touched.
import { h, setText, ago, formatDate } from '../lib/dom.js';
import { request, ApiError, SignedOut, problemOf, enc } from '../lib/api.js';
import { may, mayAnywhere } from '../lib/session.js';
import { confirm } from '../lib/dialog.js';
import { onEvents } from '../lib/page.js';
import { enrolPanel } from './machine-tokens.js';

const PAGE_SIZE = 1000;
const MAX_PAGES = 10;
const POLL_MS = 3000;
const STATUSES = new Set(['online', 'offline']);
const MACHINES_WRITE = 'machines_write';
const EVENTS = ['registered', 'offline', 'online', 'removed', 'deleted'];

export function mount(outlet, ctx) {
  document.title = 'Tracked machines \u00b7 Drover';
  const count = (cls, id, text) => h('span', { class: `count ${cls}` }, h('span', { id }, '0'), ` ${text}`);
  const ui = {
    counts: h('div', { class: 'counts', id: 'counts', 'aria-live': 'polite' },
      count('online', 'count-online', 'online'), ' ', count('offline', 'count-offline', 'offline'), ' ', count('total', 'count-total', 'total')),
    filter: h('input', { type: 'search', id: 'filter', class: 'page-search', placeholder: 'Filter by hostname or IP', 'aria-label': 'Filter by hostname or IP', autocomplete: 'off', spellcheck: 'false', value: ctx.query.get('q') || '' }),
    shown: h('span', { class: 'shown', id: 'shown' }),
    add: h('button', { type: 'button', class: 'secondary', id: 'add-machines', 'aria-expanded': 'false', 'aria-controls': 'enrol', hidden: !mayAnywhere(MACHINES_WRITE) }, 'Add machines'),
    notice: h('p', { class: 'notice', id: 'notice', role: 'status', hidden: true }),
    rows: h('tbody', { id: 'rows' }),
    empty: h('p', { class: 'empty', id: 'empty', hidden: true }),
  };
  const headers = ['Status', 'Hostname', 'Project', 'IP address', 'Interface', 'OS', 'Last seen', 'First seen'];
  ui.table = h('table', { id: 'machines', 'aria-label': 'Tracked machines', class: mayAnywhere(MACHINES_WRITE) ? '' : 'read-only' },
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
    ui.rows);
  const panel = enrolPanel({ toggle: ui.add, notify });
  outlet.append(
    h('div', { class: 'toolbar' }, h('h1', {}, 'Tracked machines'), ui.counts, ui.filter, ui.shown, ui.add),
    panel.el, ui.notice, h('div', { class: 'table-wrap' }, ui.table, ui.empty));

  let machines = [];
  let truncated = false;
  const rowsByHost = new Map();
  let skewMs = 0;
  let loading = null;
  let reloadAfter = false;
  let generation = 0;
  let noticeTimer = null;
  let gone = false;

  async function fetchAll() {
    const items = [];
    let cursor = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await request(`/api/v1/machines?limit=${PAGE_SIZE}${cursor ? `&cursor=${enc(cursor)}` : ''}`);
      if (!res.ok) throw new ApiError(res.status, await problemOf(res));
      const date = Date.parse(res.headers.get('Date') || '');
      // The header has whole seconds; only correct differences it can actually show.
      if (!Number.isNaN(date)) skewMs = Math.abs(date - Date.now()) > 2000 ? date - Date.now() : 0;
      const body = await res.json();
      items.push(...body.items);
      cursor = body.next_cursor;
      if (!cursor) return { items, truncated: false };
    }
    return { items, truncated: true };
  }

  /** One load at a time; calls during a load cause exactly one more load after it. */
  function refresh() {
    if (gone) return;
    if (loading) {
      reloadAfter = true;
      return;
    }
    const started = generation;
    loading = fetchAll()
      .then((result) => {
        ui.table.classList.remove('stale');
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
        ui.table.classList.add('stale');
        console.warn('Drover: loading machines failed', e);
      })
      .finally(() => {
        loading = null;
        if (reloadAfter && !gone) {
          reloadAfter = false;
          refresh();
        }
      });
  }

  function render() {
    const online = machines.filter((m) => m.status === 'online').length;
    setText(document.getElementById('count-online'), String(online));
    setText(document.getElementById('count-offline'), String(machines.filter((m) => m.status === 'offline').length));
    setText(document.getElementById('count-total'), String(machines.length));
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
    if (truncated) shown += `${shown ? ' \u00b7 ' : ''}only the first ${PAGE_SIZE * MAX_PAGES} machines are listed`;
    ui.shown.textContent = shown;
    ui.empty.hidden = visible.length > 0;
    if (!visible.length) {
      const orPanel = ui.add.hidden ? '' : ', or take a project\u2019s install line from Add machines';
      ui.empty.textContent = machines.length === 0
        ? `No machines are tracked yet. Run the tracker on a machine (curl the server\u2019s /install.sh${orPanel}) and it appears here.`
        : `No machine matches \u201c${ui.filter.value.trim()}\u201d.`;
    }
  }

  function matches(m, needle) {
    return m.hostname.toLowerCase().includes(needle) || (m.ip_address || '').toLowerCase().includes(needle)
      || (m.ip_addresses || []).some((ip) => ip.toLowerCase().includes(needle));
  }

  function createRow(hostname) {
    const cells = {};
    const tr = h('tr', { dataset: { hostname } });
    for (const name of ['status', 'hostname', 'project', 'ip', 'interface', 'os', 'lastSeen', 'firstSeen', 'actions']) {
      cells[name] = h('td', { class: name });
      tr.append(cells[name]);
    }
    cells.badge = h('span', { class: 'badge' });
    cells.status.append(cells.badge);
    return { tr, cells, lastSeenMs: NaN, deleteButton: null };
  }

  function updateRow(row, m, now) {
    const c = row.cells;
    const status = STATUSES.has(m.status) ? m.status : 'unknown';
    if (c.badge.className !== `badge ${status}`) c.badge.className = `badge ${status}`;
    setText(c.badge, m.status || 'unknown');
    setText(c.hostname, m.hostname);
    title(c.hostname, m.uuid ? `SMBIOS UUID ${m.uuid}` : '');
    setText(c.project, m.project || '');
    setText(c.ip, m.ip_address || '');
    const others = (m.ip_addresses || []).filter((ip) => ip !== m.ip_address);
    title(c.ip, others.length ? `Also: ${others.join(', ')}` : '');
    setText(c.interface, m.interface || '');
    const hasOs = typeof m.os === 'string' && m.os !== '';
    setText(c.os, hasOs ? m.os : '\u2014');
    c.os.classList.toggle('muted', !hasOs);
    title(c.os, m.agent_version ? `tracker ${m.agent_version}` : '');
    row.lastSeenMs = Date.parse(m.last_seen);
    setText(c.lastSeen, ago(row.lastSeenMs, now));
    title(c.lastSeen, formatDate(m.last_seen, true));
    setText(c.firstSeen, formatDate(m.first_seen));
    title(c.firstSeen, formatDate(m.first_seen, true));
    const allowed = may(MACHINES_WRITE, m.project);
    if (allowed && !row.deleteButton) {
      row.deleteButton = h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${m.hostname}` }, 'Delete');
      row.deleteButton.addEventListener('click', () => deleteMachine(m.hostname, row.deleteButton));
      c.actions.append(row.deleteButton);
    } else if (!allowed && row.deleteButton) {
      row.deleteButton.remove();
      row.deleteButton = null;
    }
  }

  function title(node, text) {
    if (text) node.title = text;
    else node.removeAttribute('title');
  }

  async function deleteMachine(hostname, button) {
    const yes = await confirm({ title: `Delete ${hostname}?`, body: `${hostname} is forgotten until its tracker reports again.`, action: 'Delete' });
    if (!yes) return;
    button.disabled = true;
    try {
      const res = await request(`/api/v1/machines/${enc(hostname)}`, { method: 'DELETE' });
      if (res.status === 204 || res.status === 404) {
        generation++;
        machines = machines.filter((m) => m.hostname !== hostname);
        render();
        notify(res.status === 204 ? `Deleted ${hostname}.` : `${hostname} was already gone.`, 'ok');
      } else {
        notify(`Could not delete ${hostname}: ${new ApiError(res.status, await problemOf(res)).message}`, 'error');
      }
    } catch (e) {
      if (!(e instanceof SignedOut)) notify(`Could not delete ${hostname}: ${e.message}`, 'error');
    } finally {
      button.disabled = false;
      refresh();
    }
  }

  function notify(text, kind) {
    clearTimeout(noticeTimer);
    ui.notice.textContent = text;
    ui.notice.className = `notice ${kind}`;
    ui.notice.hidden = false;
    noticeTimer = setTimeout(() => { ui.notice.hidden = true; }, kind === 'ok' ? 6000 : 15000);
  }

  ui.filter.addEventListener('input', () => {
    render();
    ctx.go({ q: ui.filter.value.trim() }, { replace: true });
  });
  const off = onEvents(EVENTS, refresh);
  const poll = setInterval(() => { if (!document.hidden) refresh(); }, POLL_MS);
  const tick = setInterval(() => {
    const now = Date.now() + skewMs;
    for (const row of rowsByHost.values()) setText(row.cells.lastSeen, ago(row.lastSeenMs, now));
  }, 1000);
  refresh();

  return {
    onQuery(query) {
      const q = query.get('q') || '';
      if (document.activeElement !== ui.filter && ui.filter.value !== q) {
        ui.filter.value = q;
        render();
      }
    },
    unmount() {
      gone = true;
      off();
      clearInterval(poll);
      clearInterval(tick);
      clearTimeout(noticeTimer);
      panel.close();
    },
  };
}
