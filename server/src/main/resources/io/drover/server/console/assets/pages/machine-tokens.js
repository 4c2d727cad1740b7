// "Add machines": a project's registration tokens. Makes one (the install line is shown once,
// ready to copy), lists the live ones and revokes them. Part of the machines page.
import { h, fill, formatDate } from '../lib/dom.js';
import { all, get, post, del, ApiError, SignedOut, enc } from '../lib/api.js';
import { may } from '../lib/session.js';
import { confirm } from '../lib/dialog.js';
import { copyButton } from '../lib/copy.js';

const MACHINES_WRITE = 'machines_write';

export function enrolPanel({ toggle, notify }) {
  const ui = {
    error: h('p', { class: 'notice error', id: 'enrol-error', role: 'alert', hidden: true }),
    project: h('select', { id: 'enrol-project', name: 'project', required: true }),
    name: h('input', { type: 'text', id: 'enrol-name', name: 'name', maxlength: 64, autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. racks 1-4', required: true }),
    submit: h('button', { type: 'submit', class: 'primary', id: 'enrol-submit' }, 'Make install line'),
    commandLabel: h('label', { for: 'enrol-command', id: 'enrol-command-label' }, 'Install line'),
    command: h('input', { type: 'text', id: 'enrol-command', readonly: true, spellcheck: 'false', 'aria-describedby': 'enrol-once' }),
    copied: h('p', { class: 'copied', id: 'enrol-copied', role: 'status' }),
    tokensTitle: h('h3', { id: 'enrol-tokens-title' }, 'Live registration tokens'),
    tokenRows: h('tbody', { id: 'enrol-token-rows' }),
    tokensEmpty: h('p', { class: 'empty', id: 'enrol-tokens-empty', hidden: true }),
    closeButton: h('button', { type: 'button', class: 'link', id: 'enrol-close' }, 'Close'),
  };
  ui.result = h('div', { class: 'enrol-result', id: 'enrol-result', hidden: true }, ui.commandLabel,
    h('div', { class: 'copy-row' }, ui.command, copyButton(() => ui.command, ui.copied, { id: 'enrol-copy' })),
    h('p', { class: 'once', id: 'enrol-once' }, 'Run this line as root on each machine to add. It holds the token and is shown only now: copy it before you close this panel. Revoke the token below when you are done.'),
    ui.copied);
  ui.form = h('form', { id: 'enrol-form', class: 'enrol-form', novalidate: true },
    h('label', { for: 'enrol-project' }, 'Project'), ui.project, h('label', { for: 'enrol-name' }, 'Token name'), ui.name, ui.submit);
  const el = h('section', { class: 'panel', id: 'enrol', 'aria-labelledby': 'enrol-title', hidden: true },
    h('div', { class: 'panel-head' }, h('h2', { id: 'enrol-title' }, 'Add machines to a project'), ui.closeButton),
    ui.error, ui.form, ui.result, ui.tokensTitle,
    h('table', { class: 'tokens', id: 'enrol-tokens', 'aria-labelledby': 'enrol-tokens-title' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Created'), h('th', { scope: 'col' }, 'By'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))), ui.tokenRows),
    ui.tokensEmpty);
  let load = 0;

  const tokensPath = (project) => `/api/v1/projects/${enc(project)}/registration-tokens`;
  function error(text) {
    ui.error.textContent = text;
    ui.error.hidden = !text;
  }

  async function open() {
    el.hidden = false;
    toggle.setAttribute('aria-expanded', 'true');
    error('');
    ui.submit.disabled = true;
    try {
      const projects = (await all('/api/v1/projects')).filter((p) => may(MACHINES_WRITE, p.name));
      if (el.hidden) return;
      const before = ui.project.value;
      fill(ui.project, projects.map((p) => h('option', { value: p.name, title: p.description || null }, p.name)));
      if (projects.some((p) => p.name === before)) ui.project.value = before;
      if (!projects.length) return error('You may add machines to no project.');
      ui.submit.disabled = false;
      ui.name.focus();
      loadTokens();
    } catch (e) {
      if (!(e instanceof SignedOut)) error(`Could not list your projects: ${e.message}`);
    }
  }

  /** Hides the panel and takes the install line (it holds the token) off the page. */
  function close() {
    load++;
    el.hidden = true;
    toggle.setAttribute('aria-expanded', 'false');
    ui.command.value = '';
    ui.copied.textContent = '';
    ui.result.hidden = true;
    fill(ui.tokenRows);
    ui.tokensEmpty.hidden = true;
    error('');
  }

  async function loadTokens() {
    const project = ui.project.value;
    if (!project) return;
    const mine = ++load;
    ui.tokensTitle.textContent = `Live registration tokens of ${project}`;
    try {
      const body = await get(tokensPath(project));
      if (mine !== load) return;
      const tokens = (body.items || []).filter((t) => !t.revoked_at);
      fill(ui.tokenRows, tokens.map((t) => h('tr', { dataset: { tokenId: t.id } },
        h('td', { class: 'name' }, t.name),
        h('td', { class: 'created', title: formatDate(t.created_at, true) }, formatDate(t.created_at)),
        h('td', { class: 'by' }, t.created_by || ''),
        h('td', { class: 'actions' }, may(MACHINES_WRITE, project) ? revokeButton(project, t) : null))));
      ui.tokensEmpty.textContent = `${project} has no live registration tokens.`;
      ui.tokensEmpty.hidden = tokens.length > 0;
    } catch (e) {
      if (!(e instanceof SignedOut) && mine === load) error(`Could not list the tokens of ${project}: ${e.message}`);
    }
  }

  function revokeButton(project, token) {
    const button = h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke ${token.name}` }, 'Revoke');
    button.addEventListener('click', async () => {
      const yes = await confirm({
        title: `Revoke the registration token \u201c${token.name}\u201d of ${project}?`,
        body: 'Machines installed with its line can no longer report until they are installed again with another token.',
        action: 'Revoke',
      });
      if (!yes) return;
      button.disabled = true;
      try {
        await del(`${tokensPath(project)}/${enc(token.id)}`);
        notify(`Revoked the token \u201c${token.name}\u201d of ${project}.`, 'ok');
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) notify(`The token \u201c${token.name}\u201d of ${project} was already revoked.`, 'ok');
        else if (!(e instanceof SignedOut)) error(`Could not revoke \u201c${token.name}\u201d: ${e.message}`);
      } finally {
        button.disabled = false;
        if (!el.hidden && ui.project.value === project) loadTokens();
      }
    });
    return button;
  }

  ui.form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const project = ui.project.value;
    const name = ui.name.value.trim();
    if (!project) return;
    if (!name) {
      error('Give the token a name, so that you can tell it apart in the list later.');
      ui.name.focus();
      return;
    }
    error('');
    ui.submit.disabled = true;
    try {
      const made = await post(tokensPath(project), { name });
      if (el.hidden) return; // closed meanwhile: the line stays off the page; the token is in the list to revoke
      ui.commandLabel.textContent = `Install line for \u201c${made.name}\u201d in ${made.project}`;
      ui.command.value = made.install_command || '';
      ui.copied.textContent = '';
      ui.result.hidden = false;
      ui.name.value = '';
      ui.command.focus();
      ui.command.select();
      if (ui.project.value === made.project) loadTokens();
    } catch (e) {
      if (!(e instanceof SignedOut)) error(`Could not make a token for ${project}: ${e.message}`);
    } finally {
      ui.submit.disabled = false;
    }
  });
  ui.project.addEventListener('change', () => {
    error('');
    loadTokens();
  });
  toggle.addEventListener('click', () => (el.hidden ? open() : close()));
  ui.closeButton.addEventListener('click', () => {
    close();
    toggle.focus();
  });
  return { el, close };
}
