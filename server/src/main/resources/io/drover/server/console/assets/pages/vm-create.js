// Create a VM. Refuses before submitting what the server would refuse anyway (the name's pattern,
// the limits of VmRequests, the project's quota left, a disk smaller than the image), shows the
// server's problem next to the field it names, and then opens the new VM's page.
import { h, fill, bar } from '../lib/dom.js';
import { get, post, all, enc } from '../lib/api.js';
import { holds, may } from '../lib/session.js';
import { form } from '../lib/form.js';
import { heading } from '../lib/page.js';
import { vmHref } from '../lib/views.js';

const NAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;
const LIMITS = { cpus: [1, 255], memory_mib: [64, 16777216], disk_gib: [1, 65536] };
const GIB = 1024 ** 3;

/** Starter cloud-init user-data; the operator edits it in place. */
const TEMPLATES = {
  '': '',
  packages: '#cloud-config\npackage_update: true\npackages:\n  - qemu-guest-agent\nruncmd:\n  - systemctl enable --now qemu-guest-agent\n',
  user: '#cloud-config\nusers:\n  - name: ops\n    groups: sudo\n    shell: /bin/bash\n    sudo: ALL=(ALL) NOPASSWD:ALL\n',
  script: '#!/bin/sh\n# Runs once, as root, at first boot.\necho "hello from $(hostname)" > /etc/motd\n',
};

