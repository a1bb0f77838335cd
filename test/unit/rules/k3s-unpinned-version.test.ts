import rule from '../../../server/src/engine/rules/k3s-unpinned-version';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    {
      name: 'INSTALL_K3S_VERSION on the command',
      code: 'curl -sfL https://get.k3s.io | INSTALL_K3S_VERSION="v1.30.4+k3s1" sh -\n',
    },
    {
      name: 'exported earlier',
      code: '#!/bin/sh\nexport INSTALL_K3S_VERSION=v1.30.4+k3s1\ncurl -sfL https://get.k3s.io | sh -s - server\n',
    },
    { name: 'a minor channel', code: 'curl -sfL https://get.k3s.io | INSTALL_K3S_CHANNEL=v1.30 sh -\n' },
    {
      name: 'a binary placed beforehand',
      code: 'curl -sfL https://get.k3s.io | INSTALL_K3S_SKIP_DOWNLOAD=true sh -\n',
    },
    { name: 'k3s run directly downloads nothing', file: 'run.sh', code: 'k3s server --cluster-init\n' },
  ],
  invalid: [
    {
      name: 'the quick-start one-liner',
      code: 'curl -sfL https://get.k3s.io | sh -\n',
      errors: [{ messageId: 'unpinned', line: 1, column: 11, endLine: 1, endColumn: 29 }],
    },
    {
      name: 'an empty INSTALL_K3S_VERSION and the stable channel do not pin',
      code: '#!/bin/sh\nexport INSTALL_K3S_VERSION=\ncurl -sfL "https://get.k3s.io" | INSTALL_K3S_CHANNEL=stable sh -s - agent\n',
      errors: [{ messageId: 'unpinned', line: 3, column: 11, endLine: 3, endColumn: 31 }],
    },
  ],
});
