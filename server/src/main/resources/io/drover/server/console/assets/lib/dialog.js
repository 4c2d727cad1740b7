// Modal dialogs on <dialog>: a confirmation that names what will happen (the action and what it
// acts on), and a plain one for content such as the shortcuts list. Escape cancels; focus returns
// to where it was.
import { h } from './dom.js';

/**
 * Asks before an action. title: 'Delete 3 VMs?'; body: text or nodes saying what will happen;
 * action: the confirm button's words ('Delete'). Resolves true when confirmed.
 */
export function confirm({ title, body, action = 'OK', danger = true }) {
  return new Promise((resolve) => {
    const before = document.activeElement;
    const titleId = `dialog-title-${Math.random().toString(36).slice(2)}`;
    const ok = h('button', { type: 'button', class: danger ? 'danger-solid' : 'primary', value: 'ok' }, action);
    const cancel = h('button', { type: 'button', class: 'secondary', value: 'cancel' }, 'Cancel');
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': titleId, id: 'confirm-dialog' },
      h('h2', { id: titleId }, title),
      h('div', { class: 'confirm-body' }, body),
      h('div', { class: 'dialog-actions' }, cancel, ok));
    let answered = false;
    const finish = (yes) => {
      if (answered) return;
      answered = true;
      dialog.close();
      dialog.remove();
      if (before && before.focus) before.focus();
      resolve(yes);
    };
    ok.addEventListener('click', () => finish(true));
    cancel.addEventListener('click', () => finish(false));
    dialog.addEventListener('cancel', (e) => { e.preventDefault(); finish(false); });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus(); // the safe choice has the focus: Enter does not delete by accident
  });
}

/** A dialog with a title and content, closed by its Close button or Escape. */
export function show({ title, body, id }) {
  const before = document.activeElement;
  const titleId = `dialog-title-${Math.random().toString(36).slice(2)}`;
  const close = h('button', { type: 'button', class: 'secondary' }, 'Close');
  const dialog = h('dialog', { 'aria-labelledby': titleId, id },
    h('h2', { id: titleId }, title), body, h('div', { class: 'dialog-actions' }, close));
  const done = () => {
    dialog.close();
    dialog.remove();
    if (before && before.focus) before.focus();
  };
  close.addEventListener('click', done);
  dialog.addEventListener('cancel', (e) => { e.preventDefault(); done(); });
  document.body.append(dialog);
  dialog.showModal();
  close.focus();
  return dialog;
}
