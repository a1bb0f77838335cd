/**
 * The host ports a workload's pods ask for: what the scheduler's NodePorts filter keeps unique per
 * node (kubernetes pkg/scheduler/framework/plugins/nodeports/node_ports.go).
 */
import type { Range } from '../types';
import { asMap, asSeq, get, getPair, intValue, keyRange, nodeRange, scalarValue, stringValue } from '../yaml-ast';
import { podSpec, type Workload } from './kubernetes';

export interface HostPort {
  port: number;
  /** `TCP` unless written (the API default). */
  protocol: string;
  container: string;
  /** The `hostPort` value, or the `containerPort` that `hostNetwork: true` turns into one. */
  range: Range;
  /** From `hostNetwork: true`: the API server copies `containerPort` into an unset `hostPort`. */
  fromHostNetwork: boolean;
}

/**
 * The host ports of the pod template's containers. The NodePorts filter reads the regular
 * containers' ports; with `hostNetwork: true` the API server defaults every container port's
 * `hostPort` to its `containerPort` (pkg/apis/core/v1/defaults.go `defaultHostNetworkPorts`).
 */
export function hostPorts(w: Workload): { ports: HostPort[]; hostNetwork: Range | null } {
  const spec = podSpec(w.kind, w.root, w.doc);
  const hostNetworkPair = getPair(spec, 'hostNetwork');
  const hostNetwork = hostNetworkPair !== null && scalarValue(hostNetworkPair.value, w.doc) === true;
  const out: HostPort[] = [];
  asSeq(get(spec, 'containers', w.doc), w.doc)?.items.forEach((item, index) => {
    const c = asMap(item, w.doc);
    const container = stringValue(get(c, 'name', w.doc), w.doc) ?? `#${index + 1}`;
    for (const p of asSeq(get(c, 'ports', w.doc), w.doc)?.items ?? []) {
      const port = asMap(p, w.doc);
      const hostNode = get(port, 'hostPort', w.doc);
      const containerNode = get(port, 'containerPort', w.doc);
      const hostPort = intValue(hostNode, w.doc);
      const containerPort = intValue(containerNode, w.doc);
      const protocol = stringValue(get(port, 'protocol', w.doc), w.doc) ?? 'TCP';
      if (hostPort !== undefined && hostPort > 0 && hostNode)
        out.push({ port: hostPort, protocol, container, range: nodeRange(hostNode), fromHostNetwork: false });
      else if (
        hostNetwork &&
        (hostPort === undefined || hostPort === 0) &&
        containerPort !== undefined &&
        containerPort > 0 &&
        containerNode
      ) {
        out.push({ port: containerPort, protocol, container, range: nodeRange(containerNode), fromHostNetwork: true });
      }
    }
  });
  return { ports: out, hostNetwork: hostNetwork && hostNetworkPair ? keyRange(hostNetworkPair) : null };
}
