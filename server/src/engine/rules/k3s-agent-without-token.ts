import { defineRule } from '../define-rule';
import { k3sScript } from '../model/k3s';
import { paragraph, prose, yaml } from '../template-text';

const TOKEN_FLAGS = new Set(['token', 't', 'token-file']);
const TOKEN_ENV = new Set(['K3S_TOKEN', 'K3S_TOKEN_FILE', 'K3S_CLUSTER_SECRET']);
/** A `token:` / `token-file:` line at the top of a YAML block (a config.yaml written by the script or beside it). */
const TOKEN_KEY = /^[ \t]*(token|token-file|t)[ \t]*:/m;

export default defineRule(
  {
    id: 'k3s/agent-without-token',
    kinds: ['k3s-install'],
    scope: 'workspace',
    defaultSeverity: 'error',
    messages: {
      defaulted: () =>
        paragraph(
          'K3S_URL is set without K3S_TOKEN or K3S_TOKEN_FILE: the install script stops with "Defaulted k3s',
          "exec command to 'agent' because K3S_URL is defined, but K3S_TOKEN or K3S_TOKEN_FILE is not",
          'defined." and the node never joins. Pass the server\'s token',
          '(/var/lib/rancher/k3s/server/node-token) as K3S_TOKEN.',
        ),
      noToken: (d) =>
        prose`
          k3s ${d.role} is told to join ${d.url} but gets no token (K3S_TOKEN, --token or --token-file): it
          cannot authenticate to the server and the node never joins. Pass the server's token
          (/var/lib/rancher/k3s/server/node-token).
        `,
    },
    docs: {
      summary: 'A node that joins a cluster (`K3S_URL` or `--server`) needs the cluster token.',
      why: paragraph(
        '`K3S_URL` (`--server`) tells k3s to join an existing cluster; the node authenticates with the',
        'shared token (`K3S_TOKEN` / `--token`, or `K3S_TOKEN_FILE` / `--token-file`), stored on the first',
        'server at `/var/lib/rancher/k3s/server/node-token`. "Setting `K3S_URL` without explicitly setting',
        'an exec command will default the command to "agent". When running the agent, `K3S_TOKEN` must',
        'also be set." Without it the install script stops, or the agent cannot join, so a scale-out',
        'script adds no node. Scalewise looks for the token in the script (variables, flags, a `token:`',
        'line of a config it writes) and in the k3s config files beside it.',
      ),
      bad: yaml`
        #!/bin/sh
        curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION="v1.30.4+k3s1" K3S_URL=https://k3s.example.com:6443 sh -
      `,
      good: yaml`
        #!/bin/sh
        curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION="v1.30.4+k3s1" K3S_URL=https://k3s.example.com:6443 K3S_TOKEN="$(cat /run/secrets/k3s-token)" sh -
      `,
      exampleFile: 'join-agent.sh',
      sources: [
        'k3s-io/docs@3176c1a4:docs/reference/env-variables.md ("When running the agent, K3S_TOKEN must also be set")',
        paragraph(
          'k3s-io/k3s@0136cf258954a458da1404858396342724b93d24:install.sh (setup_env: "Defaulted k3s exec',
          "command to 'agent' because K3S_URL is defined, but K3S_TOKEN or K3S_TOKEN_FILE is not defined.\")",
        ),
        'k3s-io/docs@18f3ba91:docs/quick-start/quick-start.md (K3S_URL, K3S_TOKEN, /var/lib/rancher/k3s/server/node-token)',
      ],
    },
  },
  (ctx) => {
    const script = k3sScript(ctx.file.text);
    const urlEnv = script.env.find((a) => a.name === 'K3S_URL' && a.value !== '');
    const serverFlag = script.settings.find(
      (s) => s.parent === undefined && (s.name === 'server' || s.name === 's') && s.value !== '',
    );
    if (!urlEnv && !serverFlag) return;
    if (script.env.some((a) => TOKEN_ENV.has(a.name) && a.value !== '')) return;
    if (script.settings.some((s) => s.parent === undefined && TOKEN_FLAGS.has(s.name))) return;
    // A config file may hold the token: one the script writes, one it names, or one beside it.
    if (TOKEN_KEY.test(ctx.file.text)) return;
    if (
      script.env.some((a) => a.name === 'K3S_CONFIG_FILE') ||
      script.settings.some((s) => s.parent === undefined && (s.name === 'config' || s.name === 'c'))
    )
      return;
    if ((ctx.workspace.k3sConfigFiles ?? []).some((f) => TOKEN_KEY.test(f.text))) return;
    if (urlEnv && !script.roleRange) {
      ctx.report({ messageId: 'defaulted', range: urlEnv.range });
      return;
    }
    const at = serverFlag ?? urlEnv!;
    ctx.report({
      messageId: 'noToken',
      data: { role: script.role, url: serverFlag?.value ?? urlEnv!.value },
      range: at.range,
    });
  },
);
