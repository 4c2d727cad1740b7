// What every page does: a heading with its actions, its document title, a re-fetch on the live
// events that concern it (debounced, and after every reconnection), and words for a failure.
import { h } from './dom.js';
import { ApiError, SignedOut } from './api.js';
import * as live from './live.js';
import { toast } from './toast.js';

export function heading(title, ...actions) {
  document.title = `${title} \u00b7 Drover`;
  return h('div', { class: 'toolbar' }, h('h1', {}, title), actions.filter(Boolean));
}

/** Re-runs fn on the given event types (null: all), at most every 400 ms; returns the unsubscribe. */
export function onEvents(types, fn, filter = () => true) {
  const run = live.debounce(fn, 400);
  const off = live.subscribe(types, (event) => {
    if (event === null || filter(event)) run();
  });
  return () => {
    off();
    run.cancel();
  };
}

/** Shows a failed action as an error toast ("Could not stop web-1: …"); nothing for a sign-out. */
export function reportFailure(what, e) {
  if (e instanceof SignedOut) return;
  toast(`Could not ${what}: ${e instanceof ApiError ? e.message : `the server is unreachable (${e.message})`}`, 'error');
}

/** A notice line for a page that could not load. */
export function loadFailure(e) {
  if (e instanceof SignedOut) return null;
  return h('p', { class: 'notice error', role: 'alert' }, `Could not load this page: ${e.message}`);
}

/** A link button to another console page. */
export function linkButton(href, text, cls = 'primary') {
  return h('a', { href, class: `button ${cls}` }, text);
}
