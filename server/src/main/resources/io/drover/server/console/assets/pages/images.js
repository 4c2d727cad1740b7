// Base images: size, format, checksum and how many VMs use each; upload one with a progress bar
// (XMLHttpRequest, whose upload progress fetch cannot report yet, cancellable), register one by
// its path on the server (admins), delete one no VM uses.
import { h, fill, bytes, time } from '../lib/dom.js';
import { get, post, del, all, withQuery, headers, sessionEnded, ApiError, SignedOut, enc } from '../lib/api.js';
import { may, mayAnywhere, allProjects, holds } from '../lib/session.js';
import { form } from '../lib/form.js';
import { confirm } from '../lib/dialog.js';
import { toast } from '../lib/toast.js';
import { table, filters } from '../lib/table.js';
import { heading, onEvents, reportFailure } from '../lib/page.js';

const FORMATS = [['', 'detect'], ['qcow2', 'qcow2'], ['raw', 'raw'], ['iso', 'iso']];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

function checkName(v) {
  return NAME.test(v.name.trim()) ? {} : { name: 'name must be 1-63 letters, digits, \u2019.\u2019, \u2019_\u2019 or \u2019-\u2019, starting with a letter or digit' };
}

/** POSTs the form's multipart body with XMLHttpRequest, reporting progress; resolves with the image. */
function upload(project, data, onProgress, onXhr) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    onXhr(xhr);
    xhr.open('POST', withQuery('/api/v1/images', { project }));
    for (const [k, v] of Object.entries(headers('POST'))) xhr.setRequestHeader(k, v);
    xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0));
    xhr.addEventListener('load', () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON: the status says enough */ }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body);
      } else if (xhr.status === 401) {
        sessionEnded();
        reject(new SignedOut('signed out'));
      } else {
        reject(new ApiError(xhr.status, body));
      }
    });
    xhr.addEventListener('error', () => reject(new Error('the upload broke off')));
    xhr.addEventListener('abort', () => reject(new Error('cancelled')));
    xhr.send(data);
  });
}

function uploadPanel(projects, done) {
  const progress = h('progress', { id: 'upload-progress', max: 100, value: 0, 'aria-label': 'Upload progress' });
  const progressText = h('span', { id: 'upload-progress-text', 'aria-live': 'polite' });
  const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel upload');
  const progressRow = h('div', { class: 'actions-row', hidden: true }, progress, progressText, cancel);
  let xhr = null;
  cancel.addEventListener('click', () => {
    if (!xhr) return;
    xhr.abort();
    progressText.textContent = 'Upload cancelled: nothing was stored.';
  });
  const f = form({
    id: 'upload-form', submit: 'Upload',
    fields: [
      { name: 'file', label: 'Image file', type: 'file', required: true },
      { name: 'name', label: 'Name', required: true, maxlength: 63 },
      { name: 'format', label: 'Format', type: 'select', options: FORMATS },
      { name: 'project', label: 'Project', type: 'select', options: projects.map((p) => [p, p]) },
    ],
    validate: (v) => (f.input('file').files.length ? checkName(v) : { file: 'Choose the file to upload.' }),
    onSubmit: async (v) => {
      const data = new FormData();
      // The fields first, so a bad or taken name is refused before the bytes are sent.
      data.append('name', v.name.trim());
      if (v.format) data.append('format', v.format);
      data.append('file', f.input('file').files[0]);
      progressRow.hidden = false;
      try {
        const image = await upload(v.project, data, (loaded, total) => {
          const pct = total ? Math.round((loaded / total) * 100) : 0;
          progress.value = pct;
          progressText.textContent = `${bytes(loaded)}${total ? ` of ${bytes(total)} (${pct}%)` : ''}`;
        }, (x) => { xhr = x; });
        progress.value = 100;
        progressText.textContent = `Uploaded ${image.name} (${bytes(image.size_bytes)}).`;
        toast(`Uploaded ${image.name}.`);
        f.el.reset();
        done();
      } finally {
        xhr = null;
      }
    },
  });
  f.input('file').addEventListener('change', () => {
    const file = f.input('file').files[0];
    if (file && !f.input('name').value) f.input('name').value = file.name.replace(/\.(qcow2|img|raw|iso)$/i, '').replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 63);
  });
  return h('details', { class: 'panel', open: true }, h('summary', {}, 'Upload an image'), f.el, progressRow);
}

