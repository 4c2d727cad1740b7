// One VM: its status (desired and observed, and why when it failed), addresses with their source,
// disks, host, image and project; its create task with live step progress, its tasks and events;
// the power actions, resize and delete the caller may take. Live from vm_* events about it, and a
// short poll while one of its tasks runs (task steps are not events).
import { h, fill, badge, mib, time, facts } from '../lib/dom.js';
import { get, post, del, ApiError, SignedOut, enc } from '../lib/api.js';
import * as session from '../lib/session.js';
import { confirm } from '../lib/dialog.js';
import { form } from '../lib/form.js';
import { toast } from '../lib/toast.js';
import { heading, onEvents, reportFailure, loadFailure } from '../lib/page.js';
import { eventTable, taskProgress, taskLine, taskHref, hostHref, taskOver } from '../lib/views.js';
import { mountConsoles } from './vm-consoles.js';

/** [action, button text, statuses it applies to, what the confirmation says (null: no confirmation)] */
const POWER = [
  ['start', 'Start', ['stopped', 'paused'], null],
  ['stop', 'Stop', ['running'], 'The guest is asked to shut down (ACPI) and forced off after the timeout.'],
  ['force-stop', 'Force stop', ['running', 'paused', 'error', 'unknown'], 'The VM is powered off at once, as if its plug were pulled.'],
  ['reboot', 'Reboot', ['running'], 'The guest is shut down gracefully, then started again.'],
  ['suspend', 'Suspend', ['running'], null],
  ['resume', 'Resume', ['paused'], null],
];
const POLL_MS = 2000;

