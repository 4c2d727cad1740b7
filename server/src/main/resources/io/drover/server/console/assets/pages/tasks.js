// Tasks, newest first, filtered by status, VM and project (in the URL), paged by the server;
// live: any VM event re-fetches the page, and a page with running tasks is re-read every 2 s.
import { h, badge, time } from '../lib/dom.js';
import { get, all, withQuery } from '../lib/api.js';
import { table, filters } from '../lib/table.js';
import { heading, onEvents } from '../lib/page.js';
import { taskHref, vmHref, taskOver } from '../lib/views.js';

export function mount(outlet, ctx) {
  const bar = filters([
    { name: 'status', label: 'Status', type: 'select', options: ['pending', 'running', 'succeeded', 'failed', 'cancelled'] },
    { name: 'vm', label: 'VM id', type: 'search', placeholder: 'a VM\u2019s id', search: true },
    { name: 'project', label: 'Project', type: 'select', options: [] },
  ], ctx.query, ctx.go);
  let timer = null;
  const list = table({
    id: 'tasks', label: 'Tasks', query: ctx.query, go: ctx.go, empty: 'No task matches.',
    rowKey: (t) => t.id,
    columns: [
      { key: 'kind', label: 'Kind', value: (t) => t.kind, render: (t) => h('a', { href: taskHref(t.id) }, t.kind) },
      { key: 'status', label: 'Status', value: (t) => t.status, render: (t) => badge(t.status) },
      { key: 'progress', label: 'Progress', value: (t) => t.progress, render: (t) => `${t.progress}%` },
      { key: 'vm', label: 'VM', render: (t) => (t.vm_id ? h('a', { href: vmHref(t.vm_id) }, t.vm_id.slice(0, 8)) : '\u2014') },
      { key: 'project', label: 'Project', value: (t) => t.project },
      { key: 'created', label: 'Created', value: (t) => t.created_at, render: (t) => time(t.created_at) },
      { key: 'error', label: 'Error', render: (t) => t.error || '' },
    ],
    load: async (params) => {
      const page = await get(withQuery('/api/v1/tasks', params));
      clearTimeout(timer);
      if ((page.items || []).some((t) => !taskOver(t))) timer = setTimeout(() => list.reload(), 2000);
      return page;
    },
  });
  outlet.append(heading('Tasks'), bar.el, list.el);
  all('/api/v1/projects').then((ps) => bar.setOptions('project', ps.map((p) => p.name))).catch(() => {});
  const off = onEvents(['vm_created', 'vm_state', 'vm_deleted', 'vm_failed'], () => list.reload());
  list.reload();
  return {
    onQuery(q) { bar.show(q); list.setQuery(q); list.reload(); },
    unmount() { off(); clearTimeout(timer); },
  };
}
