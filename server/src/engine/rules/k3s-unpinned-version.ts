import { defineRule } from '../define-rule';
import { k3sScript } from '../model/k3s';
import { paragraph, yaml } from '../template-text';

export default defineRule(
  {
    id: 'k3s/unpinned-version',
    kinds: ['k3s-install'],
    scope: 'file',
    defaultSeverity: 'hint',
    messages: {
      unpinned: () =>
        paragraph(
          'The install script runs without INSTALL_K3S_VERSION: it installs whatever the stable channel',
          'points to on the day it runs, so nodes you add later to scale out get a newer k3s (and',
          'Kubernetes) than the ones already running. Pin the version, e.g.',
          'INSTALL_K3S_VERSION="v1.30.4+k3s1".',
        ),
    },
    docs: {
      summary: 'Pin the k3s version an install script installs, so that nodes added later match the cluster.',
      why: paragraph(
        'Without `INSTALL_K3S_VERSION` the install script "will attempt to download from the stable',
        'channel" (`INSTALL_K3S_CHANNEL`, default `stable`). Scaling out means running the same script on',
        'new nodes weeks or months later; by then the channel points to a newer release, so the new nodes',
        'run a different k3s and Kubernetes minor than the rest, and re-running the script on an existing',
        'node upgrades it. Kubernetes supports only limited version skew between the control plane and',
        'kubelets. Pin a version (`INSTALL_K3S_VERSION="v1.30.4+k3s1"`), or at least a minor channel',
        '(`INSTALL_K3S_CHANNEL=v1.30`), and upgrade deliberately. `INSTALL_K3S_COMMIT`, `INSTALL_K3S_PR`',
        'and `INSTALL_K3S_SKIP_DOWNLOAD=true` (a binary you placed yourself) count as pinned.',
      ),
      bad: yaml`
        #!/bin/sh
        curl -sfL https://get.k3s.io | sh -s - server --cluster-init
      `,
      good: yaml`
        #!/bin/sh
        curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION="v1.30.4+k3s1" sh -s - server --cluster-init
      `,
      exampleFile: 'install.sh',
      sources: [
        paragraph(
          'k3s-io/docs@3176c1a4:docs/reference/env-variables.md (INSTALL_K3S_VERSION: "Will attempt to',
          'download from the stable channel if not specified"; INSTALL_K3S_CHANNEL default stable)',
        ),
        paragraph(
          'k3s-io/k3s@0136cf258954a458da1404858396342724b93d24:install.sh (get_release_version:',
          'INSTALL_K3S_PR, INSTALL_K3S_COMMIT, INSTALL_K3S_VERSION, else the channel)',
        ),
        'https://kubernetes.io/releases/version-skew-policy/ (kubelet versus kube-apiserver skew)',
      ],
    },
  },
  (ctx) => {
    const script = k3sScript(ctx.file.text);
    if (script.downloads.length === 0) return;
    const set = (name: string) => script.env.some((a) => a.name === name && a.value !== '');
    if (set('INSTALL_K3S_VERSION') || set('INSTALL_K3S_COMMIT') || set('INSTALL_K3S_PR')) return;
    if (script.env.some((a) => a.name === 'INSTALL_K3S_SKIP_DOWNLOAD' && /^(true|binary)$/.test(a.value))) return;
    if (script.env.some((a) => a.name === 'INSTALL_K3S_CHANNEL' && /^v\d+\.\d+/.test(a.value))) return;
    for (const range of script.downloads) ctx.report({ messageId: 'unpinned', range });
  },
);
