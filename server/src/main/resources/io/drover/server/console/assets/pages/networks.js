// Networks VMs' NICs sit on, each subnet with its pool's use as a bar; admins define a network
// (with its first subnet) and delete one no NIC is on.
import { h, fill, bar, badge } from '../lib/dom.js';
import { get, post, del, enc } from '../lib/api.js';
import { holds } from '../lib/session.js';
import { form } from '../lib/form.js';
import { confirm } from '../lib/dialog.js';
import { toast } from '../lib/toast.js';
import { heading, onEvents, reportFailure, loadFailure } from '../lib/page.js';

const NAME = /^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$/;
const KINDS = [['nat', 'nat: libvirt bridge with DHCP and NAT'], ['isolated', 'isolated: no forwarding'], ['routed', 'routed'],
  ['bridge', 'bridge: the host\u2019s own bridge'], ['user', 'user: QEMU user-mode (labs)']];

/** The request body from the form's values: the first subnet only when a CIDR is given. */
function request(v) {
  const body = { name: v.name.trim(), kind: v.kind };
  if (v.project) body.project = v.project;
  if (v.kind === 'bridge') {
    body.bridge = v.bridge.trim();
    if (v.vlan !== '') body.vlan = Number(v.vlan);
  }
  if (v.cidr.trim()) {
    const subnet = { cidr: v.cidr.trim() };
    if (v.gateway.trim()) subnet.gateway = v.gateway.trim();
    if (v.first.trim() || v.last.trim()) subnet.pools = [{ first: v.first.trim(), last: v.last.trim() }];
    if (v.dns.trim()) subnet.dns = v.dns.split(',').map((d) => d.trim()).filter(Boolean);
    body.subnets = [subnet];
  }
  return body;
}

function check(v) {
  const out = {};
  if (!NAME.test(v.name.trim())) out.name = 'name must be 1-40 of a-z, 0-9 and \u2019-\u2019, not starting or ending with \u2019-\u2019';
  if (v.kind === 'bridge' && !v.bridge.trim()) out.bridge = 'bridge must name the host\u2019s bridge, such as br0';
  if (v.vlan !== '' && !(Number.isInteger(Number(v.vlan)) && Number(v.vlan) >= 1 && Number(v.vlan) <= 4094)) out.vlan = 'vlan must be from 1 to 4094';
  if (['nat', 'isolated', 'routed'].includes(v.kind) && !v.cidr.trim()) out.cidr = `a ${v.kind} network needs an IPv4 subnet, such as 10.20.0.0/24`;
  return out;
}

export function mount(outlet) {
  const body = h('div', { id: 'networks' });
  let panel = null;
  const admin = holds('networks_write');
  if (admin) {
    const f = form({
      id: 'network-form', submit: 'Create network',
      fields: [
        { name: 'name', label: 'Name', required: true, maxlength: 40, hint: 'a-z, 0-9 and \u2019-\u2019' },
        { name: 'kind', label: 'Kind', type: 'select', options: KINDS },
        { name: 'project', label: 'Project', placeholder: 'empty: shared by every project', maxlength: 63 },
        { name: 'bridge', label: 'Host bridge (bridge networks)', maxlength: 15, placeholder: 'br0' },
        { name: 'vlan', label: 'VLAN tag (bridge networks)', type: 'number', min: 1, max: 4094 },
        { name: 'cidr', label: 'Subnet', placeholder: '10.20.0.0/24', maxlength: 64 },
        { name: 'gateway', label: 'Gateway', placeholder: '10.20.0.1', maxlength: 64 },
        { name: 'first', label: 'Pool from', placeholder: 'empty: the whole subnet', maxlength: 64 },
        { name: 'last', label: 'Pool to', maxlength: 64 },
        { name: 'dns', label: 'DNS servers', placeholder: 'comma-separated; empty: the gateway', maxlength: 300 },
      ],
      validate: check,
      onSubmit: async (v) => {
        const n = await post('/api/v1/networks', request(v));
        toast(`Created network ${n.name}.`);
        f.el.reset();
        load();
      },
    });
    panel = h('details', { class: 'panel' }, h('summary', {}, 'Create a network'), f.el);
  }
  outlet.append(heading('Networks'), panel, body);

  async function remove(n) {
    const yes = await confirm({ title: `Delete network ${n.name}?`, body: 'Hosts keep their libvirt network until it is removed there.',
      action: `Delete ${n.name}` });
    if (!yes) return;
    try {
      await del(`/api/v1/networks/${enc(n.id)}`);
      toast(`Deleted network ${n.name}.`);
    } catch (e) {
      reportFailure(`delete ${n.name}`, e);
    }
    load();
  }

  function card(n, use) {
    const where = n.kind === 'bridge' ? `bridge ${n.bridge}${n.vlan ? `, VLAN ${n.vlan}` : ''}` : null;
    return h('section', { class: 'card', dataset: { network: n.name }, 'aria-labelledby': `network-${n.id}` },
      h('h2', { id: `network-${n.id}` }, n.name, ' ', badge(n.kind)),
      h('p', { class: 'muted' }, n.project ? `project ${n.project}` : 'shared by every project', where ? ` \u00b7 ${where}` : ''),
      (use.subnets || []).map((s) => h('div', { class: 'subnet' },
        h('p', {}, h('span', { class: 'mono' }, s.cidr), s.gateway ? ` gateway ${s.gateway}` : '',
          ` \u00b7 pool ${s.pools.map((p) => `${p.first}\u2013${p.last}`).join(', ')}`),
        bar('Addresses held', s.used, s.size),
        s.held.length ? h('ul', { class: 'list-plain held' }, s.held.map((x) => h('li', {}, h('span', { class: 'mono' }, x.address), ` ${x.vm} `,
          h('span', { class: 'muted mono' }, x.mac)))) : null)),
      admin ? h('div', { class: 'actions-row' }, h('button', { type: 'button', class: 'danger', onclick: () => remove(n) }, 'Delete')) : null);
  }

  async function load() {
    try {
      const networks = (await get('/api/v1/networks')).items;
      const uses = await Promise.all(networks.map((n) => get(`/api/v1/networks/${enc(n.id)}/addresses`)));
      fill(body, networks.length ? h('div', { class: 'cards' }, networks.map((n, i) => card(n, uses[i])))
        : h('p', { class: 'empty' }, 'No networks yet: VMs get a QEMU user-mode NIC.'));
    } catch (e) {
      fill(body, loadFailure(e));
    }
  }
  const off = onEvents(['vm_created', 'vm_deleted'], load);
  load();
  return { unmount: off };
}
