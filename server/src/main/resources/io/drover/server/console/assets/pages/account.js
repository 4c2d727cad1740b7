// My account: change my password, my API tokens (made, shown once, revoked), two-factor enrolment
// (the QR code is the server's SVG at /api/v1/auth/totp/qr.svg: an <img> from 'self', as the CSP
// wants) with the recovery codes shown once, and turning it off.
import { h, fill, time } from '../lib/dom.js';
import { get, post, del, enc } from '../lib/api.js';
import * as session from '../lib/session.js';
import { form } from '../lib/form.js';
import { confirm } from '../lib/dialog.js';
import { copyButton } from '../lib/copy.js';
import { toast } from '../lib/toast.js';
import { heading, reportFailure, loadFailure } from '../lib/page.js';

function passwordSection() {
  const f = form({
    id: 'password-form', submit: 'Change password',
    fields: [
      { name: 'current_password', label: 'Current password', type: 'password', autocomplete: 'current-password', required: true },
      { name: 'new_password', label: 'New password', type: 'password', autocomplete: 'new-password', required: true, hint: 'At least 12 characters.' },
      { name: 'revoke_tokens', label: 'Also revoke all my API tokens', type: 'checkbox' },
    ],
    validate: (v) => (v.new_password.length < 12 ? { new_password: 'new_password must be at least 12 characters' } : {}),
    onSubmit: async (v) => {
      await post('/api/v1/auth/password', v);
      toast('Password changed; your other sessions ended.');
      f.el.reset();
    },
  });
  return h('section', { 'aria-labelledby': 'pw-title' }, h('h2', { id: 'pw-title' }, 'Password'), f.el);
}

