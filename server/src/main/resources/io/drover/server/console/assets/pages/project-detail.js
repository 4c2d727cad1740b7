// One project: its quotas and usage, its members (admins), links to its VMs, images and tasks;
// admins change its description and quotas or delete it (only an empty one, never default).
import { h, fill, link } from '../lib/dom.js';
import { get, patch, del, all, SignedOut, enc } from '../lib/api.js';
import { holds } from '../lib/session.js';
import { form } from '../lib/form.js';
import { confirm } from '../lib/dialog.js';
import { toast } from '../lib/toast.js';
import { heading, reportFailure, loadFailure } from '../lib/page.js';
import { usageBars, quotaFields, quotaOf, checkQuota } from './projects.js';

export function mount(outlet, ctx) {
  const name = ctx.params.name;
  const body = h('div', { id: 'project' });
  outlet.append(heading(`Project ${name}`), body);

  async function load() {
    try {
      const p = await get(`/api/v1/projects/${enc(name)}`);
      const members = holds('users_read') ? (await all('/api/v1/users')).filter((u) => u.role === 'admin' || (u.projects || []).includes(name)) : null;
      render(p, members);
    } catch (e) {
      if (!(e instanceof SignedOut)) fill(body, loadFailure(e));
    }
  }

  function render(p, members) {
    const q = `?project=${enc(p.name)}`;
    fill(body,
      p.description ? h('p', {}, p.description) : null,
      h('p', {}, link(`#/vms${q}`, 'Its VMs'), ' \u00b7 ', link(`#/images${q}`, 'its images'), ' \u00b7 ', link(`#/tasks${q}`, 'its tasks'), ' \u00b7 ', link(`#/events${q}`, 'its events')),
      h('section', { class: 'card', 'aria-labelledby': 'project-usage' }, h('h2', { id: 'project-usage' }, 'Quota and usage'), usageBars(p)),
      members ? [h('h2', {}, 'Members'), h('ul', { class: 'list-plain', id: 'members' }, members.map((u) => h('li', {}, u.username, ` (${u.role}${u.role === 'admin' ? ', every project' : ''})`)))] : null,
      holds('projects_write') ? editForm(p) : null);
  }

  function editForm(p) {
    const f = form({
      id: 'project-edit', submit: 'Save',
      fields: [{ name: 'description', label: 'Description', value: p.description || '', maxlength: 1000 }, ...quotaFields(p.quota || {})],
      validate: checkQuota,
      onSubmit: async (v) => {
        await patch(`/api/v1/projects/${enc(p.name)}`, { description: v.description, quota: quotaOf(v) });
        toast(`Saved project ${p.name}.`);
        load();
      },
    });
    const remove = h('button', { type: 'button', class: 'danger' }, 'Delete project');
    remove.addEventListener('click', async () => {
      if (!(await confirm({ title: `Delete project ${p.name}?`, body: 'Only an empty project can be deleted: move or delete its VMs and images first.', action: `Delete ${p.name}` }))) return;
      try {
        await del(`/api/v1/projects/${enc(p.name)}`);
        toast(`Deleted project ${p.name}.`);
        ctx.navigate('/projects');
      } catch (e) {
        reportFailure(`delete ${p.name}`, e);
      }
    });
    return [h('h2', {}, 'Settings'), f.el, h('div', { class: 'actions-row' }, remove)];
  }

  load();
  return {};
}
