// One task with its steps as they progress (re-read every second while it runs), its placement
// and error, and Cancel for a task still at work.
import { h, fill, time, facts } from '../lib/dom.js';
import { get, post, SignedOut, enc } from '../lib/api.js';
import { may } from '../lib/session.js';
import { confirm } from '../lib/dialog.js';
import { toast } from '../lib/toast.js';
import { heading, onEvents, reportFailure, loadFailure } from '../lib/page.js';
import { taskProgress, vmHref, taskOver } from '../lib/views.js';

export function mount(outlet, ctx) {
  const id = ctx.params.id;
  const body = h('div', { id: 'task' });
  outlet.append(heading('Task'), body);
  let gone = false;
  let timer = null;

  async function load() {
    clearTimeout(timer);
    try {
      const t = await get(`/api/v1/tasks/${enc(id)}`);
      if (gone) return;
      render(t);
      if (!taskOver(t)) timer = setTimeout(load, 1000);
    } catch (e) {
      if (!gone && !(e instanceof SignedOut)) fill(body, loadFailure(e));
    }
  }

  function render(t) {
    document.title = `${t.kind} task \u00b7 Drover`;
    const p = t.placement;
    fill(body,
      !taskOver(t) && may('tasks_write', t.project) && !t.cancel_requested ? cancelButton(t) : null,
      facts([['Kind', t.kind], ['VM', t.vm_id ? h('a', { href: vmHref(t.vm_id) }, t.vm_id) : '\u2014'], ['Project', t.project],
        ['Created', time(t.created_at)], ['Started', time(t.started_at)], ['Ended', time(t.ended_at)], ['Deadline', time(t.deadline)],
        ['Id', h('span', { class: 'mono' }, t.id)]]),
      h('h2', {}, 'Steps'), taskProgress(t),
      p ? [h('h2', {}, 'Placement'), facts([['Host', p.host_name || 'none could take the VM'], ['Strategy', p.strategy],
        ['Hosts refused', String(p.rejected_count ?? 0)]]),
      h('ul', { class: 'list-plain', id: 'rejected' }, Object.entries(p.rejected || {}).map(([host, why]) => h('li', {}, `${host}: ${why}`)))] : null);
  }

  function cancelButton(t) {
    const b = h('button', { type: 'button', class: 'danger' }, 'Cancel task');
    b.addEventListener('click', async () => {
      if (!(await confirm({ title: `Cancel this ${t.kind} task?`, body: 'It stops before its next step and the steps that ran are undone, newest first.', action: 'Cancel task' }))) return;
      try {
        await post(`/api/v1/tasks/${enc(t.id)}/cancel`, {});
        toast('Cancel requested.');
      } catch (e) {
        reportFailure('cancel the task', e);
      }
      load();
    });
    return h('div', { class: 'actions-row' }, b);
  }

  const off = onEvents(['vm_state', 'vm_failed', 'vm_created', 'vm_deleted'], load);
  load();
  return { unmount() { gone = true; off(); clearTimeout(timer); } };
}
