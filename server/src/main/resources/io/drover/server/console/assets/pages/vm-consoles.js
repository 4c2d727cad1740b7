// A VM's consoles on its detail page: the screen (noVNC), the serial console (xterm.js) and the
// serial log. Each console asks the server for a one-time ticket (POST /api/v1/vms/{id}/console)
// and opens the relay's WebSocket with it; the server relays through the VM's agent. The page opens
// the WebSocket itself and hands it to noVNC, so that the server's close reason (the host could not
// open the console, the VM stopped) can be shown in words. Only callers holding vms_console in the
// VM's project see any of it.
import RFB from '../vendor/novnc/core/rfb.js';
import { Terminal } from '../vendor/xterm/xterm.js';
import { post, request, ApiError, enc } from '../lib/api.js';
import { h, fill } from '../lib/dom.js';
import * as session from '../lib/session.js';

const XK_RETURN = 0xff0d;
const XK_TAB = 0xff09;
const BOOT_MARK = /^--- drover-agent: starting the VM at .* ---$/m;

/** Renders the consoles into section; returns a function that closes whatever is open. */
export function mountConsoles(section, vm) {
  if (!session.may('vms_console', vm.project)) {
    section.hidden = true;
    return () => {};
  }
  const status = h('p', { class: 'muted', id: 'console-status', role: 'status' });
  const stage = h('div', { class: 'console-stage', id: 'console-stage' });
  let close = () => {};

  const open = (kind) => async () => {
    close();
    fill(stage);
    try {
      close = kind === 'log' ? await showLog(vm, stage, status) : await connect(vm, kind, stage, status);
    } catch (e) {
      close = () => {};
      say(status, e instanceof ApiError ? e.message : `Cannot open the console: ${e.message}`, true);
    }
  };

  fill(section,
    h('h2', {}, 'Consoles'),
    h('div', { class: 'actions', role: 'group', 'aria-label': 'Open a console' },
      h('button', { type: 'button', id: 'open-screen', onclick: open('vnc') }, 'Screen'),
      h('button', { type: 'button', id: 'open-serial', onclick: open('serial') }, 'Serial console'),
      h('button', { type: 'button', id: 'open-log', onclick: open('log') }, 'Serial log')),
    status, stage);
  return () => close();
}

function say(status, text, error = false) {
  status.textContent = text;
  status.className = error ? 'notice error' : 'muted';
}

/** A ticket, then the relay's WebSocket (binary frames). */
async function relay(vm, kind) {
  const ticket = await post(`/api/v1/vms/${enc(vm.id)}/console`, { kind });
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(`${scheme}//${location.host}${ticket.websocket}?ticket=${enc(ticket.ticket)}`);
  ws.binaryType = 'arraybuffer';
  return ws;
}

/** Why the relay closed, in words: the server's reason when it gave one. */
function closed(event) {
  if (event.reason) return `Console closed: ${event.reason}`;
  return event.code === 1006 ? 'Console closed: the connection was lost.' : 'Console closed.';
}

async function connect(vm, kind, stage, status) {
  say(status, 'Connecting\u2026');
  const ws = await relay(vm, kind);
  ws.addEventListener('close', (e) => say(status, closed(e), e.code !== 1000));
  return kind === 'vnc' ? screen(ws, stage, status) : serial(ws, stage, status);
}

