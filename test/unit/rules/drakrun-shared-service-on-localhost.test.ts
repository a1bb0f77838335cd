import rule from '../../../server/src/engine/rules/drakrun-shared-service-on-localhost';
import { ruleTester, yaml } from '../../helpers/rule-tester';

const THREE_HOSTS = { sizing: { 'drakrun.hosts': 3 } };

const LOCAL_TOML = yaml`
  [redis]
  host = "localhost"
  port = 6379

  [s3]
  enabled = true
  address = "http://127.0.0.1:9000"
`;

const LOCAL_INI = yaml`
  [redis]
  host=localhost
  port=6379

  [minio]
  address=[::1]:9000
  bucket=karton
`;

ruleTester(rule, {
  valid: [
    {
      name: 'config.toml naming shared hosts, on three hosts',
      code: '[redis]\nhost = "redis.lab.example.com"\n[s3]\naddress = "https://minio.lab.example.com:9000"\n',
      config: THREE_HOSTS,
    },
    { name: 'localhost on one declared host', code: LOCAL_TOML, config: { sizing: { 'drakrun.hosts': 1 } } },
    {
      name: 'S3 turned off: its address is not used',
      code: '[s3]\nenabled = false\naddress = "http://localhost:9000"\n',
      config: THREE_HOSTS,
    },
    {
      name: 'an empty INI address (filled from minio.env) says nothing',
      file: '/etc/drakcore/config.ini',
      code: '[minio]\naddress=\n',
      config: THREE_HOSTS,
    },
    {
      name: 'a name that only starts like localhost',
      code: '[redis]\nhost = "localhost-redis.lab"\n',
      config: THREE_HOSTS,
    },
  ],
  invalid: [
    {
      name: 'config.toml: Redis and S3 on localhost with three hosts',
      code: LOCAL_TOML,
      config: THREE_HOSTS,
      errors: [
        {
          messageId: 'local',
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 19,
          data: { section: 'redis', key: 'host', host: 'localhost', service: 'Redis', hosts: 3 },
        },
        {
          messageId: 'local',
          line: 7,
          column: 1,
          data: { section: 's3', key: 'address', host: '127.0.0.1', service: 'S3 storage', hosts: 3 },
        },
      ],
    },
    {
      name: 'legacy config.ini: Redis and MinIO on this host (::1 in brackets)',
      file: '/etc/drakrun/config.ini',
      code: LOCAL_INI,
      config: THREE_HOSTS,
      errors: [
        { messageId: 'local', line: 2, column: 1, endLine: 2, endColumn: 15 },
        {
          messageId: 'local',
          line: 6,
          column: 1,
          data: { section: 'minio', key: 'address', host: '::1', service: 'MinIO', hosts: 3 },
        },
      ],
    },
    {
      name: 'hosts not declared: a hint, not a warning',
      code: '[redis]\nhost = "127.0.0.53"\n',
      errors: [{ messageId: 'undeclared', line: 2, column: 1, severity: 'hint' }],
    },
    {
      name: 'an inline table and a dotted key are read as tables',
      code: 'redis = { host = "localhost" }\ns3.address = "localhost:9000"\n',
      config: THREE_HOSTS,
      errors: [
        { messageId: 'local', line: 1, column: 11 },
        { messageId: 'local', line: 2, column: 1 },
      ],
    },
  ],
});
