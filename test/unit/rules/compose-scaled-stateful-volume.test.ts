import rule from '../../../server/src/engine/rules/compose-scaled-stateful-volume';
import { ruleTester, yaml } from '../../helpers/rule-tester';

function service(extra: string, volume: string): string {
  return `services:\n  db:\n    image: postgres:16\n${extra}    volumes:\n      - ${volume}\nvolumes:\n  pgdata:\n`;
}

ruleTester(rule, {
  valid: [
    {
      name: 'a Polarway worker sharing its external handle store at POLARWAY_STATE_DIR (shared on purpose)',
      code: yaml`
        services:
          worker:
            image: polarway/polarway-grpc:0.53
            scale: 3
            environment:
              POLARWAY_HANDLE_STORE: external
              POLARWAY_STATE_DIR: /state/
            volumes:
              - polarway-state:/state
        volumes:
          polarway-state:
      `,
    },
    { name: 'one replica', code: service('', 'pgdata:/var/lib/postgresql/data') },
    { name: 'read-only', code: service('    scale: 3\n', 'pgdata:/seed:ro') },
    { name: 'read-only with other modes', code: service('    scale: 3\n', 'pgdata:/seed:nocopy,ro') },
    { name: 'a bind mount is not checked', code: service('    scale: 3\n', './data:/var/lib/postgresql/data') },
    {
      name: 'an absolute bind mount is not checked',
      code: service('    scale: 3\n', '/srv/pg:/var/lib/postgresql/data'),
    },
    { name: 'an anonymous volume is per container', code: service('    scale: 3\n', '/var/lib/postgresql/data') },
    { name: 'a Windows bind mount', code: service('    scale: 3\n', '"C:\\\\data:/data"') },
    { name: 'a variable', code: service('    scale: 3\n', '${DATA_VOLUME}:/data') },
    {
      name: 'long syntax, read_only: true',
      code: yaml`
      services:
        web:
          scale: 2
          volumes:
            - type: volume
              source: pgdata
              target: /seed
              read_only: true
    `,
    },
    {
      name: 'long syntax bind and tmpfs',
      code: yaml`
      services:
        web:
          scale: 2
          volumes:
            - {type: bind, source: ./conf, target: /conf}
            - {type: tmpfs, target: /tmp}
    `,
    },
  ],
  invalid: [
    {
      name: 'a Polarway worker with the in-memory store: its other volumes are not exempt',
      code: yaml`
        services:
          worker:
            image: polarway/polarway-grpc:0.53
            scale: 3
            environment:
              POLARWAY_STATE_DIR: /state
            volumes:
              - polarway-state:/state
      `,
      errors: [{ messageId: 'shared', line: 8, column: 9 }],
    },
    {
      name: 'a scaled database on one named volume',
      code: service('    scale: 2\n', 'pgdata:/var/lib/postgresql/data'),
      errors: [
        {
          messageId: 'shared',
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 40,
          data: { service: 'db', count: 2, why: 'scale: 2', volume: 'pgdata', target: '/var/lib/postgresql/data' },
        },
      ],
    },
    {
      name: 'explicit :rw, and the long syntax',
      code: yaml`
        services:
          app:
            deploy:
              replicas: 3
            volumes:
              - cache:/cache:rw
              - type: volume
                source: uploads
                target: /srv/uploads
      `,
      errors: [
        {
          messageId: 'shared',
          line: 6,
          column: 9,
          data: { service: 'app', count: 3, why: 'deploy.replicas: 3', volume: 'cache', target: '/cache' },
        },
        {
          messageId: 'shared',
          line: 7,
          column: 9,
          data: { service: 'app', count: 3, why: 'deploy.replicas: 3', volume: 'uploads', target: '/srv/uploads' },
        },
      ],
    },
  ],
});
