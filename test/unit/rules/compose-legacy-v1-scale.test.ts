import rule from '../../../server/src/engine/rules/compose-legacy-v1-scale';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester(rule, {
  valid: [
    { name: 'docker compose (v2) with --scale', file: '/w/scale.sh', code: 'docker compose up -d --scale web=3\n' },
    {
      name: 'docker-compose without a scale, then the v2 form with one',
      file: '/w/up.sh',
      code: 'docker-compose up -d\ndocker compose up -d --scale web=2\n',
    },
    { name: 'docker service scale', file: '/w/scale.sh', code: 'docker service scale prod_web=3\n' },
    {
      name: 'a Makefile with the v2 form',
      file: '/w/Makefile',
      code: 'scale:\n\t@docker compose -f a.yml up -d --scale web=$(N)\n',
    },
  ],
  invalid: [
    {
      name: 'docker-compose up --scale in a script',
      file: '/w/scale.sh',
      code: '#!/bin/sh\ndocker-compose up -d --scale web=3\n',
      errors: [{ messageId: 'legacy', line: 2, column: 1, endLine: 2, endColumn: 15, severity: 'hint' }],
      output: null,
      suggestions: ['#!/bin/sh\ndocker compose up -d --scale web=3\n'],
      suggestionsResolve: true,
    },
    {
      name: 'docker-compose scale (the v1 subcommand), two services: one finding',
      file: '/w/Makefile',
      code: 'scale:\n\t@docker-compose -f prod.yml scale web=3 worker=2\n',
      errors: [{ messageId: 'legacyScaleSubcommand', line: 2, column: 3, endLine: 2, endColumn: 17, severity: 'hint' }],
      output: null,
      suggestions: ['scale:\n\t@docker compose -f prod.yml scale web=3 worker=2\n'],
      suggestionsResolve: true,
    },
    {
      name: 'through a variable: the finding is on the service, with no fix',
      file: '/w/Makefile',
      code: 'DC ?= docker-compose\nscale:\n\t$(DC) up -d --scale web=3\n',
      errors: [{ messageId: 'legacyVariable', line: 3, column: 22, endLine: 3, endColumn: 25, severity: 'hint' }],
      output: null,
    },
    {
      name: 'a README with the Polis placeholder count',
      file: '/w/README.md',
      code: 'Run `docker-compose up --scale server=N`.\n',
      errors: [{ messageId: 'legacy', line: 1, column: 6, endLine: 1, endColumn: 20, severity: 'hint' }],
      output: null,
      suggestions: ['Run `docker compose up --scale server=N`.\n'],
      suggestionsResolve: true,
    },
  ],
});
