/**
 * The flags `k3s server` and `k3s agent` accept, for `k3s/unknown-flag` and the flag parser.
 *
 * Sources (the CLI help blocks and option tables):
 * - k3s-io/docs@02434960d6d5881e47ae8a1c857c4b51f23deec6:docs/cli/server.md ("K3s Server CLI Help")
 * - k3s-io/docs@1f023c058c5f999a8857644625779e7298d13936:docs/cli/agent.md ("K3s Agent CLI Help")
 * - hidden flags the help omits: k3s-io/k3s@005499a940eafe99977bcabd6991a888a4cb6642:pkg/cli/cmds/server.go
 *   (`disable-apiserver`, `disable-controller-manager`, `disable-etcd`, `disable-agent`,
 *   `kube-controller-arg`, `kube-cloud-controller-arg`, `airgap-extra-registry`).
 * Aliases (`-t`, `-s`, ...) are listed as their own names, as k3s's config parser does
 * (pkg/configfilearg/parser.go `stripInvalidFlags` splits `token,t`).
 */
import { editDistance } from '../edit-distance';

/** Flags and aliases both commands accept (servers also run an agent). */
const COMMON = [
  'config',
  'c',
  'debug',
  'v',
  'vmodule',
  'log',
  'l',
  'alsologtostderr',
  'token',
  't',
  'token-file',
  'server',
  's',
  'data-dir',
  'd',
  'bind-address',
  'node-name',
  'with-node-id',
  'node-label',
  'node-taint',
  'image-credential-provider-bin-dir',
  'image-credential-provider-config',
  'selinux',
  'lb-server-port',
  'protect-kernel-defaults',
  'docker',
  'container-runtime-endpoint',
  'default-runtime',
  'image-service-endpoint',
  'disable-default-registry-endpoint',
  'nonroot-devices',
  'pause-image',
  'snapshotter',
  'private-registry',
  'airgap-extra-registry',
  'node-ip',
  'i',
  'node-external-ip',
  'node-internal-dns',
  'node-external-dns',
  'resolv-conf',
  'flannel-iface',
  'flannel-conf',
  'flannel-cni-conf',
  'vpn-auth',
  'vpn-auth-file',
  'kubelet-arg',
  'kube-proxy-arg',
  'enable-pprof',
  'rootless',
  'prefer-bundled-bin',
  // Deprecated, still listed in the docs' "Deprecated Options".
  'no-flannel',
  'cluster-secret',
] as const;

const SERVER_ONLY = [
  'https-listen-port',
  'advertise-address',
  'advertise-port',
  'tls-san',
  'tls-san-security',
  'cluster-cidr',
  'service-cidr',
  'service-node-port-range',
  'cluster-dns',
  'cluster-domain',
  'flannel-backend',
  'flannel-ipv6-masq',
  'flannel-external-ip',
  'egress-selector-mode',
  'servicelb-namespace',
  'write-kubeconfig',
  'o',
  'write-kubeconfig-mode',
  'write-kubeconfig-group',
  'helm-job-image',
  'agent-token',
  'agent-token-file',
  'cluster-init',
  'cluster-reset',
  'cluster-reset-restore-path',
  'kube-apiserver-arg',
  'etcd-arg',
  'kube-controller-manager-arg',
  'kube-scheduler-arg',
  'kube-cloud-controller-manager-arg',
  'datastore-endpoint',
  'datastore-cafile',
  'datastore-certfile',
  'datastore-keyfile',
  'etcd-expose-metrics',
  'etcd-disable-snapshots',
  'etcd-snapshot-name',
  'etcd-snapshot-schedule-cron',
  'etcd-snapshot-retention',
  'etcd-snapshot-dir',
  'etcd-snapshot-compress',
  'etcd-s3',
  'etcd-s3-endpoint',
  'etcd-s3-endpoint-ca',
  'etcd-s3-skip-ssl-verify',
  'etcd-s3-access-key',
  'etcd-s3-secret-key',
  'etcd-s3-bucket',
  'etcd-s3-region',
  'etcd-s3-folder',
  'etcd-s3-proxy',
  'etcd-s3-config-secret',
  'etcd-s3-insecure',
  'etcd-s3-timeout',
  'default-local-storage-path',
  'disable',
  'disable-scheduler',
  'disable-cloud-controller',
  'disable-kube-proxy',
  'disable-network-policy',
  'disable-helm-controller',
  'embedded-registry',
  'supervisor-metrics',
  'system-default-registry',
  'secrets-encryption',
  'secrets-encryption-provider',
  // Hidden (server.go) and deprecated.
  'disable-apiserver',
  'disable-controller-manager',
  'disable-etcd',
  'disable-agent',
  'kube-controller-arg',
  'kube-cloud-controller-arg',
  'no-deploy',
] as const;

