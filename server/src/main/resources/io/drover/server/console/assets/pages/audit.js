// The audit trail (admins): who changed what, newest first, every filter of the API in the URL.
import { h, badge, time } from '../lib/dom.js';
import { get, withQuery } from '../lib/api.js';
import { table, filters } from '../lib/table.js';
import { heading } from '../lib/page.js';

export function mount(outlet, ctx) {
  const bar = filters([
    { name: 'actor', label: 'Actor', type: 'search', placeholder: 'username', search: true },
    { name: 'route', label: 'Route', type: 'search', placeholder: '/api/v1/vms/{id}/stop' },
    { name: 'target', label: 'Target', type: 'search', placeholder: 'a VM id' },
    { name: 'outcome', label: 'Outcome', type: 'select', options: ['ok', 'denied', 'failed', 'error'] },
    { name: 'method', label: 'Method', type: 'select', options: ['POST', 'PUT', 'PATCH', 'DELETE', 'GET'] },
    { name: 'since', label: 'Since', type: 'search', placeholder: '2026-01-01T00:00:00Z' },
    { name: 'until', label: 'Until', type: 'search', placeholder: 'RFC 3339 time' },
  ], ctx.query, ctx.go);
  const list = table({
    id: 'audit', label: 'Audit records', query: ctx.query, go: ctx.go, empty: 'No record matches.',
    rowKey: (r) => String(r.id),
    columns: [
      { key: 'at', label: 'When', value: (r) => r.at, render: (r) => time(r.at) },
      { key: 'actor', label: 'Actor', value: (r) => r.actor },
      { key: 'method', label: 'Method', value: (r) => r.method },
      { key: 'path', label: 'Path', value: (r) => r.path, render: (r) => h('span', { class: 'mono', title: r.route }, r.path) },
      { key: 'status', label: 'Status', value: (r) => r.status, render: (r) => String(r.status) },
      { key: 'outcome', label: 'Outcome', value: (r) => r.outcome, render: (r) => badge(r.outcome) },
      { key: 'via', label: 'Via', value: (r) => r.via },
      { key: 'address', label: 'Address', value: (r) => r.address },
      { key: 'detail', label: 'Detail', render: (r) => r.detail || '' },
    ],
    load: (params) => get(withQuery('/api/v1/audit', params)),
  });
  outlet.append(heading('Audit log'), bar.el, list.el);
  list.reload();
  return { onQuery(q) { bar.show(q); list.setQuery(q); list.reload(); } };
}
