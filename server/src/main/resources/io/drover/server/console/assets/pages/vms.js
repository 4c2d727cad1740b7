// VMs: filtered by the server (name search, status, host, project, image, IP: all in the URL),
// sorted by it by name or creation, paged with its cursor, live (a vm_* event re-fetches the page). Selected VMs can be started,
// stopped, rebooted or deleted together behind one confirmation that names them and the action.
import { h, badge, mib, time } from '../lib/dom.js';
import { get, post, del, all, withQuery, enc } from '../lib/api.js';
import { holds, may, mayAnywhere } from '../lib/session.js';
import { table, filters } from '../lib/table.js';
import { confirm } from '../lib/dialog.js';
import { toast } from '../lib/toast.js';
import { heading, onEvents, linkButton, reportFailure } from '../lib/page.js';
import { vmHref, hostHref } from '../lib/views.js';

const STATUSES = ['creating', 'running', 'stopped', 'paused', 'error', 'unknown', 'deleting'];
const BULK = [
  ['start', 'Start', (vm) => post(`/api/v1/vms/${enc(vm.id)}/start`, {}), false],
  ['stop', 'Stop', (vm) => post(`/api/v1/vms/${enc(vm.id)}/stop`, {}), false],
  ['reboot', 'Reboot', (vm) => post(`/api/v1/vms/${enc(vm.id)}/reboot`, {}), false],
  ['delete', 'Delete', (vm) => del(`/api/v1/vms/${enc(vm.id)}`), true],
];

export function mount(outlet, ctx) {
  const writer = mayAnywhere('vms_write');
  const specs = [
    { name: 'q', label: 'Name', type: 'search', placeholder: 'Search by name', search: true },
    { name: 'status', label: 'Status', type: 'select', options: STATUSES },
    { name: 'project', label: 'Project', type: 'select', options: [] },
    { name: 'image', label: 'Image', type: 'search', placeholder: 'name or id' },
    { name: 'ip', label: 'IP', type: 'search', placeholder: 'address' },
  ];
  if (holds('hosts_read')) specs.splice(2, 0, { name: 'host', label: 'Host', type: 'select', options: [] });
  const bar = filters(specs, ctx.query, ctx.go);
  const list = table({
    id: 'vms', label: 'VMs', query: ctx.query, go: ctx.go, select: writer, empty: 'No VM matches.', serverSort: ['name', 'created'],
    rowKey: (vm) => vm.id, rowName: (vm) => vm.name,
    columns: [
      { key: 'name', label: 'Name', value: (v) => v.name, render: (v) => h('a', { href: vmHref(v.id) }, v.name) },
      { key: 'status', label: 'Status', value: (v) => v.status, render: (v) => badge(v.status) },
      { key: 'project', label: 'Project', value: (v) => v.project },
      { key: 'host', label: 'Host', value: (v) => v.host, render: (v) => (v.host_id ? h('a', { href: hostHref(v.host_id) }, v.host || v.host_id) : '\u2014') },
      { key: 'ip', label: 'IP', value: (v) => v.ip, render: (v) => v.ip || '\u2014' },
      { key: 'image', label: 'Image', value: (v) => v.image },
      { key: 'cpus', label: 'CPUs', value: (v) => v.cpus },
      { key: 'memory', label: 'Memory', value: (v) => v.memory_mib, render: (v) => mib(v.memory_mib) },
      { key: 'disk', label: 'Disk', value: (v) => v.disk_gib, render: (v) => `${v.disk_gib} GiB` },
      { key: 'created', label: 'Created', value: (v) => v.created_at, render: (v) => time(v.created_at) },
    ],
    load: (params) => get(withQuery('/api/v1/vms', params)),
  });

  const selectedLine = h('span', { class: 'shown', id: 'vms-selected', 'aria-live': 'polite' });
  const bulkButtons = BULK.map(([key, text, run, danger]) => {
    const b = h('button', { type: 'button', class: danger ? 'danger' : 'secondary', disabled: true, dataset: { action: key } }, text);
    b.addEventListener('click', () => bulk(key, text, run));
    return b;
  });
  const bulkBar = writer ? h('div', { class: 'actions-row', role: 'group', 'aria-label': 'Actions on the selected VMs' }, bulkButtons, selectedLine) : null;
  list.onSelection((vms) => {
    selectedLine.textContent = vms.length ? `${vms.length} selected` : '';
    for (const b of bulkButtons) b.disabled = vms.length === 0;
  });

  async function bulk(key, text, run) {
    const vms = list.selected().filter((vm) => may('vms_write', vm.project));
    if (!vms.length) return;
    const yes = await confirm({
      title: `${text} ${vms.length === 1 ? vms[0].name : `${vms.length} VMs`}?`,
      body: [h('p', {}, key === 'delete' ? 'These VMs and their disks are destroyed on their hosts:' : `A ${key} task is queued for each of these VMs:`),
        h('ul', {}, vms.map((vm) => h('li', {}, vm.name)))],
      action: `${text} ${vms.length === 1 ? '1 VM' : `${vms.length} VMs`}`,
      danger: key !== 'start',
    });
    if (!yes) return;
    const results = await Promise.allSettled(vms.map((vm) => run(vm)));
    const failed = results.map((r, i) => [r, vms[i]]).filter(([r]) => r.status === 'rejected');
    if (failed.length < vms.length) toast(`${text}: queued for ${vms.length - failed.length} of ${vms.length} VMs.`);
    for (const [r, vm] of failed) reportFailure(`${key} ${vm.name}`, r.reason);
    list.clearSelection();
    list.reload();
  }

  outlet.append(
    heading('VMs', holds('vms_write') && writer ? h('span', { class: 'actions-right' }, linkButton('#/vms/new', 'Create VM')) : null),
    bar.el, bulkBar, list.el);
  const off = onEvents(['vm_created', 'vm_state', 'vm_deleted', 'vm_failed'], () => list.reload());
  list.reload();
  all('/api/v1/projects').then((ps) => bar.setOptions('project', ps.map((p) => p.name))).catch(() => {});
  if (holds('hosts_read')) all('/api/v1/hosts').then((hs) => bar.setOptions('host', hs.map((x) => [x.id, x.name]))).catch(() => {});
  return {
    onQuery(query) {
      bar.show(query);
      list.setQuery(query);
      list.reload();
    },
    unmount: off,
  };
}
