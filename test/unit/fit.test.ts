/** "Will it fit?": replicas × requests bin-packed onto nodes as the scheduler counts them (engine/sizing/fit.ts). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  declaredCapacity,
  describeFit,
  fitPods,
  podNetworkOf,
  podsPerNode,
  type ClusterCapacity,
  type FitRequest,
  type NodeCapacity,
  type PodNetwork,
} from '../../server/src/engine/sizing/fit';
import { parseFile } from '../../server/src/engine/parse';
import { k3sSettings } from '../../server/src/engine/model/k3s';

const GI = 1024 ** 3;
const MI = 1024 ** 2;

function node(name: string, cores: number, memGi: number, pods = 110, used?: Partial<NodeCapacity['requested']>) {
  return {
    name,
    allocatable: { cpuMillis: cores * 1000, memoryBytes: memGi * GI, pods },
    requested: { cpuMillis: 0, memoryBytes: 0, pods: 0, ...used },
  };
}

function cluster(...nodes: NodeCapacity[]): ClusterCapacity {
  return { source: 'test', nodes };
}

const THREE_SMALL = cluster(node('a', 4, 16), node('b', 4, 16), node('c', 4, 16));

interface Case {
  name: string;
  request: FitRequest;
  capacity: ClusterCapacity | undefined;
  podNetwork?: PodNetwork;
  verdict: 'fits' | 'does-not-fit' | 'unknown';
  text: string;
  placed?: number;
  notes?: RegExp[];
}

const CASES: Case[] = [
  {
    name: 'no capacity at all',
    request: { replicas: 3, requests: { cpuMillis: 500, memoryBytes: 512 * MI } },
    capacity: undefined,
    verdict: 'unknown',
    text: 'unknown: no context and no declared nodes',
  },
  {
    name: 'room to spare: the tightest resource names the headroom',
    // 3 × (1 core, 2 GiB) on 12 cores, 48 GiB: CPU 75 % left, memory 87.5 %, pods 99 %.
    request: { replicas: 3, requests: { cpuMillis: 1000, memoryBytes: 2 * GI } },
    capacity: THREE_SMALL,
    verdict: 'fits',
    text: 'fits with 75% headroom (CPU is the tightest)',
    placed: 3,
  },
  {
    name: 'memory is the tightest',
    request: { replicas: 6, requests: { cpuMillis: 250, memoryBytes: 6 * GI } },
    capacity: THREE_SMALL,
    verdict: 'fits',
    text: 'fits with 25% headroom (memory is the tightest)',
  },
  {
    name: 'no node has room for one pod: short on every node',
    request: { replicas: 2, requests: { cpuMillis: 5500, memoryBytes: GI } },
    capacity: THREE_SMALL,
    verdict: 'does-not-fit',
    text: 'does not fit: short by 1.5 cores on every node',
    placed: 0,
  },
  {
    name: 'short on two resources on every node',
    request: { replicas: 1, requests: { cpuMillis: 6000, memoryBytes: 20 * GI } },
    capacity: THREE_SMALL,
    verdict: 'does-not-fit',
    text: 'does not fit: short by 2 cores and 4 GiB on every node',
  },
  {
    name: 'running pods count: the smallest shortfall over the nodes',
    request: { replicas: 1, requests: { cpuMillis: 3000 } },
    capacity: cluster(node('a', 4, 16, 110, { cpuMillis: 2000 }), node('b', 4, 16, 110, { cpuMillis: 1500 })),
    verdict: 'does-not-fit',
    text: 'does not fit: short by 0.5 cores on every node',
  },
  {
    name: 'different nodes short of different things',
    request: { replicas: 1, requests: { cpuMillis: 3000, memoryBytes: 8 * GI } },
    capacity: cluster(node('a', 2, 16), node('b', 8, 4)),
    verdict: 'does-not-fit',
    text: 'does not fit: no node has room for one pod (a short by 1 core; b short by 4 GiB)',
  },
  {
    name: 'some replicas fit: how much more the others need',
    // 1.5 cores each: 2 per node on 4 cores (1 core left each), 6 of 8; the other 2 need 3 cores, 3 are left.
    request: { replicas: 8, requests: { cpuMillis: 1500 } },
    capacity: THREE_SMALL,
    verdict: 'does-not-fit',
    text: 'does not fit: only 6 of 8 replicas fit: the room left is split across nodes',
    placed: 6,
  },
  {
    name: 'some replicas fit: short by an amount',
    request: { replicas: 10, requests: { cpuMillis: 2000, memoryBytes: GI } },
    capacity: THREE_SMALL,
    verdict: 'does-not-fit',
    text: 'does not fit: only 6 of 10 replicas fit: short by 8 cores',
    placed: 6,
  },
  {
    name: 'pod slots run out first',
    request: { replicas: 250, requests: { cpuMillis: 10 } },
    capacity: cluster(node('a', 4, 16), node('b', 4, 16)),
    verdict: 'does-not-fit',
    text: 'does not fit: only 220 of 250 replicas fit: short by 30 pod slots',
    placed: 220,
  },
  {
    name: 'k3s max-pods lowers the pods per node',
    request: { replicas: 100, requests: { cpuMillis: 10 } },
    capacity: cluster(node('a', 4, 16), node('b', 4, 16)),
    podNetwork: { maxPods: 40, source: 'k3s config.yaml' },
    verdict: 'does-not-fit',
    text: 'does not fit: only 80 of 100 replicas fit: short by 20 pod slots',
    notes: [/pods per node: 40 \(k3s max-pods 40, k3s config.yaml\)/],
  },
  {
    name: 'the node CIDR mask lowers the pods per node',
    request: { replicas: 30, requests: { cpuMillis: 10 } },
    capacity: cluster(node('a', 4, 16)),
    podNetwork: { nodeMask: 27, source: 'k3s config.yaml' },
    verdict: 'does-not-fit',
    text: 'does not fit: only 29 of 30 replicas fit: short by 1 pod slot',
    notes: [/pods per node: 29 \(29 usable pod addresses of a \/27 node block, k3s config.yaml\)/],
  },
  {
    name: 'no requests: fits, but it says the scheduler counts them as 0',
    request: { replicas: 5, requests: {} },
    capacity: THREE_SMALL,
    verdict: 'fits',
    text: 'fits (no requests: the scheduler counts these pods as 0, so only pod slots were checked; 98% of them left)',
  },
  {
    name: 'a request unset is counted as 0 and noted',
    request: { replicas: 3, requests: { memoryBytes: 4 * GI } },
    capacity: THREE_SMALL,
    verdict: 'fits',
    text: 'fits with 75% headroom (memory is the tightest)',
    notes: [/no CPU request: the scheduler counts it as 0/],
  },
  {
    name: 'zero replicas',
    request: { replicas: 0, requests: { cpuMillis: 100 } },
    capacity: THREE_SMALL,
    verdict: 'fits',
    text: 'fits: 0 replicas ask for nothing',
  },
  {
    name: 'zero nodes',
    request: { replicas: 1, requests: { cpuMillis: 100 } },
    capacity: cluster(),
    verdict: 'does-not-fit',
    text: 'does not fit: the cluster has no nodes',
  },
  {
    name: 'one per node (DaemonSet): fits on all',
    request: { replicas: 0, perNode: true, requests: { cpuMillis: 1000, memoryBytes: 8 * GI } },
    capacity: THREE_SMALL,
    verdict: 'fits',
    text: 'fits on all 3 nodes with 50% headroom (memory is the tightest)',
  },
  {
    name: 'one per node: some nodes too small',
    request: { replicas: 0, perNode: true, requests: { cpuMillis: 3000 } },
    capacity: cluster(node('a', 4, 16), node('b', 2, 16), node('c', 8, 16)),
    verdict: 'does-not-fit',
    text: 'does not fit: room on 2 of 3 nodes (b short by 1 core)',
  },
  {
    name: 'limits overcommit: informational',
    request: {
      replicas: 4,
      requests: { cpuMillis: 500, memoryBytes: GI },
      limits: { cpuMillis: 4000, memoryBytes: 2 * GI },
    },
    capacity: THREE_SMALL,
    verdict: 'fits',
    text: 'fits with 83% headroom (CPU is the tightest)',
    notes: [/limits add up to 16 cores \(133% of 12 cores allocatable: overcommitted\), 8 GiB \(17%\)/],
  },
];

describe('fitPods', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const r = fitPods(c.request, c.capacity, c.podNetwork ? { podNetwork: c.podNetwork } : {});
      assert.equal(r.text, c.text);
      assert.equal(r.verdict, c.verdict);
      if (c.placed !== undefined) assert.equal(r.placed, c.placed);
      for (const n of c.notes ?? [])
        assert.ok(
          r.notes.some((x) => n.test(x)),
          `no note matches ${n}:\n${r.notes.join('\n')}`,
        );
    });
  }

  test('a huge replica count is counted per node, not one pod at a time', () => {
    const r = fitPods({ replicas: 1e12, requests: { cpuMillis: 1 } }, THREE_SMALL);
    assert.equal(r.verdict, 'does-not-fit');
    assert.equal(r.placed, 330);
  });

  test('the answer names where the capacity came from', () => {
    const r = fitPods({ replicas: 1, requests: { cpuMillis: 100 } }, { ...THREE_SMALL, source: 'context dev' });
    assert.equal(r.source, 'context dev');
    assert.match(describeFit(r), /^fits with .*\nagainst context dev/);
  });
});

describe('podsPerNode', () => {
  test('min(allocatable pods, max-pods, usable IPs of the node mask)', () => {
    const n = node('a', 1, 1, 110);
    assert.deepEqual(podsPerNode(n), { pods: 110, cause: 'allocatable' });
    assert.deepEqual(podsPerNode(n, { maxPods: 250, nodeMask: 24 }), { pods: 110, cause: 'allocatable' });
    assert.deepEqual(podsPerNode(node('a', 1, 1, 500), { maxPods: 250, nodeMask: 24 }), {
      pods: 250,
      cause: 'max-pods',
    });
    assert.deepEqual(podsPerNode(node('a', 1, 1, 500), { maxPods: 300, nodeMask: 24 }), {
      pods: 253,
      cause: 'pod-cidr',
    });
  });
});

describe('podNetworkOf (k3s settings)', () => {
  test('max-pods and the node mask from a k3s config', () => {
    const text = 'kubelet-arg:\n  - max-pods=250\nkube-controller-manager-arg:\n  - node-cidr-mask-size=25\n';
    const settings = k3sSettings(parseFile('/etc/rancher/k3s/config.yaml', text));
    assert.deepEqual(podNetworkOf(settings, 'config.yaml'), { maxPods: 250, nodeMask: 25, source: 'config.yaml' });
  });
  test('nothing set: the kubelet default max-pods and the default /24', () => {
    assert.deepEqual(podNetworkOf([], 'config.yaml'), { maxPods: 110, nodeMask: 24, source: 'config.yaml' });
  });
});

describe('declaredCapacity (.scalewise.yaml cluster:)', () => {
  test('nothing declared', () => {
    assert.equal(declaredCapacity({}), undefined);
    assert.equal(declaredCapacity({ nodes: 3 }), undefined);
  });
  test('cluster.nodes × cluster.node', () => {
    const c = declaredCapacity({ nodes: 2, node: { cpu: 8, memory: '32Gi' } })!;
    assert.equal(c.nodes.length, 2);
    assert.deepEqual(c.nodes[0], {
      name: 'node-1',
      allocatable: { cpuMillis: 8000, memoryBytes: 32 * GI, pods: 110 },
      requested: { cpuMillis: 0, memoryBytes: 0, pods: 0 },
    });
    assert.equal(c.source, '.scalewise.yaml cluster.node × 2 (running pods not counted)');
  });
  test('node pools, with quantities as strings', () => {
    const c = declaredCapacity({
      nodePools: [
        { name: 'gpu', count: 1, cpu: '7800m', memory: '60Gi', pods: 58 },
        { count: 2, cpu: 4, memory: 16 * GI },
      ],
    })!;
    assert.deepEqual(
      c.nodes.map((n) => [n.name, n.allocatable.cpuMillis, n.allocatable.memoryBytes, n.allocatable.pods]),
      [
        ['gpu-1', 7800, 60 * GI, 58],
        ['pool-2-1', 4000, 16 * GI, 110],
        ['pool-2-2', 4000, 16 * GI, 110],
      ],
    );
    assert.equal(c.source, '.scalewise.yaml cluster.nodePools (3 nodes; running pods not counted)');
  });
});
