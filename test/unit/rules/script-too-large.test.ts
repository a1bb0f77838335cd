import { MAX_SCRIPT_BYTES } from '../../../server/src/engine/parse';
import rule from '../../../server/src/engine/rules/script-too-large';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

/** `head`, then `#` lines up to `size` characters. */
function sized(head: string, size: number): string {
  const padded = head + '#\n'.repeat(Math.ceil((size - head.length) / 2));
  return padded.slice(0, size - 1) + '\n';
}

const deploy = '#!/bin/sh\ndocker compose up -d --scale web=3\n';
const install = '#!/bin/sh\ncurl -sfL https://get.k3s.io | INSTALL_K3S_VERSION="v1.30.4+k3s1" sh -s - server\n';
const over = {
  messageId: 'tooLarge',
  line: 1,
  column: 1,
  data: { size: MAX_SCRIPT_BYTES + 1, limit: MAX_SCRIPT_BYTES },
};

ruleTester(rule, {
  valid: [
    { name: 'a deploy script', file: 'deploy.sh', code: deploy },
    { name: 'a script of exactly the limit is read', file: 'deploy.sh', code: sized(deploy, MAX_SCRIPT_BYTES) },
    { name: 'a k3s install script', file: 'install.sh', code: install },
    {
      name: 'a large README that names no docker command is not a script at all',
      file: 'README.md',
      kind: 'none',
      code: sized('# Notes\n', MAX_SCRIPT_BYTES + 1),
    },
  ],
  invalid: [
    {
      name: 'a deploy script one character over the limit',
      file: 'deploy.sh',
      code: sized(deploy, MAX_SCRIPT_BYTES + 1),
      errors: [over],
    },
    {
      name: 'a k3s install script over the limit',
      file: 'install.sh',
      kind: 'k3s-install',
      code: sized(install, MAX_SCRIPT_BYTES + 1),
      errors: [over],
    },
    {
      name: 'a Makefile over the limit',
      file: 'Makefile',
      kind: 'script',
      code: sized(
        yaml`
      scale:
      \tdocker compose up -d --scale web=3
    `,
        MAX_SCRIPT_BYTES + 1,
      ),
      errors: [over],
    },
  ],
});