function registerPanel(done) {
  const f = form({
    id: 'register-form', submit: 'Register',
    fields: [
      { name: 'name', label: 'Name', required: true, maxlength: 63 },
      { name: 'path', label: 'Path on the server', required: true, placeholder: '/var/lib/images/debian-12.qcow2' },
      { name: 'format', label: 'Format', type: 'select', options: FORMATS },
    ],
    validate: (v) => ({ ...checkName(v), ...(v.path.startsWith('/') ? {} : { path: 'path must be absolute' }) }),
    onSubmit: async (v) => {
      const image = await post('/api/v1/images', { name: v.name.trim(), path: v.path.trim(), format: v.format || undefined });
      toast(`Registered ${image.name}.`);
      f.el.reset();
      done();
    },
  });
  return h('details', { class: 'panel' }, h('summary', {}, 'Register an image by path (a file on the server)'), f.el);
}

export function mount(outlet, ctx) {
  let inUse = new Map();
  const bar = filters([{ name: 'project', label: 'Project', type: 'select', options: [] }], ctx.query, ctx.go);
  const list = table({
    id: 'images', label: 'Images', query: ctx.query, go: ctx.go, empty: 'No images yet.',
    rowKey: (i) => i.id,
    columns: [
      { key: 'name', label: 'Name', value: (i) => i.name },
      { key: 'project', label: 'Project', value: (i) => i.project },
      { key: 'format', label: 'Format', value: (i) => i.format },
      { key: 'size', label: 'Size', value: (i) => i.size_bytes, render: (i) => bytes(i.size_bytes) },
      { key: 'virtual', label: 'Virtual size', value: (i) => i.virtual_size_bytes, render: (i) => bytes(i.virtual_size_bytes) },
      { key: 'sha256', label: 'SHA-256', render: (i) => h('span', { title: i.sha256 }, `${i.sha256.slice(0, 12)}\u2026`) },
      { key: 'inuse', label: 'In use', value: (i) => parseInt(inUse.get(i.name), 10) || 0,
        render: (i) => h('a', { href: `#/vms?image=${enc(i.name)}`, 'aria-label': `VMs using ${i.name}: ${inUse.get(i.name) ?? 0}` }, String(inUse.get(i.name) ?? 0)) },
      { key: 'source', label: 'Source', value: (i) => i.source, render: (i) => (i.path ? h('span', { title: i.path }, i.source) : i.source) },
      { key: 'created', label: 'Created', value: (i) => i.created_at, render: (i) => time(i.created_at) },
      { key: 'actions', label: 'Actions', render: (i) => (may('images_write', i.project) ? deleteButton(i) : '') },
    ],
    load: async (params) => {
      const page = await get(withQuery('/api/v1/images', params));
      // One indexed query per image shown (the VM list's image filter), not every VM of the fleet.
      const counts = await Promise.all((page.items || []).map((i) => get(withQuery('/api/v1/vms', { image: i.id, limit: 1000 }))
        .then((vms) => [i.name, `${vms.items.length}${vms.next_cursor ? '+' : ''}`]).catch(() => [i.name, '?'])));
      inUse = new Map(counts);
      return page;
    },
  });

  function deleteButton(image) {
    const b = h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${image.name}` }, 'Delete');
    b.addEventListener('click', async () => {
      const yes = await confirm({ title: `Delete image ${image.name}?`,
        body: image.source === 'upload' ? 'Drover\u2019s copy of the file is deleted too.' : `The file at ${image.path} stays; only the registration goes.`,
        action: `Delete ${image.name}` });
      if (!yes) return;
      try {
        await del(`/api/v1/images/${enc(image.id)}`);
        toast(`Deleted ${image.name}.`);
      } catch (e) {
        reportFailure(`delete ${image.name}`, e);
      }
      list.reload();
    });
    return b;
  }

  const panels = h('div', {});
  outlet.append(heading('Images'), panels, bar.el, list.el);
  all('/api/v1/projects').then((ps) => {
    const names = ps.map((p) => p.name);
    bar.setOptions('project', names);
    const writable = names.filter((n) => may('images_write', n));
    fill(panels, mayAnywhere('images_write') && writable.length ? uploadPanel(writable, () => list.reload()) : null,
      holds('images_write') && allProjects() ? registerPanel(() => list.reload()) : null);
  }).catch(() => {});
  const off = onEvents(['vm_created', 'vm_deleted'], () => list.reload());
  list.reload();
  return {
    onQuery(q) { bar.show(q); list.setQuery(q); list.reload(); },
    unmount: off,
  };
}
