// The fleet at a glance (GET /api/v1/dashboard): hosts by status with capacity, allocation and
// over-commit; VMs by status; tasks running and failed in the last day; tracked machines; the
// latest events. Every figure links to the list it counts, filtered. Live: any event re-fetches it.
import { h, fill, link, bar } from '../lib/dom.js';
import { get } from '../lib/api.js';
import { holds } from '../lib/session.js';
import { heading, onEvents, loadFailure } from '../lib/page.js';
import { eventTable, taskLine } from '../lib/views.js';

const VM_STATUSES = ['running', 'stopped', 'paused', 'creating', 'error', 'unknown', 'deleting'];

function figures(pairs) {
  return h('ul', { class: 'figures' }, pairs.map(([n, text, href]) =>
    h('li', {}, href ? h('a', { href }, h('span', { class: 'n' }, String(n ?? 0)), text) : [h('span', { class: 'n' }, String(n ?? 0)), text])));
}

function ratio(x) {
  return typeof x === 'number' ? `${x.toFixed(2)}\u00d7` : 'n/a';
}

function render(d) {
  const hosts = d.hosts || {};
  const cap = hosts.capacity || {};
  const alloc = hosts.allocated || {};
  const over = hosts.overcommit || {};
  const vms = d.vms || {};
  const tasks = d.tasks || {};
  const machines = d.machines || {};
  const byHost = hosts.by_status || {};
  const byVm = vms.by_status || {};
  const cards = [];
  if (holds('hosts_read')) {
    cards.push(h('section', { class: 'card', 'aria-labelledby': 'dash-hosts' }, h('h2', { id: 'dash-hosts' }, link('#/hosts', 'Hosts')),
      figures([['online', 'online'], ['suspect', 'suspect'], ['offline', 'offline']].map(([s, t]) => [byHost[s], t, `#/hosts?status=${s}`])
        .concat([[hosts.disabled, 'disabled', '#/hosts?status=disabled']])),
      bar('CPUs', alloc.cpus ?? 0, cap.cpus, ''), bar('Memory', alloc.memory_mib ?? 0, cap.memory_mib, ' MiB'),
      bar('Disk', alloc.disk_gib ?? 0, cap.disk_gib, ' GiB'),
      h('p', { class: 'muted' }, `Over-commit: CPU ${ratio(over.cpus)}, memory ${ratio(over.memory)}, disk ${ratio(over.disk)}`)));
  }
  cards.push(h('section', { class: 'card', 'aria-labelledby': 'dash-vms' }, h('h2', { id: 'dash-vms' }, link('#/vms', `VMs (${vms.total ?? 0})`)),
    figures(VM_STATUSES.filter((s) => byVm[s]).map((s) => [byVm[s], s, `#/vms?status=${s}`]))));
  if (holds('tasks_read')) {
    cards.push(h('section', { class: 'card', 'aria-labelledby': 'dash-tasks' }, h('h2', { id: 'dash-tasks' }, link('#/tasks', 'Tasks')),
      figures([[tasks.running, 'running', '#/tasks?status=running'], [tasks.failed_last_24h, 'failed in the last 24 h', '#/tasks?status=failed']]),
      (tasks.latest_failures || []).length ? h('ul', { class: 'list-plain', 'aria-label': 'Latest failures' }, tasks.latest_failures.map(taskLine)) : null));
  }
  if (holds('machines_read')) {
    cards.push(h('section', { class: 'card', 'aria-labelledby': 'dash-machines' }, h('h2', { id: 'dash-machines' }, link('#/machines', 'Tracked machines')),
      figures([[machines.online, 'online', '#/machines'], [machines.offline, 'offline', '#/machines']])));
  }
  return [h('div', { class: 'cards' }, cards), h('h2', {}, link('#/events', 'Latest events')), eventTable(d.events || [], 'Latest events')];
}

export function mount(outlet) {
  const body = h('div', { id: 'dashboard' });
  outlet.append(heading('Dashboard'), body);
  let gone = false;
  async function load() {
    try {
      const d = await get('/api/v1/dashboard');
      if (!gone) fill(body, render(d));
    } catch (e) {
      if (!gone) fill(body, loadFailure(e));
    }
  }
  const off = onEvents(null, load);
  load();
  return { unmount() { gone = true; off(); } };
}
