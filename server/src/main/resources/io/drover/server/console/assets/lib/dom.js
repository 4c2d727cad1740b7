// A tiny element builder. Text always goes in as textContent and values as properties or
// attributes, never as markup: whatever a machine, a VM or a user reported cannot become HTML.

/**
 * h('button', { class: 'danger', type: 'button', onclick: fn, dataset: { id } }, 'Delete')
 * Children: strings (as text), nodes, arrays of either, null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else if (key === 'value' || key === 'checked') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces node's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const preciseFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A <time> with the short date shown and the precise one in its title; '' for no date. */
export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '\u2014');
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return h('span', {}, iso);
  return h('time', { datetime: iso, title: preciseFormat.format(new Date(ms)) }, dateFormat.format(new Date(ms)));
}

export function formatDate(iso, precise = false) {
  const ms = Date.parse(iso || '');
  if (Number.isNaN(ms)) return iso || '';
  return (precise ? preciseFormat : dateFormat).format(new Date(ms));
}

/** "12 s ago"; a browser clock slightly ahead of the server must not show the future. */
export function ago(ms, now = Date.now()) {
  if (Number.isNaN(ms)) return '';
  const s = Math.max(0, Math.floor((now - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ago`;
  const hours = Math.floor(min / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

export function bytes(n) {
  if (typeof n !== 'number') return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function mib(n) {
  if (typeof n !== 'number') return '';
  return n >= 1024 && n % 1024 === 0 ? `${n / 1024} GiB` : `${n} MiB`;
}

/** A status badge; the class is only ever one of the known words, the text is the status as sent. */
export function badge(status) {
  const word = /^[a-z_]+$/.test(status || '') ? status : 'unknown';
  return h('span', { class: `badge ${word}` }, status || 'unknown');
}

/** A link to a console page, '#/vms?status=running'. */
export function link(href, text, props = {}) {
  return h('a', { href, ...props }, text);
}

/** A labelled meter: used/total with the share as a bar (a <meter>, so screen readers read it). */
export function bar(label, used, total, unit = '') {
  const known = typeof total === 'number' && total > 0;
  const share = known ? used / total : 0;
  const text = known ? `${used} of ${total}${unit} (${Math.round(share * 100)}%)` : `${used ?? 0}${unit}, no limit`;
  return h('div', { class: 'usage' },
    h('span', { class: 'usage-label' }, label),
    h('meter', { min: 0, max: 1, low: 0.75, high: 0.9, optimum: 0, value: Math.min(share, 1), 'aria-label': `${label}: ${text}` }),
    h('span', { class: `usage-text${share > 1 ? ' over' : ''}` }, text));
}

/** A definition list from [label, value] pairs; values are nodes or text. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '\u2014')]));
}
