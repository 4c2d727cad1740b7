// LDAP login settings (admins). "Save and test" binds as the service account first and saves
// only if that works (PUT ?check=true): the API has no separate test action. The bind password
// is never shown; leaving it empty keeps the stored one.
import { h, fill } from '../lib/dom.js';
import { get, call, del, ApiError, SignedOut } from '../lib/api.js';
import { holds } from '../lib/session.js';
import { form } from '../lib/form.js';
import { confirm } from '../lib/dialog.js';
import { toast } from '../lib/toast.js';
import { heading, reportFailure, loadFailure } from '../lib/page.js';

/** "group=value" lines ↔ a map. */
const linesOf = (map, join = (v) => v) => Object.entries(map || {}).map(([k, v]) => `${k}=${join(v)}`).join('\n');
function mapOf(text, split = (v) => v) {
  const out = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const at = line.lastIndexOf('=');
    if (at > 0) out[line.slice(0, at).trim()] = split(line.slice(at + 1).trim());
  }
  return out;
}

export function mount(outlet) {
  const body = h('div', { id: 'ldap' });
  const writer = holds('settings_write');
  outlet.append(heading('LDAP login'), body);

  async function load() {
    let s = null;
    try {
      s = await get('/api/v1/settings/ldap');
    } catch (e) {
      if (e instanceof SignedOut) return;
      if (!(e instanceof ApiError && e.status === 404)) return fill(body, loadFailure(e));
    }
    render(s);
  }

  function render(s) {
    const cur = s || {};
    let check = false;
    const f = form({
      id: 'ldap-form', submit: 'Save',
      fields: [
        { name: 'url', label: 'URL', value: cur.url || '', placeholder: 'ldaps://ldap.example.org', required: true },
        { name: 'bind_dn', label: 'Bind DN (service account)', value: cur.bind_dn || '', required: true },
        { name: 'bind_password', label: `Bind password${cur.bind_password_set ? ' (empty: keep the stored one)' : ''}`, type: 'password', autocomplete: 'new-password' },
        { name: 'user_base', label: 'User base DN', value: cur.user_base || '', required: true },
        { name: 'user_filter', label: 'User filter', value: cur.user_filter || '(uid={0})' },
        { name: 'group_base', label: 'Group base DN', value: cur.group_base || '', required: true },
        { name: 'group_filter', label: 'Group filter', value: cur.group_filter || '(member={0})' },
        { name: 'group_name_attribute', label: 'Group name attribute', value: cur.group_name_attribute || 'cn' },
        { name: 'group_roles', label: 'Group roles (one group=role a line)', type: 'textarea', rows: 3, value: linesOf(cur.group_roles) },
        { name: 'group_projects', label: 'Group projects (one group=project,project a line)', type: 'textarea', rows: 3, value: linesOf(cur.group_projects, (v) => v.join(',')) },
      ],
      validate: (v) => {
        const out = {};
        if (!/^ldaps?:\/\/[^\s]+$/.test(v.url.trim())) out.url = 'url must be ldap://host[:port] or ldaps://host[:port]';
        if (!Object.keys(mapOf(v.group_roles)).length) out.group_roles = 'group_roles needs at least one group=role line: no mapped group means no login';
        return out;
      },
      onSubmit: async (v) => {
        const settings = { ...v, group_roles: mapOf(v.group_roles), group_projects: mapOf(v.group_projects, (p) => p.split(',').map((x) => x.trim()).filter(Boolean)) };
        if (!settings.bind_password) delete settings.bind_password;
        const saved = await call(`/api/v1/settings/ldap${check ? '?check=true' : ''}`, { method: 'PUT', json: settings });
        toast(check ? 'The directory answered; settings saved.' : 'LDAP settings saved.');
        render(saved);
      },
    });
    const test = h('button', { type: 'submit', class: 'secondary', id: 'ldap-test' }, 'Save and test connection');
    f.el.querySelector('.form-actions').append(test);
    f.el.addEventListener('submit', (e) => { check = e.submitter === test; }, true);
    if (!writer) for (const el of f.el.querySelectorAll('input, textarea, button')) el.disabled = true;
    const off = h('button', { type: 'button', class: 'danger' }, 'Turn LDAP login off');
    off.addEventListener('click', async () => {
      if (!(await confirm({ title: 'Turn LDAP login off?', body: 'Users who came from the directory can no longer sign in.', action: 'Turn off' }))) return;
      try {
        await del('/api/v1/settings/ldap');
        toast('LDAP login is off.');
        render(null);
      } catch (e) {
        reportFailure('turn LDAP login off', e);
      }
    });
    fill(body, h('p', { class: 'muted' }, s ? 'LDAP login is on.' : 'LDAP login is off: only local users sign in.'), f.el,
      writer && s ? h('div', { class: 'actions-row' }, off) : null);
  }

  load();
  return {};
}
