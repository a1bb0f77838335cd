import rule from '../../../server/src/engine/rules/drakrun-ini-services-disagree';
import type { WorkspaceFacts } from '../../../server/src/engine';
import { ruleTester, yaml } from '../../helpers/rule-tester';

const DRAKCORE = yaml`
  [redis]
  host=redis.lab.example.com
  port=6379

  [minio]
  address=minio.lab.example.com:9000
  bucket=karton
  secure=0
`;

/** The other file of the pair, as the CLI and the server put it in the workspace facts. */
function beside(path: string, text: string): WorkspaceFacts {
  return { scaleCommands: [], stackFiles: [], drakrunIniFiles: [{ path, text }] };
}

ruleTester(rule, {
  valid: [
    {
      name: 'both files name the same Redis and MinIO',
      file: '/etc/drakrun/config.ini',
      code: DRAKCORE,
      workspace: beside('/etc/drakcore/config.ini', DRAKCORE),
    },
    {
      name: 'localhost and 127.0.0.1 are one service on one host',
      file: '/etc/drakrun/config.ini',
      code: '[redis]\nhost=127.0.0.1\n[minio]\naddress=127.0.0.1:9000\n',
      workspace: beside('/etc/drakcore/config.ini', '[redis]\nhost=localhost\n[minio]\naddress=localhost:9000\n'),
    },
    {
      name: 'no other file in the workspace: nothing to compare',
      file: '/etc/drakrun/config.ini',
      code: '[redis]\nhost=localhost\n[minio]\naddress=x:9000\n',
    },
    {
      name: 'a config.ini found by its content has no pair',
      file: '/srv/backup/config.ini',
      code: '[redis]\nhost=a\n[minio]\naddress=x:9000\n',
      workspace: beside('/etc/drakcore/config.ini', DRAKCORE),
    },
  ],
  invalid: [
    {
      name: 'drakrun left at localhost while drakcore moved to the shared hosts',
      file: '/etc/drakrun/config.ini',
      code: yaml`
        [redis]
        HOST = localhost
        port=6379

        [minio]
        address=localhost:9000
        bucket=drakrun
      `,
      workspace: beside('/etc/drakcore/config.ini', DRAKCORE),
      errors: [
        {
          messageId: 'disagree',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 17,
          data: {
            section: 'redis',
            key: 'host',
            value: 'localhost',
            other: 'drakcore/config.ini',
            otherValue: 'redis.lab.example.com',
          },
        },
        { messageId: 'disagree', line: 6, column: 1 },
        { messageId: 'disagree', line: 7, column: 1 },
      ],
    },
    {
      name: "drakcore's file read against drakrun's: another Redis port",
      file: '/srv/drakvuf/drakcore/config.ini',
      code: '[redis]\nhost=redis.lab.example.com\nport=6380\n',
      workspace: beside('/srv/drakvuf/drakrun/config.ini', DRAKCORE),
      errors: [{ messageId: 'disagree', line: 3, column: 1 }],
    },
  ],
});
