/**
 * Property tests for the pod-CIDR arithmetic (quantity/cidr.ts), with a small seeded PRNG so that
 * a failure reproduces: thousands of cases, no dependency.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { prng } from '../helpers/prng';
import {
  addressesPerNode,
  formatCidr,
  maskForPods,
  MIN_NODE_MASK,
  nodesInCluster,
  parseCidr,
  usablePodIps,
} from '../../server/src/engine/quantity/cidr';

const int = (r: () => number, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

describe('pod CIDR arithmetic (property tests)', () => {
  test('the suggested mask fits the pod count and is the longest mask that does', () => {
    const r = prng(42);
    for (let i = 0; i < 5000; i++) {
      // Spread over the orders of magnitude: 1 .. 2^25 pods.
      const pods = Math.max(1, Math.floor(2 ** (r() * 25)));
      const mask = maskForPods(pods);
      if (mask === null) {
        assert.ok(pods > usablePodIps(MIN_NODE_MASK), `${pods} pods: null although a /8 holds them`);
        continue;
      }
      assert.ok(mask >= MIN_NODE_MASK && mask <= 30, `${pods} pods: /${mask} out of range`);
      assert.ok(usablePodIps(mask) >= pods, `${pods} pods do not fit /${mask}`);
      if (mask < 30) assert.ok(usablePodIps(mask + 1) < pods, `${pods} pods also fit the longer /${mask + 1}`);
    }
  });

  test('the boundaries: a block holds its addresses minus 3', () => {
    for (let mask = MIN_NODE_MASK; mask <= 30; mask++) {
      const most = addressesPerNode(mask) - 3;
      assert.equal(maskForPods(most), mask, `${most} pods`);
      if (mask > MIN_NODE_MASK) assert.equal(maskForPods(most + 1), mask - 1, `${most + 1} pods`);
    }
    assert.equal(maskForPods(110), 25);
    assert.equal(maskForPods(253), 24);
    assert.equal(maskForPods(254), 23);
    assert.equal(maskForPods(usablePodIps(MIN_NODE_MASK) + 1), null);
  });

  test('nodes = 2^(node mask - cluster mask) agrees with enumerating the node blocks', () => {
    const r = prng(7);
    for (let i = 0; i < 2000; i++) {
      const clusterMask = int(r, 16, 30);
      const nodeMask = int(r, clusterMask - 2, Math.min(32, clusterMask + 10));
      // Enumerate: the distinct node-block starts inside the cluster block.
      const size = 2 ** (32 - clusterMask);
      const block = 2 ** (32 - Math.min(32, Math.max(nodeMask, 0)));
      const starts = new Set<number>();
      if (nodeMask >= clusterMask) for (let off = 0; off < size; off += block) starts.add(off);
      assert.equal(nodesInCluster(clusterMask, nodeMask), starts.size, `/${clusterMask} cluster, /${nodeMask} nodes`);
    }
  });

  test('CIDR parse -> format round-trips, and malformed text does not parse', () => {
    const r = prng(2024);
    for (let i = 0; i < 5000; i++) {
      const text = `${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 0, 255)}/${int(r, 0, 32)}`;
      const c = parseCidr(text);
      assert.ok(c, text);
      assert.equal(formatCidr(c), text);
      assert.deepEqual(parseCidr(formatCidr(c)), c);
    }
    for (const bad of [
      '10.42.0.0',
      '10.42.0.0/33',
      '256.0.0.0/8',
      '10.042.0.0/16',
      '10.42.0/16',
      '10.42.0.0/016',
      'a.b.c.d/8',
      '',
    ]) {
      assert.equal(parseCidr(bad), null, bad);
    }
  });
});
