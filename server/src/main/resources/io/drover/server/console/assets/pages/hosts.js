// Hypervisor hosts: status, capacity and allocation, VMs; filtered in the page by status and name
// (a fleet has tens of hosts, not thousands: the list is read whole). Admins make a join token here
// and get the agent's command line (server URL, the TLS fingerprint it pins, the token) to copy.
import { h, fill, badge, time } from '../lib/dom.js';
import { all, post } from '../lib/api.js';
import { holds, allProjects } from '../lib/session.js';
import { form } from '../lib/form.js';
import { copyButton } from '../lib/copy.js';
import { table, filters } from '../lib/table.js';
import { heading, onEvents } from '../lib/page.js';
import { hostHref } from '../lib/views.js';

const share = (a, c) => (c ? `${a ?? 0} / ${c}` : `${a ?? 0} / ?`);

function matches(host, q) {
  const status = q.get('status');
  const needle = (q.get('q') || '').toLowerCase();
  if (status === 'disabled' ? host.enabled !== false : status && host.status !== status) return false;
  return !needle || host.name.toLowerCase().includes(needle) || host.id.includes(needle);
}

function joinPanel() {
  const result = h('div', { class: 'enrol-result', id: 'join-result', hidden: true });
  const f = form({
    id: 'join-form', submit: 'Make join token',
    fields: [
      { name: 'project', label: 'Dedicate to project (optional)', placeholder: 'shared by all projects' },
      { name: 'ttl_seconds', label: 'Valid for (seconds)', type: 'number', value: '3600', min: 1, max: 604800 },
    ],
    validate: (v) => (Number(v.ttl_seconds) >= 1 && Number(v.ttl_seconds) <= 604800 ? {} : { ttl_seconds: 'ttl_seconds must be from 1 to 604800' }),
    onSubmit: async (v) => {
      const made = await post('/api/v1/hosts/join-tokens', { ttl_seconds: Number(v.ttl_seconds), project: v.project.trim() || undefined });
      const command = h('input', { type: 'text', id: 'join-command', readonly: true, value: made.command, 'aria-describedby': 'join-once' });
      const copied = h('p', { class: 'copied', role: 'status' });
      fill(result,
        h('label', { for: 'join-command' }, 'Agent command line'),
        h('div', { class: 'copy-row' }, command, copyButton(() => command, copied)),
        h('p', { class: 'once', id: 'join-once' }, 'Run it on the new host, where drover-agent is installed. The token works once, until ',
          time(made.expires_at), '; it is shown only now.'),
        h('p', {}, 'Server fingerprint (the agent pins it): ', h('span', { class: 'mono', id: 'join-fingerprint' }, made.server_fingerprint)),
        copied);
      result.hidden = false;
      command.focus();
      command.select();
    },
  });
  f.el.classList.add('inline');
  return h('section', { class: 'panel', id: 'join', 'aria-labelledby': 'join-title' }, h('h2', { id: 'join-title' }, 'Add a host'), f.el, result);
}

export function mount(outlet, ctx) {
  let hosts = [];
  let query = ctx.query;
  const bar = filters([
    { name: 'q', label: 'Name', type: 'search', placeholder: 'Search by name', search: true },
    { name: 'status', label: 'Status', type: 'select', options: ['online', 'suspect', 'offline', 'disabled'] },
  ], query, ctx.go);
  const list = table({
    id: 'hosts', label: 'Hosts', query, go: ctx.go, empty: 'No host matches. Add one with a join token.',
    rowKey: (x) => x.id,
    columns: [
      { key: 'name', label: 'Name', value: (x) => x.name, render: (x) => h('a', { href: hostHref(x.id) }, x.name) },
      { key: 'status', label: 'Status', value: (x) => x.status, render: (x) => [badge(x.status), x.enabled === false ? [' ', badge('disabled')] : null] },
      { key: 'project', label: 'Project', value: (x) => x.project, render: (x) => x.project || 'shared' },
      { key: 'vms', label: 'VMs', value: (x) => x.vm_count, render: (x) => h('a', { href: `#/vms?host=${encodeURIComponent(x.id)}` }, String(x.vm_count ?? 0)) },
      { key: 'cpus', label: 'CPUs', render: (x) => share((x.allocated || {}).cpus, (x.capacity || {}).cpus) },
      { key: 'memory', label: 'Memory MiB', render: (x) => share((x.allocated || {}).memory_mib, (x.capacity || {}).memory_mib) },
      { key: 'disk', label: 'Disk GiB', render: (x) => share((x.allocated || {}).disk_gib, (x.capacity || {}).disk_gib) },
      { key: 'accel', label: 'Accel', render: (x) => (x.facts || {}).accel || '\u2014' },
      { key: 'heartbeat', label: 'Last heartbeat', value: (x) => x.last_heartbeat, render: (x) => time(x.last_heartbeat) },
    ],
    load: async () => {
      hosts = await all('/api/v1/hosts');
      return { items: hosts.filter((x) => matches(x, query)) };
    },
  });
  const admin = holds('hosts_write') && allProjects();
  outlet.append(heading('Hosts'), admin ? joinPanel() : null, bar.el, list.el);
  const off = onEvents(['host_status', 'host_warning', 'vm_created', 'vm_deleted'], () => list.reload());
  list.reload();
  return {
    onQuery(q) {
      query = q;
      bar.show(q);
      list.setQuery(q);
      list.reload();
    },
    unmount: off,
  };
}
