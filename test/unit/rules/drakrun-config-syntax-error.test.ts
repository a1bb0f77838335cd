import rule from '../../../server/src/engine/rules/drakrun-config-syntax-error';
import { ruleTester, yaml } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    {
      name: 'the default config.toml',
      code: '[redis]\nhost = "localhost"\nport = 6379\n[drakrun]\nplugins = ["apimon"]\n',
    },
    {
      name: 'an INI with comments, a colon and a continuation line',
      file: '/etc/drakcore/config.ini',
      code: yaml`
        ; drakcore
        [redis]
        host: localhost
        [minio]
        address=localhost:9000
          # a comment line inside is not part of the value
      `,
    },
  ],
  invalid: [
    {
      name: 'an unterminated TOML string',
      code: '[redis]\nhost = "localhost\nport = 6379\n',
      errors: [{ messageId: 'toml', line: 2, column: 18 }],
    },
    {
      name: 'a TOML key repeated in its table',
      code: '[redis]\nport = 6379\nport = 6380\n',
      errors: [{ messageId: 'toml', line: 3, column: 1 }],
    },
    {
      name: 'an INI option repeated in its section (strict configparser)',
      file: '/etc/drakrun/config.ini',
      code: '[redis]\nhost=a\nHost=b\n',
      errors: [
        {
          messageId: 'ini',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 5,
          data: { detail: '"host" is repeated in [redis] (configparser: DuplicateOptionError)' },
        },
      ],
    },
    {
      name: 'an INI line that is neither a section nor an option',
      file: '/etc/drakrun/config.ini',
      code: '[redis]\nlocalhost\nport=6379\n',
      errors: [{ messageId: 'ini', line: 2, column: 1 }],
    },
  ],
});
