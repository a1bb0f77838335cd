import rule from '../../../server/src/engine/rules/k3s-agent-without-token';
import { ruleTester } from '../../helpers/rule-tester';

const V = 'INSTALL_K3S_VERSION=v1.30.4+k3s1';

ruleTester(rule, {
  valid: [
    { name: 'a server install', code: `curl -sfL https://get.k3s.io | ${V} sh -s - server --cluster-init\n` },
    {
      name: 'K3S_URL with K3S_TOKEN',
      code: `curl -sfL https://get.k3s.io | ${V} K3S_URL=https://s:6443 K3S_TOKEN=abc sh -\n`,
    },
    {
      name: 'the token exported earlier',
      code: `#!/bin/sh\nexport K3S_TOKEN="$(cat /run/secrets/token)"\ncurl -sfL https://get.k3s.io | ${V} K3S_URL=https://s:6443 sh -\n`,
    },
    {
      name: '--token-file',
      code: `curl -sfL https://get.k3s.io | ${V} sh -s - agent --server https://s:6443 --token-file /run/token\n`,
    },
    {
      name: 'a config.yaml the script writes holds the token',
      code: `#!/bin/sh\ncat > /etc/rancher/k3s/config.yaml <<EOF\ntoken: abc\nEOF\ncurl -sfL https://get.k3s.io | ${V} K3S_URL=https://s:6443 sh -\n`,
    },
    {
      name: 'a k3s config beside it holds the token',
      code: `curl -sfL https://get.k3s.io | ${V} sh -s - agent --server https://s:6443\n`,
      workspace: {
        scaleCommands: [],
        stackFiles: [],
        k3sConfigFiles: [{ path: '/w/etc/rancher/k3s/config.yaml', text: 'token-file: /run/token\n' }],
      },
    },
  ],
  invalid: [
    {
      name: 'K3S_URL alone: the install script stops',
      code: `curl -sfL https://get.k3s.io | ${V} K3S_URL=https://s:6443 sh -\n`,
      errors: [{ messageId: 'defaulted', line: 1, column: 65, endLine: 1, endColumn: 87 }],
    },
    {
      name: 'an explicit agent with --server',
      code: `curl -sfL https://get.k3s.io | ${V} sh -s - agent --server https://s:6443 --node-label pool=gpu\n`,
      errors: [{ messageId: 'noToken', line: 1, column: 79, data: { role: 'agent', url: 'https://s:6443' } }],
    },
    {
      name: 'a second server joining without the token',
      file: 'join-server.sh',
      code: 'k3s server --server https://s1:6443\n',
      errors: [{ messageId: 'noToken', line: 1, column: 12, data: { role: 'server', url: 'https://s1:6443' } }],
    },
  ],
});
