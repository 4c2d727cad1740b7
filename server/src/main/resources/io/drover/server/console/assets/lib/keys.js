// Keyboard shortcuts: '/' focuses the page's search, 'g' then a letter goes to a page, '?' lists
// them. None fires while the focus is in a field (typing 'g' there is typing) or a dialog is open.
import { h } from './dom.js';
import { show } from './dialog.js';

const GO = { d: '/dashboard', v: '/vms', h: '/hosts', t: '/tasks', e: '/events' };
const LIST = [
  ['/', 'Focus the page\u2019s search'],
  ['g d', 'Go to the dashboard'],
  ['g v', 'Go to the VMs'],
  ['g h', 'Go to the hosts'],
  ['g t', 'Go to the tasks'],
  ['g e', 'Go to the events'],
  ['?', 'Show these shortcuts'],
];
/** How long after 'g' the second key counts. */
const CHORD_MS = 1500;

function typing(target) {
  return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

/** active(): whether shortcuts apply (signed in); outlet: where the page's search is; navigate(path). */
export function shortcuts({ active, outlet, navigate }) {
  let pendingG = 0;
  document.addEventListener('keydown', (event) => {
    if (!active() || event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (document.querySelector('dialog[open]')) return;
    if (event.key === '/') {
      const search = outlet.querySelector('.page-search, input[type="search"]');
      if (search) {
        event.preventDefault();
        search.focus();
      }
    } else if (event.key === '?') {
      event.preventDefault();
      show({
        id: 'shortcuts', title: 'Keyboard shortcuts',
        body: h('dl', { class: 'shortcuts' }, LIST.flatMap(([k, what]) => [h('dt', {}, h('kbd', {}, k)), h('dd', {}, what)])),
      });
    } else if (event.key === 'g') {
      pendingG = Date.now();
    } else if (Date.now() - pendingG < CHORD_MS) {
      pendingG = 0;
      if (GO[event.key]) {
        event.preventDefault();
        navigate(GO[event.key]);
      }
    }
  });
}
