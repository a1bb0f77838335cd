import rule from '../../../server/src/engine/rules/swarm-multicast-overlay';
import { ruleTester } from '../../helpers/rule-tester';

const S = '# scalewise: kind=swarm\nservices:\n  peer:\n';

ruleTester(rule, {
  valid: [
    { name: 'an ordinary image', code: `${S}    image: nginx\n` },
    {
      name: 'Kubo with the server profile (mDNS off)',
      code: `${S}    image: ipfs/kubo:v0.29.0\n    environment:\n      - IPFS_PROFILE=server\n`,
    },
    {
      name: 'mDNS explicitly disabled',
      code: `${S}    image: registry.example.com/p2p-node:1\n    command: ["--mdns=false"]\n`,
    },
    { name: 'a Compose file on one host', kind: 'compose', code: 'services:\n  peer:\n    image: ipfs/kubo:v0.29.0\n' },
  ],
  invalid: [
    {
      name: 'the Kubo image',
      code: `${S}    image: ipfs/kubo:v0.29.0\n`,
      errors: [
        {
          messageId: 'multicast',
          line: 4,
          column: 12,
          endLine: 4,
          endColumn: 29,
          data: { service: 'peer', what: 'image ipfs/kubo:v0.29.0' },
        },
      ],
      output: null,
    },
    {
      name: 'an environment variable turning mDNS on',
      code: `${S}    image: registry.example.com/dl/peer:1.4\n    environment:\n      P2P_DISCOVERY: mdns\n`,
      errors: [{ messageId: 'multicast', line: 6, column: 22, data: { service: 'peer', what: 'P2P_DISCOVERY=mdns' } }],
      output: null,
    },
    {
      name: 'Discovery.MDNS in a command',
      code: `${S}    image: registry.example.com/dl/peer:1.4\n    command: ["sh", "-c", "ipfs config --json Discovery.MDNS.Enabled true && ipfs daemon"]\n`,
      errors: [{ messageId: 'multicast', line: 5, column: 27 }],
      output: null,
    },
  ],
});
