/** The k3s model: config.yaml + drop-ins merged as k3s does, and the CLI/server fact that carries the siblings. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { addK3sConfigFacts } from '../../server/src/files';
import { k3sConfigOrder, k3sScript, k3sSettings } from '../../server/src/engine/model/k3s';
import { parseFile } from '../../server/src/engine/parse';
import { emptyWorkspace } from '../../server/src/engine/scale-commands';

const BASE = '/etc/rancher/k3s/config.yaml';
const D = (n: string) => `/etc/rancher/k3s/config.yaml.d/${n}`;

describe('k3s config group', () => {
  test('config.yaml first, then the drop-ins in name order', () => {
    assert.deepEqual(k3sConfigOrder(D('20-b.yaml'), [D('10-a.yml'), BASE, D('30-c.yaml'), '/elsewhere/config.yaml']), [
      BASE,
      D('10-a.yml'),
      D('20-b.yaml'),
      D('30-c.yaml'),
    ]);
  });

  test('a later key replaces, key+ appends, and values from other files are marked', () => {
    const ws = {
      ...emptyWorkspace(),
      k3sConfigFiles: [
        { path: BASE, text: 'kubelet-arg: [a=1, b=2]\nnode-label: [x=1]\ncluster-cidr: 10.42.0.0/16\n' },
        { path: D('10-a.yaml'), text: 'kubelet-arg+: [c=3]\nnode-label: [y=2]\n' },
      ],
    };
    const file = parseFile(D('20-b.yaml'), 'kubelet-arg+:\n  - d=4\ncluster-cidr: 10.40.0.0/14\n');
    const s = k3sSettings(file, ws);
    assert.deepEqual(
      s.filter((x) => x.parent === 'kubelet-arg').map((x) => x.name),
      ['a', 'b', 'c', 'd'],
    );
    assert.deepEqual(
      s.filter((x) => x.name === 'node-label').map((x) => x.value),
      ['y=2'],
    );
    const cidr = s.filter((x) => x.name === 'cluster-cidr');
    assert.deepEqual(
      cidr.map((x) => [x.value, x.otherFile]),
      [['10.40.0.0/14', undefined]],
    );
    assert.equal(s.find((x) => x.name === 'a')!.otherFile, BASE);
  });

  test('the CLI and server read config.yaml and every drop-in beside a k3s config file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-k3s-'));
    const k3s = path.join(dir, 'etc/rancher/k3s');
    fs.mkdirSync(path.join(k3s, 'config.yaml.d'), { recursive: true });
    fs.writeFileSync(path.join(k3s, 'config.yaml'), 'cluster-init: true\n');
    fs.writeFileSync(path.join(k3s, 'config.yaml.d/10-a.yaml'), 'kubelet-arg+: [max-pods=200]\n');
    fs.writeFileSync(path.join(k3s, 'config.yaml.d/notes.txt'), 'not yaml\n');
    const facts = addK3sConfigFacts(emptyWorkspace(), [
      path.join(k3s, 'config.yaml.d/10-a.yaml'),
      path.join(dir, 'compose.yaml'),
    ]);
    assert.deepEqual(facts.k3sConfigFiles!.map((f) => path.relative(dir, f.path)).sort(), [
      'etc/rancher/k3s/config.yaml',
      'etc/rancher/k3s/config.yaml.d/10-a.yaml',
    ]);
    assert.equal(facts.k3sConfigFiles!.find((f) => f.path.endsWith('config.yaml'))!.text, 'cluster-init: true\n');
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('k3s install scripts', () => {
  test('the role: explicit, from INSTALL_K3S_EXEC, else agent with K3S_URL', () => {
    assert.equal(k3sScript('curl -sfL https://get.k3s.io | sh -s - agent --server https://s:6443\n').role, 'agent');
    assert.equal(
      k3sScript('curl -sfL https://get.k3s.io | INSTALL_K3S_EXEC="server" K3S_URL=https://s:6443 sh -\n').role,
      'server',
    );
    assert.equal(k3sScript('curl -sfL https://get.k3s.io | K3S_URL=https://s:6443 sh -\n').role, 'agent');
    assert.equal(k3sScript('curl -sfL https://get.k3s.io | sh -\n').role, 'server');
  });

  test('only k3s arguments are flags: curl options and other commands are not', () => {
    const s = k3sScript(
      '#!/bin/sh\ncurl -fsSL --retry 3 https://get.k3s.io |\n  sh -s - --cluster-init\napt-get install -y --no-install-recommends jq\n',
    );
    assert.deepEqual(
      s.settings.map((x) => x.name),
      ['cluster-init'],
    );
    assert.equal(s.downloads.length, 1);
  });
});
