import { mergeConfig } from '../../../server/src/engine';
import rule from '../../../server/src/engine/rules/polarway-unbounded-worker';
import { ruleTester } from '../../helpers/rule-tester';

const IMAGE = 'registry.example.invalid/polarway/polarway-grpc:0.53';
const COMMENT = '# scalewise: placeholder; size for the DataFrames a worker holds (handles live 3600 s)';
const DATA = { service: 'worker', ttl: 3600 };

ruleTester(rule, {
  valid: [
    { name: 'deploy.resources.limits.memory', code: `services:\n  worker:\n    image: ${IMAGE}\n    deploy:\n      resources:\n        limits:\n          memory: 4g\n` },
    { name: 'mem_limit counts too', code: `services:\n  worker:\n    image: ${IMAGE}\n    mem_limit: 4g\n` },
    { name: 'not a Polarway worker', code: 'services:\n  envoy:\n    image: envoyproxy/envoy:v1.31-latest\n' },
    { name: 'scaled with no limits at all: compose/missing-resource-limits reports it', code: `services:\n  worker:\n    image: ${IMAGE}\n    scale: 3\n` },
  ],
  invalid: [
    {
      name: 'no deploy at all',
      code: `services:\n  worker:\n    image: ${IMAGE}\n`,
      errors: [{ messageId: 'unbounded', line: 2, column: 3, endLine: 2, endColumn: 9, data: DATA }],
      output: null,
      suggestions: [`services:\n  worker:\n    image: ${IMAGE}\n    deploy:\n      resources:\n        limits: ${COMMENT}\n          memory: 2g\n`],
      suggestionsResolve: true,
    },
    {
      name: 'a cpus limit but no memory limit, scaled: merged into the existing limits',
      code: `services:\n  worker:\n    image: ${IMAGE}\n    deploy:\n      replicas: 3\n      resources:\n        limits:\n          cpus: "2"\n`,
      errors: [{ messageId: 'unbounded', line: 2, column: 3, data: DATA }],
      output: null,
      suggestions: [`services:\n  worker:\n    image: ${IMAGE}\n    deploy:\n      replicas: 3\n      resources:\n        limits:\n          cpus: "2"\n          memory: 2g ${COMMENT}\n`],
      suggestionsResolve: true,
    },
    {
      name: 'scaled with no limits, and compose/missing-resource-limits turned off',
      config: mergeConfig({ rules: { 'compose/missing-resource-limits': 'off' } }),
      code: `services:\n  worker:\n    image: ${IMAGE}\n    scale: 3\n`,
      errors: [{ messageId: 'unbounded', line: 2, column: 3, data: DATA }],
      output: null,
      suggestions: [`services:\n  worker:\n    image: ${IMAGE}\n    scale: 3\n    deploy:\n      resources:\n        limits: ${COMMENT}\n          memory: 2g\n`],
    },
    {
      name: 'found by its POLARWAY_* environment',
      code: `services:\n  worker:\n    image: example/df:1\n    environment: [POLARWAY_BIND_ADDRESS=0.0.0.0:50052]\n`,
      errors: [{ messageId: 'unbounded', line: 2, column: 3, data: DATA }],
      output: null,
      suggestions: [`services:\n  worker:\n    image: example/df:1\n    environment: [POLARWAY_BIND_ADDRESS=0.0.0.0:50052]\n    deploy:\n      resources:\n        limits: ${COMMENT}\n          memory: 2g\n`],
    },
  ],
});
