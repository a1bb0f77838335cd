import rule from '../../../server/src/engine/rules/compose-invalid-resource-value';
import { ruleTester } from '../../helpers/rule-tester';
import { yaml } from '../../../server/src/engine/template-text';

/** A service with `deploy.resources.<section>` holding `body` (one key per line, already indented). */
function resources(section: string, body: string): string {
  return `services:\n  web:\n    image: nginx\n    deploy:\n      resources:\n        ${section}:\n${body}`;
}

ruleTester(rule, {
  valid: [
    { name: 'cores and bytes', code: resources('limits', '          cpus: "0.5"\n          memory: 512M\n') },
    {
      name: 'cpus as a number, memory in Kubernetes-style binary units (go-units reads them)',
      code: resources('limits', '          cpus: 2\n          memory: 1Gi\n'),
    },
    { name: '400m memory is 400 MiB in Compose', code: resources('reservations', '          memory: 400m\n') },
    { name: '0 means no limit', code: resources('limits', '          cpus: 0\n          memory: 0\n') },
    { name: 'exactly 6 MiB', code: resources('limits', '          memory: 6m\n') },
    {
      name: 'variables are only known at run time',
      code: resources('limits', '          cpus: ${CPUS:-500m}\n          memory: ${MEM}\n'),
    },
    {
      name: 'legacy keys with good values',
      code: 'services:\n  web:\n    cpus: 1.5\n    mem_limit: 1g\n    mem_reservation: 512m\n',
    },
  ],
  invalid: [
    {
      name: 'in a Swarm stack: millicores, and a memory limit whose tasks the engine rejects after a successful deploy',
      kind: 'swarm',
      code: yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: nginx
            deploy:
              resources:
                limits:
                  cpus: "250m"
                  memory: 4M
      `,
      errors: [
        {
          messageId: 'millicoresSwarm',
          line: 8,
          column: 17,
          data: { service: 'web', label: 'deploy.resources.limits.cpus', raw: '"250m"', text: '250m', cores: '0.25' },
        },
        {
          messageId: 'tooSmallSwarm',
          line: 9,
          column: 19,
          data: {
            service: 'web',
            label: 'deploy.resources.limits.memory',
            raw: '"4M"',
            text: '4M',
            human: '4 MiB',
            engine: 'Minimum memory limit allowed is 6MB',
          },
        },
      ],
      output: null,
      suggestions: [
        yaml`
        # scalewise: kind=swarm
        services:
          web:
            image: nginx
            deploy:
              resources:
                limits:
                  cpus: "0.25"
                  memory: 4M
      `,
      ],
    },
    {
      name: 'cpus in millicores',
      code: resources('limits', '          cpus: "500m"\n          memory: 512M\n'),
      errors: [
        {
          messageId: 'millicores',
          line: 7,
          column: 17,
          endLine: 7,
          endColumn: 23,
          data: { service: 'web', label: 'deploy.resources.limits.cpus', raw: '"500m"', text: '500m', cores: '0.5' },
        },
      ],
      output: null,
      suggestions: [resources('limits', '          cpus: "0.5"\n          memory: 512M\n')],
      suggestionsResolve: true,
    },
    {
      name: 'legacy cpus in millicores, unquoted',
      code: 'services:\n  web:\n    cpus: 1500m\n',
      errors: [
        {
          messageId: 'millicores',
          line: 3,
          column: 11,
          data: { service: 'web', label: 'cpus', raw: '"1500m"', text: '1500m', cores: '1.5' },
        },
      ],
      output: null,
      suggestions: ['services:\n  web:\n    cpus: "1.5"\n'],
    },
    {
      name: 'not a number of cores',
      code: resources('reservations', '          cpus: two\n'),
      errors: [
        {
          messageId: 'notCpus',
          line: 7,
          column: 17,
          data: { service: 'web', label: 'deploy.resources.reservations.cpus', raw: '"two"', text: 'two' },
        },
      ],
      output: null,
    },
    {
      name: 'negative values',
      code: resources('limits', '          cpus: -1\n          memory: "-512m"\n'),
      errors: [
        {
          messageId: 'negative',
          line: 7,
          column: 17,
          data: { service: 'web', label: 'deploy.resources.limits.cpus', raw: '-1', text: '-1' },
        },
        {
          messageId: 'negative',
          line: 8,
          column: 19,
          data: { service: 'web', label: 'deploy.resources.limits.memory', raw: '"-512m"', text: '-512m' },
        },
      ],
      output: null,
    },
    {
      name: 'memory that is not a byte value',
      code: 'services:\n  web:\n    mem_limit: 1.5 gigs\n',
      errors: [
        {
          messageId: 'notBytes',
          line: 3,
          column: 16,
          data: {
            service: 'web',
            label: 'mem_limit',
            raw: '"1.5 gigs"',
            text: '1.5 gigs',
            error: "invalid size: '1.5 gigs'",
          },
        },
      ],
      output: null,
    },
    {
      name: 'below the engine minimum of 6 MiB, limit and reservation',
      code: 'services:\n  web:\n    mem_reservation: 4m\n    deploy:\n      resources:\n        limits:\n          memory: 512k\n',
      errors: [
        {
          messageId: 'tooSmall',
          line: 3,
          column: 22,
          data: {
            service: 'web',
            label: 'mem_reservation',
            raw: '"4m"',
            text: '4m',
            human: '4 MiB',
            engine: 'Minimum memory reservation allowed is 6MB',
          },
        },
        {
          messageId: 'tooSmall',
          line: 7,
          column: 19,
          data: {
            service: 'web',
            label: 'deploy.resources.limits.memory',
            raw: '"512k"',
            text: '512k',
            human: '512 KiB',
            engine: 'Minimum memory limit allowed is 6MB',
          },
        },
      ],
      output: null,
    },
  ],
});