export function mount(outlet, ctx) {
  const quota = h('div', { class: 'card', id: 'quota', 'aria-live': 'polite' });
  let images = [];
  let project = null;
  const f = form({
    id: 'vm-create',
    submit: 'Create VM',
    fields: [
      { name: 'name', label: 'Name', required: true, maxlength: 63, hint: 'Letters, digits and \u2019-\u2019, not at either end; also the guest\u2019s hostname.' },
      { name: 'project', label: 'Project', type: 'select', options: [] },
      { name: 'image', label: 'Image', type: 'select', options: [], required: true },
      { name: 'cpus', label: 'CPUs', type: 'number', value: '1', min: 1, max: 255, inputmode: 'numeric' },
      { name: 'memory_mib', label: 'Memory (MiB)', type: 'number', value: '1024', min: 64, inputmode: 'numeric' },
      { name: 'disk_gib', label: 'Disk (GiB)', type: 'number', value: '10', min: 1, inputmode: 'numeric' },
      { name: 'ssh_keys', label: 'SSH public keys', type: 'textarea', rows: 3, hint: 'One key per line, as in authorized_keys.' },
      { name: 'template', label: 'User-data template', type: 'select', options: [['', 'none'], ['packages', 'Packages (qemu-guest-agent)'], ['user', 'A sudo user'], ['script', 'A shell script']] },
      { name: 'user_data', label: 'User-data (cloud-init)', type: 'textarea', rows: 8 },
      { name: 'network', label: 'Network', type: 'select', options: [['', 'none: a QEMU user-mode NIC']],
        hint: 'The VM\u2019s NIC gets a MAC and an address from the network\u2019s pool.' },
      { name: 'address', label: 'Address', maxlength: 64, placeholder: 'empty: the next free one of the pool' },
      { name: 'host', label: 'Host', type: 'select', options: [['', 'any (placement chooses)']] },
      { name: 'start', label: 'Start after create', type: 'checkbox', value: true },
    ],
    validate: check,
    onSubmit: async (v) => {
      const body = {
        name: v.name.trim(), project: v.project || undefined, image: v.image, cpus: Number(v.cpus),
        memory_mib: Number(v.memory_mib), disk_gib: Number(v.disk_gib), start: v.start,
        ssh_keys: v.ssh_keys.split('\n').map((k) => k.trim()).filter(Boolean),
      };
      if (v.user_data) body.user_data = v.user_data;
      if (v.host) body.host = v.host;
      if (v.network) body.nics = [v.address.trim() ? { network: v.network, address: v.address.trim() } : { network: v.network }];
      const made = await post('/api/v1/vms', body);
      ctx.navigate(vmHref(made.vm.id).slice(1));
    },
  });
  if (!holds('hosts_read')) f.row('host').hidden = true;

  function check(v) {
    const out = {};
    const name = v.name.trim();
    if (!name) out.name = 'name is required';
    else if (name.length > 63) out.name = 'name is longer than 63 characters';
    else if (!NAME.test(name)) out.name = 'name may only contain letters, digits and \u2019-\u2019, and may not start or end with \u2019-\u2019';
    for (const [field, [min, max]] of Object.entries(LIMITS)) {
      const n = Number(v[field]);
      if (!Number.isInteger(n) || n < min || n > max) out[field] = `${field} must be a whole number from ${min} to ${max}`;
    }
    if (!v.image) out.image = 'image is required: upload or register one first';
    const image = images.find((i) => i.id === v.image);
    if (image && !out.disk_gib && Number(v.disk_gib) * GIB < image.virtual_size_bytes) {
      out.disk_gib = `disk_gib must be at least the image\u2019s virtual size (${Math.ceil(image.virtual_size_bytes / GIB)} GiB)`;
    }
    const keys = v.ssh_keys.split('\n').filter((k) => k.trim());
    if (keys.length > 32) out.ssh_keys = 'ssh_keys may hold at most 32 keys';
    if (v.user_data.length > 65536) out.user_data = 'user_data is longer than 65536 characters';
    if (project && project.quota) {
      const left = (k, use) => (project.quota[k] == null ? Infinity : project.quota[k] - (project.usage[k] || 0) - use);
      if (left('vms', 1) < 0) out.name = `project ${project.name} has no VM left in its quota`;
      if (!out.cpus && left('vcpus', Number(v.cpus)) < 0) out.cpus = `project ${project.name} has ${left('vcpus', 0)} vCPUs left in its quota`;
      if (!out.memory_mib && left('memory_mib', Number(v.memory_mib)) < 0) out.memory_mib = `project ${project.name} has ${left('memory_mib', 0)} MiB left in its quota`;
      if (!out.disk_gib && left('disk_gib', Number(v.disk_gib)) < 0) out.disk_gib = `project ${project.name} has ${left('disk_gib', 0)} GiB left in its quota`;
    }
    return out;
  }

  async function showQuota() {
    const name = f.input('project').value;
    if (!name) return;
    try {
      project = await get(`/api/v1/projects/${enc(name)}`);
      const q = project.quota || {};
      const u = project.usage || {};
      fill(quota, h('h2', {}, `Quota left in ${project.name}`), bar('VMs', u.vms || 0, q.vms), bar('vCPUs', u.vcpus || 0, q.vcpus),
        bar('Memory', u.memory_mib || 0, q.memory_mib, ' MiB'), bar('Disk', u.disk_gib || 0, q.disk_gib, ' GiB'));
    } catch (e) {
      project = null;
      fill(quota);
    }
  }

  f.input('template').addEventListener('change', () => {
    const t = TEMPLATES[f.input('template').value];
    if (t !== undefined) f.input('user_data').value = t;
  });
  f.input('project').addEventListener('change', () => {
    showQuota();
    loadImages();
  });

  async function loadImages() {
    images = await all('/api/v1/images', { project: f.input('project').value });
    const select = f.input('image');
    fill(select, images.length ? images.map((i) => h('option', { value: i.id }, `${i.name} (${i.format})`)) : h('option', { value: '' }, 'no image yet'));
  }

  async function load() {
    const projects = (await all('/api/v1/projects')).filter((p) => may('vms_write', p.name));
    fill(f.input('project'), projects.map((p) => h('option', { value: p.name }, p.name)));
    if (ctx.query.get('project')) f.input('project').value = ctx.query.get('project');
    await Promise.all([showQuota(), loadImages()]);
    if (holds('networks_read')) {
      const networks = (await get('/api/v1/networks')).items;
      f.input('network').append(...networks.map((n) => h('option', { value: n.name }, `${n.name} (${n.kind}${n.project ? `, ${n.project}` : ''})`)));
    }
    if (holds('hosts_read')) {
      const hosts = await all('/api/v1/hosts');
      f.input('host').append(...hosts.map((x) => h('option', { value: x.id }, `${x.name} (${x.status})`)));
    }
  }

  outlet.append(heading('Create a VM'), h('div', { class: 'split' }, f.el, quota));
  load().catch((e) => f.showFailure(e));
  f.input('name').focus();
  return {};
}
