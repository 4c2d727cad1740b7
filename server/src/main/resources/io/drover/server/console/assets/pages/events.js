// Events, newest first, filtered by type, name and project (in the URL): the first page is live,
// new events matching the filters appear at its top as they happen.
import { h, fill } from '../lib/dom.js';
import { get, all, withQuery } from '../lib/api.js';
import { filters } from '../lib/table.js';
import * as live from '../lib/live.js';
import { heading, onEvents, loadFailure } from '../lib/page.js';
import { eventTable, eventRow } from '../lib/views.js';

const TYPES = ['registered', 'offline', 'online', 'removed', 'deleted', 'vm_created', 'vm_state', 'vm_deleted', 'vm_failed', 'host_status', 'host_warning'];

export function mount(outlet, ctx) {
  let query = ctx.query;
  let next = null;
  const bar = filters([
    { name: 'type', label: 'Type', type: 'select', options: TYPES },
    { name: 'hostname', label: 'About', type: 'search', placeholder: 'machine, VM or host name', search: true },
    { name: 'project', label: 'Project', type: 'select', options: [] },
  ], query, ctx.go);
  const body = h('div', { id: 'events' });
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Older events');
  more.addEventListener('click', () => ctx.go({ cursor: next }));
  const first = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Newest events');
  first.addEventListener('click', () => ctx.go({ cursor: '' }));
  const state = h('span', { class: 'shown', 'aria-live': 'polite' });
  outlet.append(heading('Events', state), bar.el, body, h('div', { class: 'pager' }, first, more));
  const offState = live.onState((up) => { state.textContent = up ? 'live' : 'not live: reconnecting'; });

  async function load() {
    try {
      const page = await get(withQuery('/api/v1/events', { ...Object.fromEntries(query.entries()), limit: 100 }));
      next = page.next_cursor;
      fill(body, eventTable(page.items || []));
      more.hidden = !next;
      first.hidden = !query.get('cursor');
    } catch (e) {
      fill(body, loadFailure(e));
    }
  }

  function fits(e) {
    if (query.get('cursor')) return false; // an older page stays as it is
    if (query.get('type') && e.type !== query.get('type')) return false;
    if (query.get('hostname') && e.hostname !== query.get('hostname')) return false;
    return !query.get('project') || e.project === query.get('project');
  }

  const offReconnect = onEvents([], load); // re-read after a reconnection only
  const offLive = live.subscribe(TYPES, (e) => {
    const tbody = body.querySelector('tbody');
    if (!e || !tbody || !fits(e)) return;
    const empty = body.querySelector('.empty');
    if (empty) empty.remove();
    tbody.prepend(eventRow(e));
    while (tbody.children.length > 100) tbody.lastElementChild.remove();
  });
  all('/api/v1/projects').then((ps) => bar.setOptions('project', ps.map((p) => p.name))).catch(() => {});
  load();
  return {
    onQuery(q) { query = q; bar.show(q); load(); },
    unmount() { offState(); offReconnect(); offLive(); },
  };
}
