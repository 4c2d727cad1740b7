// Tables whose filters, sort and page live in the URL (#/vms?status=running&q=web&sort=-name), so a
// view can be shared and the back button returns to it. Paging is the server's: the URL carries the
// page's cursor and "Next page" follows next_cursor. A column the API can sort by (serverSort) is
// sorted by the server across pages; any other column sort orders the page shown.
import { h, fill } from './dom.js';
import { ApiError, SignedOut } from './api.js';

export const PAGE_SIZE = 50;

/**
 * columns: [{ key, label, render(item) → node|text, value(item) → sortable }]
 * load(params) → { items, next_cursor }; params are the URL's query with limit and cursor.
 * query: URLSearchParams of the URL; go(changes, {replace}) changes it.
 * select: rows get a checkbox (labelled with the row's name) and selected() lists them.
 * serverSort: the column keys the API's own `sort` parameter takes (sent as ?sort=key or -key).
 */
export function table({ id, label, columns, rowKey, rowName, load, query, go, select = false, empty = 'Nothing here.', serverSort = [] }) {
  const selected = new Map();
  let items = [];
  let generation = 0;
  const status = h('p', { class: 'notice error', role: 'alert', hidden: true });
  const head = h('tr');
  const body = h('tbody');
  const emptyLine = h('p', { class: 'empty', hidden: true });
  const next = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Next page');
  const first = h('button', { type: 'button', class: 'secondary', hidden: true }, 'First page');
  const shown = h('span', { class: 'shown' });
  const allBox = select ? h('input', { type: 'checkbox', 'aria-label': 'Select all rows on this page' }) : null;
  const el = h('div', { class: 'table-block' }, status,
    h('div', { class: 'table-wrap' }, h('table', { id, 'aria-label': label }, h('thead', {}, head), body), emptyLine),
    h('div', { class: 'pager' }, shown, first, next));
  const listeners = new Set();
  let nextCursor = null;

  function sortSpec() {
    const s = query.get('sort') || '';
    return { key: s.replace(/^-/, ''), desc: s.startsWith('-') };
  }

  function renderHead() {
    const { key, desc } = sortSpec();
    fill(head, select ? h('th', { scope: 'col', class: 'select' }, allBox) : null, columns.map((c) => {
      if (!c.value) return h('th', { scope: 'col' }, c.label);
      const sorted = c.key === key;
      const button = h('button', { type: 'button', class: 'sort' }, c.label, sorted ? (desc ? ' \u2193' : ' \u2191') : '');
      // A new order starts from the first page: a cursor belongs to the order it was made in.
      button.addEventListener('click', () => go({ sort: sorted && !desc ? `-${c.key}` : c.key, cursor: '' }));
      return h('th', { scope: 'col', 'aria-sort': sorted ? (desc ? 'descending' : 'ascending') : null }, button);
    }));
  }

  function sorted(list) {
    const { key, desc } = sortSpec();
    const column = columns.find((c) => c.key === key && c.value);
    if (!column || serverSort.includes(key)) return list;
    const out = [...list].sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      if (x === y) return 0;
      if (x === undefined || x === null) return 1;
      if (y === undefined || y === null) return -1;
      return (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y));
    });
    return desc ? out.reverse() : out;
  }

  function renderRows() {
    fill(body, sorted(items).map((item) => {
      const key = rowKey(item);
      const tr = h('tr', { dataset: { key } });
      if (select) {
        const box = h('input', { type: 'checkbox', checked: selected.has(key), 'aria-label': `Select ${rowName ? rowName(item) : key}` });
        box.addEventListener('change', () => {
          if (box.checked) selected.set(key, item);
          else selected.delete(key);
          changed();
        });
        tr.append(h('td', { class: 'select' }, box));
      }
      for (const c of columns) tr.append(h('td', { class: c.key, dataset: { label: c.label } }, c.render ? c.render(item) : String(item[c.key] ?? '')));
      return tr;
    }));
    emptyLine.textContent = empty;
    emptyLine.hidden = items.length > 0;
    shown.textContent = items.length ? `${items.length} shown${query.get('cursor') ? ' (a later page)' : ''}` : '';
    next.hidden = !nextCursor;
    first.hidden = !query.get('cursor');
  }

  function changed() {
    if (allBox) allBox.checked = items.length > 0 && items.every((i) => selected.has(rowKey(i)));
    for (const l of listeners) l([...selected.values()]);
  }

  async function reload() {
    const mine = ++generation;
    const params = Object.fromEntries(query.entries());
    if (!serverSort.includes(sortSpec().key)) delete params.sort;
    params.limit = params.limit || PAGE_SIZE;
    try {
      const page = await load(params);
      if (mine !== generation) return;
      items = page.items || [];
      nextCursor = page.next_cursor || null;
      // A selected row that left the page (deleted, filtered out) is no longer selected.
      const keys = new Set(items.map(rowKey));
      for (const k of [...selected.keys()]) if (!keys.has(k)) selected.delete(k);
      else selected.set(k, items.find((i) => rowKey(i) === k));
      status.hidden = true;
      renderRows();
      changed();
    } catch (e) {
      if (e instanceof SignedOut || mine !== generation) return;
      status.textContent = `Could not load the list: ${e instanceof ApiError ? e.message : `the server is unreachable (${e.message})`}`;
      status.hidden = false;
    }
  }

  next.addEventListener('click', () => go({ cursor: nextCursor }));
  first.addEventListener('click', () => go({ cursor: '' }));
  if (allBox) {
    allBox.addEventListener('change', () => {
      for (const i of items) {
        if (allBox.checked) selected.set(rowKey(i), i);
        else selected.delete(rowKey(i));
      }
      renderRows();
      changed();
    });
  }
  renderHead();

  return {
    el,
    reload,
    selected: () => [...selected.values()],
    clearSelection() { selected.clear(); renderRows(); changed(); },
    onSelection(listener) { listeners.add(listener); },
    items: () => items,
    setQuery(q) { query = q; renderHead(); renderRows(); },
  };
}