function screen(ws, stage, status) {
  const display = h('div', { class: 'console-screen', id: 'console-screen' });
  const paste = h('textarea', { id: 'paste-text', rows: 2, cols: 40 });
  let rfb = null;
  const controls = h('div', { class: 'actions', role: 'group', 'aria-label': 'Screen controls' },
    h('button', { type: 'button', id: 'send-cad', onclick: () => rfb && rfb.sendCtrlAltDel() }, 'Ctrl-Alt-Del'),
    h('button', { type: 'button', id: 'full-screen', onclick: () => display.requestFullscreen && display.requestFullscreen() }, 'Full screen'),
    h('label', {}, h('input', { type: 'checkbox', id: 'scale-screen', checked: true,
      onchange: (e) => { if (rfb) rfb.scaleViewport = e.target.checked; } }), ' Scale to fit'));
  const typing = h('form', { class: 'paste', onsubmit: (e) => { e.preventDefault(); if (rfb) type(rfb, paste.value); paste.value = ''; } },
    h('label', { for: 'paste-text' }, 'Type text into the guest'), paste, h('button', { type: 'submit', id: 'paste-send' }, 'Type it'));
  fill(stage, controls, display, typing);
  rfb = new RFB(display, ws, { shared: true });
  rfb.scaleViewport = true;
  rfb.addEventListener('connect', () => say(status, 'Screen connected.'));
  rfb.addEventListener('securityfailure', (e) => say(status, `The display refused: ${e.detail.reason || 'security failure'}`, true));
  return () => { try { rfb.disconnect(); } catch (e) { /* already closed */ } };
}

/** Types text key by key (a guest in text mode has no clipboard). */
function type(rfb, text) {
  for (const ch of text) {
    if (ch === '\n') rfb.sendKey(XK_RETURN, 'Enter');
    else if (ch === '\t') rfb.sendKey(XK_TAB, 'Tab');
    else {
      const code = ch.codePointAt(0);
      // X keysyms: Latin-1 as is, other characters as 0x01000000 + code point.
      rfb.sendKey(code < 0x100 ? code : 0x01000000 + code);
    }
  }
}

/** xterm.js's own stylesheet, added to the page the first time a serial console opens. */
function xtermStyles() {
  if (document.getElementById('xterm-css')) return;
  document.head.append(h('link', { id: 'xterm-css', rel: 'stylesheet', href: '/console/vendor/xterm/xterm.css' }));
}

function serial(ws, stage, status) {
  xtermStyles();
  const box = h('div', { class: 'console-serial', id: 'console-serial' });
  fill(stage, box);
  const term = new Terminal({ convertEol: false, cursorBlink: true, scrollback: 5000, fontSize: 14 });
  term.open(box);
  const encoder = new TextEncoder();
  ws.addEventListener('open', () => { say(status, 'Serial console connected: press Enter for a prompt.'); term.focus(); });
  ws.addEventListener('message', (e) => term.write(new Uint8Array(e.data)));
  ws.addEventListener('close', () => term.options.disableStdin = true);
  const input = term.onData((data) => { if (ws.readyState === WebSocket.OPEN) ws.send(encoder.encode(data)); });
  return () => { input.dispose(); ws.close(1000, 'closed on the page'); term.dispose(); };
}

async function showLog(vm, stage, status) {
  say(status, 'Reading the serial log from the host\u2026');
  const res = await request(`/api/v1/vms/${enc(vm.id)}/console/log`, { headers: { Accept: 'text/plain, application/problem+json' } });
  if (!res.ok) {
    const problem = await res.json().catch(() => ({}));
    throw new ApiError(res.status, problem);
  }
  const text = await res.text();
  const boots = splitBoots(text);
  const pre = h('pre', { class: 'console-log', id: 'console-log', tabindex: 0 });
  let all = false;
  const toggle = h('button', { type: 'button', id: 'log-earlier', onclick: () => { all = !all; show(); } });
  function show() {
    pre.textContent = all ? text : boots[boots.length - 1] || '';
    toggle.textContent = all ? 'Show the current boot only' : `Show earlier boots too (${Math.max(0, boots.length - 1)})`;
    pre.scrollTop = pre.scrollHeight;
  }
  fill(stage, toggle, pre);
  show();
  say(status, text ? `Serial log: ${boots.length} boot${boots.length === 1 ? '' : 's'}, ${text.length} characters.` : 'The serial log is empty.');
  return () => {};
}

/** The log cut at each boot's mark line; the text before the first mark counts as a boot of its own. */
function splitBoots(text) {
  const boots = [];
  let rest = text;
  let at;
  while ((at = rest.slice(1).search(BOOT_MARK)) >= 0) {
    boots.push(rest.slice(0, at + 1));
    rest = rest.slice(at + 1);
  }
  boots.push(rest);
  return boots.filter((b) => b.length > 0);
}
