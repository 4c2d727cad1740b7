// Projects with their quotas and what they use, as bars; admins create one here.
import { h, fill, bar, link } from '../lib/dom.js';
import { all, post } from '../lib/api.js';
import { holds } from '../lib/session.js';
import { form } from '../lib/form.js';
import { toast } from '../lib/toast.js';
import { heading, onEvents, loadFailure } from '../lib/page.js';

export const PROJECT_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
export const QUOTAS = [['vms', 'VMs', ''], ['vcpus', 'vCPUs', ''], ['memory_mib', 'Memory', ' MiB'], ['disk_gib', 'Disk', ' GiB']];

/** The usage bars of a project. */
export function usageBars(p) {
  const q = p.quota || {};
  const u = p.usage || {};
  return QUOTAS.map(([k, label, unit]) => bar(label, u[k] || 0, q[k], unit));
}

/** Quota fields for a form: empty is no limit. */
export function quotaFields(quota = {}) {
  return QUOTAS.map(([k, label, unit]) => ({ name: k, label: `${label} quota${unit ? ` (${unit.trim()})` : ''}`, type: 'number', min: 0,
    value: quota[k] == null ? '' : String(quota[k]), placeholder: 'no limit' }));
}

export function quotaOf(v) {
  const out = {};
  for (const [k] of QUOTAS) out[k] = v[k] === '' ? null : Number(v[k]);
  return out;
}

export function checkQuota(v) {
  const out = {};
  for (const [k] of QUOTAS) if (v[k] !== '' && !(Number.isInteger(Number(v[k])) && Number(v[k]) >= 0)) out[k] = `${k} must be a whole number, 0 or more (empty: no limit)`;
  return out;
}

export function mount(outlet) {
  const body = h('div', { id: 'projects' });
  let panel = null;
  if (holds('projects_write')) {
    const f = form({
      id: 'project-form', submit: 'Create project',
      fields: [{ name: 'name', label: 'Name', required: true, maxlength: 63, hint: 'a-z, 0-9 and \u2019-\u2019' },
        { name: 'description', label: 'Description', maxlength: 1000 }, ...quotaFields()],
      validate: (v) => ({ ...(PROJECT_NAME.test(v.name.trim()) ? {} : { name: 'name must be 1-63 of a-z, 0-9 and \u2019-\u2019, not starting or ending with \u2019-\u2019' }), ...checkQuota(v) }),
      onSubmit: async (v) => {
        const p = await post('/api/v1/projects', { name: v.name.trim(), description: v.description || undefined, quota: quotaOf(v) });
        toast(`Created project ${p.name}.`);
        f.el.reset();
        load();
      },
    });
    panel = h('details', { class: 'panel' }, h('summary', {}, 'Create a project'), f.el);
  }
  outlet.append(heading('Projects'), panel, body);

  async function load() {
    try {
      const projects = await all('/api/v1/projects');
      fill(body, h('div', { class: 'cards' }, projects.map((p) => h('section', { class: 'card', dataset: { project: p.name }, 'aria-labelledby': `project-${p.name}` },
        h('h2', { id: `project-${p.name}` }, link(`#/projects/${encodeURIComponent(p.name)}`, p.name)),
        p.description ? h('p', { class: 'muted' }, p.description) : null, usageBars(p)))));
    } catch (e) {
      fill(body, loadFailure(e));
    }
  }
  const off = onEvents(['vm_created', 'vm_deleted'], load);
  load();
  return { unmount: off };
}