/**
 * Filter controls bound to URL parameters: [{ name, label, type: 'search'|'select', options }].
 * A search changes the URL as one types (replacing the entry, so back is not a keystroke each);
 * a select adds a history entry. Changing a filter goes back to the first page.
 */
export function filters(specs, query, go) {
  const controls = new Map();
  let timer = null;
  const el = h('div', { class: 'filters', role: 'search' }, specs.map((s) => {
    const id = `filter-${s.name}`;
    let input;
    if (s.type === 'select') {
      input = h('select', { id, name: s.name }, h('option', { value: '' }, s.any || 'any'),
        (s.options || []).map((o) => (Array.isArray(o) ? h('option', { value: o[0] }, o[1]) : h('option', { value: o }, o))));
      input.addEventListener('change', () => go({ [s.name]: input.value, cursor: '' }));
    } else {
      input = h('input', { id, name: s.name, type: 'search', autocomplete: 'off', spellcheck: 'false', placeholder: s.placeholder,
        class: s.search ? 'page-search' : null });
      input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(() => go({ [s.name]: input.value.trim(), cursor: '' }, { replace: true }), 250);
      });
    }
    controls.set(s.name, input);
    return h('span', { class: 'filter' }, h('label', { for: id }, s.label), input);
  }));
  const api = {
    el,
    /** The URL changed (back button, a link): the controls show it. */
    show(q) {
      query = q;
      for (const [name, input] of controls) {
        const v = q.get(name) || '';
        if (input.value !== v && document.activeElement !== input) input.value = v;
        if (input.tagName === 'SELECT' && v && ![...input.options].some((o) => o.value === v)) input.append(h('option', { value: v }, v));
        if (input.tagName === 'SELECT') input.value = v;
      }
    },
    setOptions(name, options) {
      const input = controls.get(name);
      const v = query.get(name) || input.value;
      fill(input, h('option', { value: '' }, 'any'), options.map((o) => (Array.isArray(o) ? h('option', { value: o[0] }, o[1]) : h('option', { value: o }, o))));
      if (v && ![...input.options].some((o) => o.value === v)) input.append(h('option', { value: v }, v));
      input.value = v;
    },
  };
  api.show(query);
  return api;
}
