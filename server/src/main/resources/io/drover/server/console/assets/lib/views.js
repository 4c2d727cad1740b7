// Views more than one page shows: an event line, a task's steps with its progress, the links to a
// VM, host or task by id.
import { h, badge, time } from './dom.js';

const enc = encodeURIComponent;

export const vmHref = (idOrName) => `#/vms/${enc(idOrName)}`;
export const hostHref = (id) => `#/hosts/${enc(id)}`;
export const taskHref = (id) => `#/tasks/${enc(id)}`;

/** What an event is about, linked when the console has a page for it. */
function subject(e) {
  if ((e.type || '').startsWith('vm_')) return h('a', { href: vmHref(e.hostname) }, e.hostname);
  if ((e.type || '').startsWith('host_')) return h('a', { href: `#/hosts?q=${enc(e.hostname)}` }, e.hostname);
  return h('a', { href: `#/machines?q=${enc(e.hostname)}` }, e.hostname);
}

/** Events as a table: when, type, what, project, message. */
export function eventTable(events, label = 'Events') {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'events', 'aria-label': label },
    h('thead', {}, h('tr', {}, ['When', 'Type', 'About', 'Project', 'Message'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, events.map(eventRow))),
  events.length ? null : h('p', { class: 'empty' }, 'No events.'));
}

export function eventRow(e) {
  return h('tr', { dataset: { id: String(e.id) } },
    h('td', { class: 'at' }, time(e.at)),
    h('td', { class: 'type' }, e.type),
    h('td', { class: 'about' }, subject(e)),
    h('td', { class: 'project' }, e.project || '\u2014'),
    h('td', { class: 'message' }, e.message || ''));
}

/** A task's progress bar and its steps with their status and detail. */
export function taskProgress(task) {
  return h('div', { class: 'task-progress' },
    h('p', {}, badge(task.status), ' ',
      h('progress', { max: 100, value: task.progress || 0, 'aria-label': `${task.kind} task progress` }),
      ` ${task.progress || 0}%`, task.cancel_requested ? ' (cancel requested)' : ''),
    h('ol', { class: 'steps', 'aria-label': 'Steps' }, (task.steps || []).map((s) =>
      h('li', { dataset: { step: s.name } }, badge(s.status), h('span', { class: 'mono' }, s.name),
        s.detail ? h('span', { class: 'muted' }, s.detail) : null))),
    task.error ? h('p', { class: 'notice error', role: 'alert' }, task.error) : null);
}

/** One line per task: kind, status, when; linked to its page. */
export function taskLine(t) {
  return h('li', {}, h('a', { href: taskHref(t.id) }, t.kind), ' ', badge(t.status), ' ', time(t.created_at),
    t.error ? h('span', { class: 'muted' }, ` \u2014 ${t.error}`) : null);
}

/** A task is over once it succeeded, failed or was cancelled. */
export const taskOver = (t) => ['succeeded', 'failed', 'cancelled'].includes(t.status);