export function mount(outlet, ctx) {
  const id = ctx.params.id;
  const body = h('div', { id: 'vm' });
  const consoles = h('section', { id: 'vm-consoles', 'aria-label': 'Consoles' });
  const title = heading(id);
  outlet.append(title, body, consoles);
  let vm = null;
  let gone = false;
  let poll = null;
  let closeConsoles = null;

  async function load() {
    try {
      vm = await get(`/api/v1/vms/${enc(id)}`);
      if (gone) return;
      // Someone typing in the resize form keeps what they typed: this update waits for them.
      const active = document.activeElement;
      if (active && body.contains(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName)) {
        clearTimeout(poll);
        poll = setTimeout(load, POLL_MS);
        return;
      }
      render();
      if (!closeConsoles) closeConsoles = mountConsoles(consoles, vm);
      clearTimeout(poll);
      if ((vm.tasks || []).some((t) => !taskOver(t))) poll = setTimeout(load, POLL_MS);
    } catch (e) {
      if (gone || e instanceof SignedOut) return;
      if (e instanceof ApiError && e.status === 404) fill(body, h('p', { class: 'notice error', role: 'alert' }, `No VM ${id}: ${e.message}`));
      else fill(body, loadFailure(e));
    }
  }

  function render() {
    document.title = `${vm.name} \u00b7 Drover`;
    title.querySelector('h1').textContent = vm.name;
    const writer = session.may('vms_write', vm.project);
    const create = (vm.tasks || []).find((t) => t.kind === 'create');
    fill(body,
      writer ? actions() : null,
      h('div', { class: 'cards' },
        h('section', { class: 'card', 'aria-labelledby': 'vm-status' }, h('h2', { id: 'vm-status' }, 'Status'),
          facts([
            ['Status', badge(vm.status)],
            ['Desired', vm.desired || '\u2014'],
            ['Observed', vm.observed ? `${vm.observed}${vm.observed_reason ? ` (${vm.observed_reason})` : ''}` : '\u2014'],
            ['Observed at', time(vm.observed_at)],
            vm.error ? ['Error', h('span', { class: 'error-text', id: 'vm-error' }, vm.error)] : null,
          ])),
        h('section', { class: 'card', 'aria-labelledby': 'vm-spec' }, h('h2', { id: 'vm-spec' }, 'Machine'),
          facts([
            ['Project', vm.project], ['Image', vm.image], ['CPUs', String(vm.cpus)], ['Memory', mib(vm.memory_mib)],
            ['Disk', `${vm.disk_gib} GiB`],
            ['Host', vm.host_id ? (session.holds('hosts_read') ? h('a', { href: hostHref(vm.host_id) }, vm.host || vm.host_id) : (vm.host || vm.host_id)) : 'not placed'],
            ['Created', time(vm.created_at)], ['Id', h('span', { class: 'mono' }, vm.id)],
          ])),
        h('section', { class: 'card', 'aria-labelledby': 'vm-net' }, h('h2', { id: 'vm-net' }, 'NICs, addresses and disks'),
          h('ul', { class: 'list-plain', id: 'vm-nics' }, (vm.nics || []).map((n) => h('li', {}, n.network ? `${n.network} (${n.kind})` : 'QEMU user-mode',
            n.mac ? [' ', h('span', { class: 'mono' }, n.mac)] : null, n.address ? [' ', h('span', { class: 'mono' }, n.address)] : null))),
          (vm.ips || []).length ? h('ul', { class: 'list-plain', id: 'vm-ips' }, vm.ips.map((ip) => h('li', {}, h('span', { class: 'mono' }, ip.address), ` (${ip.source})`)))
            : h('p', { class: 'muted' }, 'No address known yet.'),
          h('ul', { class: 'list-plain', id: 'vm-disks' }, (vm.disks || []).map((d) => h('li', {}, `${d.device}: ${d.kind}${d.size_gib != null ? `, ${d.size_gib} GiB` : ''}`))))),
      create ? h('section', { 'aria-labelledby': 'vm-create-task' }, h('h2', { id: 'vm-create-task' }, h('a', { href: taskHref(create.id) }, 'Create task')), taskProgress(create)) : null,
      writer && vm.status === 'stopped' ? resizeForm() : null,
      h('h2', {}, 'Tasks'),
      (vm.tasks || []).length ? h('ul', { class: 'list-plain', id: 'vm-tasks' }, vm.tasks.map(taskLine)) : h('p', { class: 'muted' }, 'No tasks.'),
      h('h2', {}, 'Events'),
      eventTable(vm.events || [], `Events of ${vm.name}`));
  }

  function actions() {
    const buttons = POWER.map(([action, text, statuses, warning]) => {
      const b = h('button', { type: 'button', class: 'secondary', disabled: !statuses.includes(vm.status), dataset: { action } }, text);
      b.addEventListener('click', async () => {
        if (warning && !(await confirm({ title: `${text} ${vm.name}?`, body: warning, action: `${text} ${vm.name}` }))) return;
        b.disabled = true;
        try {
          const res = await post(`/api/v1/vms/${enc(vm.id)}/${action}`, {});
          toast(`${text}: a ${res.task.kind} task is queued for ${vm.name}.`);
        } catch (e) {
          reportFailure(`${action} ${vm.name}`, e);
        }
        load();
      });
      return b;
    });
    const remove = h('button', { type: 'button', class: 'danger' }, 'Delete');
    remove.addEventListener('click', async () => {
      const yes = await confirm({ title: `Delete ${vm.name}?`, body: `${vm.name} is destroyed on its host with its disk and seed; this cannot be undone.`, action: `Delete ${vm.name}` });
      if (!yes) return;
      try {
        await del(`/api/v1/vms/${enc(vm.id)}`);
        toast(`Deleting ${vm.name}.`);
        ctx.navigate('/vms');
      } catch (e) {
        reportFailure(`delete ${vm.name}`, e);
      }
    });
    return h('div', { class: 'actions-row', role: 'group', 'aria-label': 'Power actions' }, buttons, remove);
  }

  function resizeForm() {
    const f = form({
      id: 'vm-resize', submit: 'Resize',
      fields: [
        { name: 'cpus', label: 'CPUs', type: 'number', value: String(vm.cpus), min: 1, max: 255 },
        { name: 'memory_mib', label: 'Memory (MiB)', type: 'number', value: String(vm.memory_mib), min: 64 },
      ],
      validate: (v) => {
        const out = {};
        if (!(Number(v.cpus) >= 1 && Number(v.cpus) <= 255)) out.cpus = 'cpus must be from 1 to 255';
        if (!(Number(v.memory_mib) >= 64 && Number(v.memory_mib) <= 16777216)) out.memory_mib = 'memory_mib must be from 64 to 16777216';
        return out;
      },
      onSubmit: async (v) => {
        await post(`/api/v1/vms/${enc(vm.id)}/resize`, { cpus: Number(v.cpus), memory_mib: Number(v.memory_mib) });
        toast(`Resizing ${vm.name}.`);
        load();
      },
    });
    f.el.classList.add('inline');
    return h('section', { 'aria-labelledby': 'vm-resize-title' }, h('h2', { id: 'vm-resize-title' }, 'Resize'), f.el);
  }

  const off = onEvents(['vm_created', 'vm_state', 'vm_deleted', 'vm_failed', 'registered', 'online', 'offline'], load,
    (e) => !vm || e.hostname === vm.name);
  load();
  return { unmount() { gone = true; off(); clearTimeout(poll); if (closeConsoles) closeConsoles(); } };
}
