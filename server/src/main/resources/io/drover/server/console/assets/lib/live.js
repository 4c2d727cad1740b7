// One event stream (GET /api/v1/events/stream) for the whole console, shared by the pages.
// EventSource retries by itself after a network error; when the server refused the stream
// outright (restarting behind a proxy, the session's access changed) it gives up, and this
// module opens it again with a growing delay (1 s … 30 s). Every (re)connection tells the
// subscribers, so a page catches up on what it missed while the stream was down.

const TYPES = ['registered', 'offline', 'online', 'removed', 'deleted', 'vm_created', 'vm_state', 'vm_deleted',
  'vm_failed', 'host_status', 'host_warning'];
const MIN_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;

let source = null;
let retry = null;
let delay = MIN_DELAY_MS;
let up = false;
const subscribers = new Set();
const stateListeners = new Set();

/**
 * handler(event) for events of the given types (null: all); handler(null) after every
 * (re)connection. Returns the unsubscribe function a page calls when it leaves.
 */
export function subscribe(types, handler) {
  const sub = { types: types ? new Set(types) : null, handler };
  subscribers.add(sub);
  return () => subscribers.delete(sub);
}

/** listener(up: boolean) whenever the stream goes up or down. */
export function onState(listener) {
  stateListeners.add(listener);
  listener(up);
  return () => stateListeners.delete(listener);
}

function setUp(value) {
  if (up === value) return;
  up = value;
  for (const l of stateListeners) l(up);
}

function dispatch(type, data) {
  for (const sub of subscribers) {
    if (type !== null && sub.types && !sub.types.has(type)) continue;
    try {
      sub.handler(data);
    } catch (e) {
      console.warn('Drover: an event handler failed', e);
    }
  }
}

export function connect() {
  if (!('EventSource' in window) || source) return;
  clearTimeout(retry);
  const es = new EventSource('/api/v1/events/stream');
  source = es;
  es.addEventListener('open', () => {
    if (source !== es) return;
    delay = MIN_DELAY_MS;
    setUp(true);
    dispatch(null, null); // caught up: pages re-fetch what they show
  });
  es.addEventListener('error', () => {
    if (source !== es) return;
    setUp(false);
    if (es.readyState === EventSource.CLOSED) {
      source = null;
      retry = setTimeout(connect, delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  });
  for (const type of TYPES) {
    es.addEventListener(type, (message) => {
      if (source !== es) return;
      let data = null;
      try {
        data = JSON.parse(message.data);
      } catch (e) {
        data = { type };
      }
      dispatch(type, data);
    });
  }
}

export function disconnect() {
  clearTimeout(retry);
  if (source) source.close();
  source = null;
  delay = MIN_DELAY_MS;
  setUp(false);
}

/** fn, called at most once per ms however often it is asked for (the pages' re-fetch on events). */
export function debounce(fn, ms = 300) {
  let timer = null;
  const run = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      fn();
    }, ms);
  };
  run.cancel = () => {
    clearTimeout(timer);
    timer = null;
  };
  return run;
}
