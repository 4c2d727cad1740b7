// The VM's consoles (VNC, serial) on its detail page. A placeholder: the VM console module, built
// alongside the console relay, replaces this file; vm-detail.js already calls it with the empty
// <section id="vm-consoles">, the VM and the session.
export function mountConsoles(section, vm, session) {}
