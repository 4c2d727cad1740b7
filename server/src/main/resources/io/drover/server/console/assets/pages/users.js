// Users (admins): list, create (a password is generated and shown once when none is given), change
// role, projects or disabled, reset a password or two-factor, delete.
import { h, fill, time, badge } from '../lib/dom.js';
import { all, post, patch, del, enc } from '../lib/api.js';
import { form } from '../lib/form.js';
import { confirm, show } from '../lib/dialog.js';
import { toast } from '../lib/toast.js';
import { heading, reportFailure, loadFailure } from '../lib/page.js';

const ROLES = [['viewer', 'viewer'], ['operator', 'operator'], ['admin', 'admin']];
const USERNAME = /^[a-z0-9._@-]{1,64}$/;

const projectsOf = (text) => text.split(',').map((p) => p.trim()).filter(Boolean);

/** Shows a secret once, in a dialog, ready to copy. */
function showOnce(title, label, secret) {
  const input = h('input', { type: 'text', id: 'once-secret', readonly: true, value: secret });
  show({ title, id: 'secret-dialog', body: [h('label', { for: 'once-secret' }, label), h('div', { class: 'secret' }, input),
    h('p', { class: 'once' }, 'It is shown only now.')] });
  input.select();
}

export function mount(outlet) {
  const body = h('div', { id: 'users' });
  const editor = h('div', { id: 'user-editor' });
  const create = form({
    id: 'user-form', submit: 'Create user',
    fields: [
      { name: 'username', label: 'Username', required: true, maxlength: 64, hint: '1-64 of a-z 0-9 . _ - @' },
      { name: 'password', label: 'Password (empty: one is generated)', type: 'password', autocomplete: 'new-password' },
      { name: 'role', label: 'Role', type: 'select', options: ROLES },
      { name: 'projects', label: 'Projects (comma-separated)', value: 'default' },
    ],
    validate: (v) => ({
      ...(USERNAME.test(v.username) ? {} : { username: 'username must be 1-64 of a-z 0-9 . _ - @' }),
      ...(v.password && v.password.length < 12 ? { password: 'password must be at least 12 characters' } : {}),
    }),
    onSubmit: async (v) => {
      const made = await post('/api/v1/users', { username: v.username, password: v.password || undefined, role: v.role, projects: projectsOf(v.projects) });
      toast(`Created ${made.user.username}.`);
      if (made.password) showOnce(`${made.user.username}\u2019s password`, 'Generated password', made.password);
      create.el.reset();
      load();
    },
  });
  outlet.append(heading('Users'), h('details', { class: 'panel' }, h('summary', {}, 'Create a user'), create.el), editor, body);

  async function load() {
    try {
      const users = await all('/api/v1/users');
      fill(body, h('div', { class: 'table-wrap' }, h('table', { id: 'users-table', 'aria-label': 'Users' },
        h('thead', {}, h('tr', {}, ['Username', 'Role', 'Projects', 'Source', 'Two-factor', 'Last login', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, users.map((u) => h('tr', { dataset: { key: u.username } },
          h('td', { class: 'name' }, u.username, u.disabled ? [' ', badge('disabled')] : null),
          h('td', { class: 'role' }, u.role), h('td', { class: 'projects' }, (u.projects || []).join(', ')),
          h('td', {}, u.source), h('td', {}, u.totp_enabled ? 'on' : 'off'), h('td', {}, time(u.last_login_at)),
          h('td', { class: 'actions' }, button('Edit', `Edit ${u.username}`, () => edit(u)))))))));
    } catch (e) {
      fill(body, loadFailure(e));
    }
  }

  function button(text, label, fn, cls = 'secondary') {
    const b = h('button', { type: 'button', class: cls, 'aria-label': label }, text);
    b.addEventListener('click', fn);
    return b;
  }

  function edit(u) {
    const f = form({
      id: 'user-edit', submit: 'Save',
      fields: [
        { name: 'role', label: 'Role', type: 'select', options: ROLES, value: u.role },
        { name: 'projects', label: 'Projects (comma-separated)', value: (u.projects || []).join(', ') },
        { name: 'disabled', label: 'Disabled', type: 'checkbox', value: u.disabled },
      ],
      onSubmit: async (v) => {
        await patch(`/api/v1/users/${enc(u.id)}`, { role: v.role, projects: projectsOf(v.projects), disabled: v.disabled });
        toast(`Saved ${u.username}; their sessions ended.`);
        fill(editor);
        load();
      },
    });
    const actions = h('div', { class: 'actions-row' },
      u.source === 'local' ? button('Reset password', `Reset the password of ${u.username}`, async () => {
        if (!(await confirm({ title: `Reset the password of ${u.username}?`, body: 'A new password is generated and shown once; their sessions end and their API tokens are revoked.', action: 'Reset password' }))) return;
        try {
          const r = await post(`/api/v1/users/${enc(u.id)}/password`, {});
          showOnce(`${u.username}\u2019s new password`, 'Generated password', r.password);
        } catch (e) { reportFailure(`reset the password of ${u.username}`, e); }
      }) : null,
      u.totp_enabled ? button('Reset two-factor', `Reset two-factor of ${u.username}`, async () => {
        if (!(await confirm({ title: `Turn two-factor off for ${u.username}?`, body: 'They sign in with their password only until they enrol again.', action: 'Reset two-factor' }))) return;
        try {
          await post(`/api/v1/users/${enc(u.id)}/totp/reset`, {});
          toast(`Two-factor is off for ${u.username}.`);
          load();
        } catch (e) { reportFailure(`reset two-factor of ${u.username}`, e); }
      }) : null,
      button('Delete', `Delete ${u.username}`, async () => {
        if (!(await confirm({ title: `Delete user ${u.username}?`, body: 'Their API tokens and sessions go with them.', action: `Delete ${u.username}` }))) return;
        try {
          await del(`/api/v1/users/${enc(u.id)}`);
          toast(`Deleted ${u.username}.`);
          fill(editor);
          load();
        } catch (e) { reportFailure(`delete ${u.username}`, e); }
      }, 'danger'),
      button('Close', 'Close the editor', () => fill(editor), 'link'));
    fill(editor, h('section', { class: 'panel', 'aria-labelledby': 'user-edit-title' }, h('h2', { id: 'user-edit-title' }, `Edit ${u.username}`), f.el, actions));
    f.input('role').focus();
  }

  load();
  return {};
}