const AGENT_ONLY = ['disable-apiserver-lb'] as const;

export const SERVER_FLAGS: ReadonlySet<string> = new Set<string>([...COMMON, ...SERVER_ONLY]);
export const AGENT_FLAGS: ReadonlySet<string> = new Set<string>([...COMMON, ...AGENT_ONLY]);
export const ALL_FLAGS: ReadonlySet<string> = new Set<string>([...SERVER_FLAGS, ...AGENT_FLAGS]);

/** Flags that take no value (`--cluster-init`), so the next word of a command line is not theirs. */
export const BOOLEAN_FLAGS: ReadonlySet<string> = new Set<string>([
  'debug',
  'alsologtostderr',
  'tls-san-security',
  'flannel-ipv6-masq',
  'flannel-external-ip',
  'cluster-init',
  'cluster-reset',
  'etcd-expose-metrics',
  'etcd-disable-snapshots',
  'etcd-snapshot-compress',
  'etcd-s3',
  'etcd-s3-skip-ssl-verify',
  'etcd-s3-insecure',
  'disable-scheduler',
  'disable-cloud-controller',
  'disable-kube-proxy',
  'disable-network-policy',
  'disable-helm-controller',
  'embedded-registry',
  'supervisor-metrics',
  'with-node-id',
  'docker',
  'disable-default-registry-endpoint',
  'nonroot-devices',
  'protect-kernel-defaults',
  'secrets-encryption',
  'enable-pprof',
  'rootless',
  'prefer-bundled-bin',
  'selinux',
  'disable-apiserver',
  'disable-controller-manager',
  'disable-etcd',
  'disable-agent',
  'disable-apiserver-lb',
  'no-flannel',
]);

/** Repeatable flags whose values are `flag=value` for a Kubernetes component. */
export const ARG_FLAGS: ReadonlySet<string> = new Set<string>([
  'kubelet-arg',
  'kube-proxy-arg',
  'kube-apiserver-arg',
  'etcd-arg',
  'kube-controller-manager-arg',
  'kube-scheduler-arg',
  'kube-cloud-controller-manager-arg',
  'kube-controller-arg',
  'kube-cloud-controller-arg',
]);

/**
 * Component flags people write as top-level k3s keys by mistake, and the `*-arg` they belong in
 * (kubelet `--max-pods`, kube-controller-manager `--node-cidr-mask-size*`).
 */
export const COMPONENT_FLAGS: ReadonlyMap<string, string> = new Map([
  ['max-pods', 'kubelet-arg'],
  ['node-cidr-mask-size', 'kube-controller-manager-arg'],
  ['node-cidr-mask-size-ipv4', 'kube-controller-manager-arg'],
  ['node-cidr-mask-size-ipv6', 'kube-controller-manager-arg'],
]);

export function takesValue(name: string): boolean {
  return ALL_FLAGS.has(name) && !BOOLEAN_FLAGS.has(name);
}

/**
 * The known flag closest to `name` (edit distance, at most a third of the name and at most 4),
 * or undefined when none is close. One-letter aliases are never suggested.
 */
export function nearestFlag(name: string, known: ReadonlySet<string> = ALL_FLAGS): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const f of known) {
    if (f.length < 2) continue;
    const d = editDistance(name, f);
    if (d < bestD || (d === bestD && best !== undefined && f < best)) {
      best = f;
      bestD = d;
    }
  }
  return best !== undefined && bestD <= Math.min(4, Math.max(1, Math.floor(name.length / 3))) ? best : undefined;
}
