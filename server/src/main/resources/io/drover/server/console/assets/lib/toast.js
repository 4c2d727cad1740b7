// Short notices in one live region: successes fade after a while, errors stay longer.

let region = null;

function container() {
  if (!region) {
    region = document.createElement('div');
    region.className = 'toasts';
    region.setAttribute('role', 'status');
    region.setAttribute('aria-live', 'polite');
    document.body.append(region);
  }
  return region;
}

export function toast(text, kind = 'ok') {
  const note = document.createElement('p');
  note.className = `toast ${kind === 'error' ? 'error' : 'ok'}`;
  note.textContent = text;
  container().append(note);
  setTimeout(() => note.remove(), kind === 'error' ? 15000 : 6000);
  return note;
}

export function clearToasts() {
  if (region) region.replaceChildren();
}
