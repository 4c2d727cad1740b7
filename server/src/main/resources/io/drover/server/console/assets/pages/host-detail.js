// One host: status and its history, facts the agent reported, the accelerator its guests get and
// why, capacity and allocation, its VMs and the libvirt domains Drover did not make; disable, enable, the
// accelerator setting and delete (with force while it holds VMs) for admins.
import { h, fill, badge, time, facts, bar } from '../lib/dom.js';
import { get, post, patch, del, all, withQuery, ApiError, SignedOut, enc } from '../lib/api.js';
import { holds, allProjects } from '../lib/session.js';
import { confirm } from '../lib/dialog.js';
import { toast } from '../lib/toast.js';
import { heading, onEvents, reportFailure, loadFailure } from '../lib/page.js';
import { vmHref } from '../lib/views.js';

export function mount(outlet, ctx) {
  const id = ctx.params.id;
  const body = h('div', { id: 'host' });
  const title = heading(id);
  outlet.append(title, body);
  let gone = false;

  async function load() {
    try {
      const [host, vms] = await Promise.all([get(`/api/v1/hosts/${enc(id)}`), all('/api/v1/vms', { host: id })]);
      if (!gone) render(host, vms, await statusHistory(host));
    } catch (e) {
      if (gone || e instanceof SignedOut) return;
      fill(body, e instanceof ApiError && e.status === 404 ? h('p', { class: 'notice error', role: 'alert' }, `No host ${id}: ${e.message}`) : loadFailure(e));
    }
  }

  // The host_status events are named by the host's name, which another host may share: the
  // message names the host's id too.
  async function statusHistory(host) {
    if (!holds('events_read')) return null;
    const page = await get(withQuery('/api/v1/events', { hostname: host.name, type: 'host_status', limit: 50 }));
    return page.items.filter((e) => (e.message || '').includes(`(host ${host.id})`)).slice(0, 20);
  }

  function render(host, vms, history) {
    document.title = `${host.name} \u00b7 Drover`;
    title.querySelector('h1').textContent = host.name;
    const f = host.facts || {};
    const cap = host.capacity || {};
    const alloc = host.allocated || {};
    fill(body,
      holds('hosts_write') && allProjects() ? actions(host) : null,
      host.warning ? h('p', { class: 'notice error', role: 'alert' }, host.warning) : null,
      h('div', { class: 'cards' },
        h('section', { class: 'card', 'aria-labelledby': 'host-status' }, h('h2', { id: 'host-status' }, 'Status'),
          facts([['Status', [badge(host.status), host.enabled === false ? [' ', badge('disabled')] : null]],
            ['Project', host.project || 'shared by all projects'], ['Joined', time(host.joined_at)],
            ['Last heartbeat', time(host.last_heartbeat)], ['Id', h('span', { class: 'mono' }, host.id)]])),
        h('section', { class: 'card', 'aria-labelledby': 'host-capacity' }, h('h2', { id: 'host-capacity' }, 'Capacity and allocation'),
          bar('CPUs', alloc.cpus ?? 0, cap.cpus), bar('Memory', alloc.memory_mib ?? 0, cap.memory_mib, ' MiB'),
          bar('Disk', alloc.disk_gib ?? 0, cap.disk_gib, ' GiB')),
        h('section', { class: 'card', 'aria-labelledby': 'host-facts' }, h('h2', { id: 'host-facts' }, 'Facts'),
          facts([['Hostname', f.hostname], ['CPU', f.cpu_model], ['Free disk', f.disk_free_gib != null ? `${f.disk_free_gib} GiB` : null],
            ['libvirt', f.libvirt_version], ['QEMU', f.qemu_version],
            ['Accelerator', f.accel ? `${f.accel}${host.accel ? ` (set: ${host.accel})` : ''}` : null],
            ['Why', f.accel_reason ? h('span', { id: 'accel-reason' }, f.accel_reason) : null],
            ['Addresses', (f.addresses || []).join(', ') || null], ['Reported', time(f.reported_at)]]))),
      history ? [h('h2', { id: 'host-history' }, 'Status history'),
        history.length ? h('ol', { class: 'list-plain', 'aria-labelledby': 'host-history' },
          history.map((e) => h('li', {}, time(e.at), ' ', e.message.replace(` (host ${host.id})`, ''))))
          : h('p', { class: 'muted' }, 'No changes recorded.')] : null,
      h('h2', {}, `VMs on ${host.name}`),
      vms.length ? h('ul', { class: 'list-plain', id: 'host-vms' }, vms.map((vm) => h('li', {}, h('a', { href: vmHref(vm.id) }, vm.name), ' ', badge(vm.status))))
        : h('p', { class: 'muted' }, 'None.'),
      h('h2', {}, 'Foreign domains'),
      (host.foreign_domains || []).length
        ? h('ul', { class: 'list-plain', id: 'foreign' }, host.foreign_domains.map((d) => h('li', {}, `${d.name} (${d.state})`, h('span', { class: 'muted mono' }, ` ${d.uuid}`))))
        : h('p', { class: 'muted' }, 'None: every libvirt domain on this host is Drover\u2019s.'));
  }

  function actions(host) {
    const toggle = h('button', { type: 'button', class: 'secondary' }, host.enabled === false ? 'Enable' : 'Disable');
    toggle.addEventListener('click', async () => {
      const action = host.enabled === false ? 'enable' : 'disable';
      try {
        await post(`/api/v1/hosts/${enc(host.id)}/${action}`, {});
        toast(`${host.name} ${action}d.`);
      } catch (e) {
        reportFailure(`${action} ${host.name}`, e);
      }
      load();
    });
    const accel = h('select', { id: 'host-accel', 'aria-label': 'Accelerator setting' },
      [['', 'the agent decides'], ['auto', 'auto'], ['kvm', 'kvm'], ['tcg', 'tcg']].map(([v, t]) => h('option', { value: v }, t)));
    accel.value = host.accel || '';
    accel.addEventListener('change', async () => {
      try {
        await patch(`/api/v1/hosts/${enc(host.id)}`, { accel: accel.value || null });
        toast(`Accelerator of ${host.name} set to ${accel.value || 'the agent\u2019s choice'}.`);
      } catch (e) {
        reportFailure(`set the accelerator of ${host.name}`, e);
      }
      load();
    });
    const remove = h('button', { type: 'button', class: 'danger' }, 'Delete');
    remove.addEventListener('click', async () => {
      const force = (host.vm_count || 0) > 0;
      const yes = await confirm({
        title: `Delete host ${host.name}?`,
        body: force ? `${host.name} holds ${host.vm_count} VMs: they stay, in status unknown. Its certificates are revoked and its agent cannot link again.`
          : `Its certificates are revoked and its agent cannot link again.`,
        action: force ? `Delete ${host.name} with its ${host.vm_count} VMs` : `Delete ${host.name}`,
      });
      if (!yes) return;
      try {
        await del(`/api/v1/hosts/${enc(host.id)}${force ? '?force=true' : ''}`);
        toast(`Deleted host ${host.name}.`);
        ctx.navigate('/hosts');
      } catch (e) {
        reportFailure(`delete ${host.name}`, e);
      }
    });
    return h('div', { class: 'actions-row', role: 'group', 'aria-label': 'Host actions' }, toggle,
      h('label', { for: 'host-accel' }, 'Accelerator'), accel, remove);
  }

  const off = onEvents(['host_status', 'host_warning', 'vm_created', 'vm_deleted', 'vm_state'], load);
  load();
  return { unmount() { gone = true; off(); } };
}