function tokensSection() {
  const list = h('div', { id: 'tokens' });
  const made = h('div', { id: 'token-made', hidden: true });
  const f = form({
    id: 'token-form', submit: 'Make token',
    fields: [
      { name: 'name', label: 'Token name', required: true, maxlength: 64 },
      { name: 'days', label: 'Valid for (days)', type: 'number', value: '90', min: 1, max: 366 },
      { name: 'read_only', label: 'Read-only', type: 'checkbox' },
    ],
    validate: (v) => ({ ...(v.name.trim() ? {} : { name: 'name is required' }),
      ...(Number(v.days) >= 1 && Number(v.days) <= 366 ? {} : { days: 'Valid for 1 to 366 days.' }) }),
    onSubmit: async (v) => {
      const t = await post('/api/v1/auth/tokens', { name: v.name.trim(), ttl_seconds: Number(v.days) * 86400, read_only: v.read_only });
      const input = h('input', { type: 'text', id: 'token-secret', readonly: true, value: t.token, 'aria-describedby': 'token-once' });
      const copied = h('p', { class: 'copied', role: 'status' });
      fill(made, h('label', { for: 'token-secret' }, `Token \u201c${t.name}\u201d`), h('div', { class: 'copy-row' }, input, copyButton(() => input, copied)),
        h('p', { class: 'once', id: 'token-once' }, 'Use it as Authorization: Bearer \u2026 It is shown only now.'), copied);
      made.hidden = false;
      input.select();
      f.el.reset();
      load();
    },
  });
  f.el.classList.add('inline');
  async function load() {
    try {
      const tokens = (await get('/api/v1/auth/tokens')).items || [];
      fill(list, tokens.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'tokens-table', 'aria-label': 'My API tokens' },
        h('thead', {}, h('tr', {}, ['Name', 'Access', 'Created', 'Expires', 'Last used', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, tokens.map((t) => h('tr', { dataset: { key: t.id } }, h('td', { class: 'name' }, t.name), h('td', {}, t.read_only ? 'read-only' : 'full'),
          h('td', {}, time(t.created_at)), h('td', {}, time(t.expires_at)), h('td', {}, time(t.last_used_at)),
          h('td', {}, revoke(t))))))) : h('p', { class: 'muted' }, 'You have no API tokens.'));
    } catch (e) {
      fill(list, loadFailure(e));
    }
  }
  function revoke(t) {
    const b = h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke ${t.name}` }, 'Revoke');
    b.addEventListener('click', async () => {
      if (!(await confirm({ title: `Revoke the API token \u201c${t.name}\u201d?`, body: 'Scripts using it are refused from now on.', action: 'Revoke' }))) return;
      try {
        await del(`/api/v1/auth/tokens/${enc(t.id)}`);
        toast(`Revoked \u201c${t.name}\u201d.`);
      } catch (e) {
        reportFailure(`revoke \u201c${t.name}\u201d`, e);
      }
      made.hidden = true;
      fill(made);
      load();
    });
    return b;
  }
  load();
  return h('section', { 'aria-labelledby': 'tokens-title' }, h('h2', { id: 'tokens-title' }, 'API tokens'), f.el, made, list);
}

function twoFactorSection() {
  const box = h('div', { id: 'two-factor' }); // not 'totp': the sign-in form's code field has that id
  const user = () => session.user();
  function render() {
    if (user().source === 'ldap') return fill(box, h('p', { class: 'muted' }, 'Your password is the directory\u2019s; two-factor is for local users.'));
    if (user().totp_enabled) {
      const f = form({
        id: 'totp-disable', submit: 'Turn two-factor off',
        fields: [{ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', required: true },
          { name: 'code', label: 'Code or recovery code', inputmode: 'numeric', autocomplete: 'one-time-code', required: true }],
        onSubmit: async (v) => {
          await post('/api/v1/auth/totp/disable', v);
          user().totp_enabled = false;
          toast('Two-factor is off.');
          render();
        },
      });
      return fill(box, h('p', {}, 'Two-factor is on.'), f.el);
    }
    const start = h('button', { type: 'button', class: 'secondary', id: 'totp-start' }, 'Set up two-factor');
    start.addEventListener('click', enrol);
    fill(box, h('p', {}, 'Two-factor is off.'), start);
  }
  async function enrol() {
    try {
      const e = await post('/api/v1/auth/totp/enroll', {});
      const f = form({
        id: 'totp-confirm', submit: 'Turn two-factor on',
        fields: [{ name: 'code', label: 'Code from the app', inputmode: 'numeric', autocomplete: 'one-time-code', required: true, maxlength: 6 }],
        validate: (v) => (/^\d{6}$/.test(v.code.trim()) ? {} : { code: 'code is the 6 digits the app shows' }),
        onSubmit: async (v) => {
          const r = await post('/api/v1/auth/totp/confirm', { code: v.code.trim() });
          user().totp_enabled = true;
          fill(box, h('p', {}, 'Two-factor is on. Keep these recovery codes somewhere safe: each stands in for a code once, and they are shown only now.'),
            h('ul', { class: 'codes', id: 'recovery-codes' }, r.recovery_codes.map((c) => h('li', {}, c))));
        },
      });
      fill(box, h('p', {}, 'Scan the QR code with an authenticator app, or type the secret into it, then enter the code it shows.'),
        h('div', { class: 'qr' }, h('img', { src: `/api/v1/auth/totp/qr.svg?t=${Date.now()}`, alt: 'QR code of the two-factor secret', id: 'totp-qr' })),
        h('p', {}, 'Secret: ', h('span', { class: 'mono', id: 'totp-secret' }, e.secret)), f.el);
      f.input('code').focus();
    } catch (err) {
      reportFailure('start two-factor enrolment', err);
    }
  }
  render();
  return h('section', { 'aria-labelledby': 'totp-title' }, h('h2', { id: 'totp-title' }, 'Two-factor sign-in'), box);
}

export function mount(outlet) {
  const u = session.user();
  const writable = session.holds('self_write');
  outlet.append(heading('My account'),
    h('p', {}, `Signed in as ${u.username} (${u.role}${(u.projects || []).length ? `; projects ${u.projects.join(', ')}` : ''}).`),
    writable && u.source !== 'ldap' ? passwordSection() : null,
    writable ? tokensSection() : null,
    writable ? twoFactorSection() : null);
  return {};
}
