// A Copy button for a read-only input holding something to paste elsewhere (an install line, an
// agent command, a token shown once). The clipboard API needs a secure context and the user's
// permission; without them the text is selected for Ctrl+C and the page says so.
import { h } from './dom.js';

export function copyButton(inputOf, statusLine, props = {}) {
  const button = h('button', { type: 'button', class: 'secondary', ...props }, 'Copy');
  button.addEventListener('click', async () => {
    const input = inputOf();
    const text = input.value;
    if (!text) return;
    let copied = false;
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(text);
        copied = true;
      } catch (e) {
        // refused (no permission, page not focused): fall back to the selection below
      }
    }
    if (!copied) {
      input.focus();
      input.select();
      try {
        copied = document.execCommand('copy');
      } catch (e) {
        copied = false;
      }
    }
    statusLine.textContent = copied ? 'Copied.' : 'The browser refused to copy; the text is selected: press Ctrl+C.';
  });
  return button;
}
