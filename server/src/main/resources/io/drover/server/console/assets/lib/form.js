// Forms with a label for every input, errors next to the field they are about, and one error line
// for the rest. Checks the page can make before submitting (validate) come first; then the server's
// problem: its field errors, or a detail that starts with a field's wire name ("name may only
// contain …"), land at that field; anything else at the top of the form.
import { h } from './dom.js';
import { ApiError, SignedOut } from './api.js';

let ids = 0;

/** One labelled input: {name, label, type, required, options:[[value,text]], value, hint, ...attrs}. */
function field(spec, prefix) {
  const id = `${prefix}-${spec.name}`;
  const errorId = `${id}-error`;
  const hintId = spec.hint ? `${id}-hint` : null;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ');
  const common = { id, name: spec.name, 'aria-describedby': describedBy, required: spec.required || false };
  let input;
  if (spec.type === 'select') {
    input = h('select', common, (spec.options || []).map(([v, t]) => h('option', { value: v }, t)));
    if (spec.value !== undefined) input.value = spec.value;
  } else if (spec.type === 'textarea') {
    input = h('textarea', { ...common, rows: spec.rows || 4, spellcheck: 'false', placeholder: spec.placeholder });
    input.value = spec.value || '';
  } else if (spec.type === 'checkbox') {
    input = h('input', { ...common, type: 'checkbox', checked: Boolean(spec.value) });
  } else {
    input = h('input', {
      ...common, type: spec.type || 'text', value: spec.value ?? '', autocomplete: spec.autocomplete || 'off',
      spellcheck: 'false', min: spec.min, max: spec.max, maxlength: spec.maxlength, placeholder: spec.placeholder,
      inputmode: spec.inputmode, pattern: spec.pattern,
    });
  }
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  const label = h('label', { for: id }, spec.label);
  const row = h('div', { class: `field${spec.type === 'checkbox' ? ' check' : ''}`, dataset: { field: spec.name } },
    spec.type === 'checkbox' ? [input, label] : [label, input],
    spec.hint ? h('p', { class: 'hint', id: hintId }, spec.hint) : null, error);
  return { row, input, error };
}

/**
 * A form. onSubmit(values) does the work and may throw an ApiError; validate(values) returns
 * { field: message } for what the server would refuse anyway.
 */
export function form({ fields, submit, onSubmit, validate, id, extra }) {
  const prefix = id || `form${++ids}`;
  const formError = h('p', { class: 'notice error', role: 'alert', hidden: true });
  const built = new Map();
  for (const spec of fields) built.set(spec.name, field(spec, prefix));
  const button = h('button', { type: 'submit', class: 'primary' }, submit);
  const el = h('form', { class: 'form', id, novalidate: true },
    formError, [...built.values()].map((f) => f.row), extra || null, h('div', { class: 'form-actions' }, button));

  const api = {
    el,
    input: (name) => built.get(name).input,
    row: (name) => built.get(name).row,
    values() {
      const out = {};
      for (const [name, f] of built) out[name] = f.input.type === 'checkbox' ? f.input.checked : f.input.value;
      return out;
    },
    setError(name, message) {
      const f = built.get(name);
      if (!f) return api.setFormError(message);
      f.error.textContent = message;
      f.error.hidden = false;
      f.input.setAttribute('aria-invalid', 'true');
      return true;
    },
    setFormError(message) {
      formError.textContent = message;
      formError.hidden = !message;
    },
    clearErrors() {
      api.setFormError('');
      for (const f of built.values()) {
        f.error.hidden = true;
        f.error.textContent = '';
        f.input.removeAttribute('aria-invalid');
      }
    },
    /** Shows a failure where it belongs; returns false for a sign-out (nothing to show). */
    showFailure(e) {
      if (e instanceof SignedOut) return false;
      if (!(e instanceof ApiError)) return api.setFormError(`Could not reach the server: ${e.message}`);
      let placed = false;
      for (const [name, message] of Object.entries(e.fields)) if (built.has(name)) placed = api.setError(name, message) || placed;
      if (!placed) {
        const named = [...built.keys()].find((name) => e.message.startsWith(`${name} `) || e.message.startsWith(`${name}:`));
        if (named) {
          api.setError(named, e.message);
          built.get(named).input.focus();
          return true;
        }
        api.setFormError(e.message);
      }
      return true;
    },
  };

  el.addEventListener('submit', async (event) => {
    event.preventDefault();
    api.clearErrors();
    const values = api.values();
    const problems = validate ? validate(values) : {};
    const names = Object.keys(problems || {});
    if (names.length) {
      for (const name of names) api.setError(name, problems[name]);
      const first = built.get(names[0]);
      if (first) first.input.focus();
      return;
    }
    button.disabled = true;
    try {
      await onSubmit(values, api);
    } catch (e) {
      api.showFailure(e);
    } finally {
      button.disabled = false;
    }
  });
  return api;
}
