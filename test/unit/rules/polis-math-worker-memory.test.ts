import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyWorkspace, lint, mergeConfig, scanCommands } from '../../../server/src/engine';
import rule from '../../../server/src/engine/rules/polis-math-worker-memory';
import { ruleTester } from '../../helpers/rule-tester';

const SERVER = '  server:\n    image: docker.io/compdem/polis-server:dev\n';
const math = (extra: string, image = 'docker.io/compdem/polis-math:${TAG:-dev}') =>
  `services:\n${SERVER}  math:\n    image: ${image}\n${extra}`;
const limit = (value: string) => `    deploy:\n      resources:\n        limits:\n          memory: ${value}\n`;

/** 30,000 × 3,000 (the docs' "tens of thousands … thousands"): 1 GiB + 9e7 × 256 B ≈ 22.46 GiB. */
const BIG = mergeConfig({ polis: { participants: 30000, comments: 3000 } });
const BIG_DATA = { service: 'math', participants: '30,000', comments: '3,000', estimate: '22.46 GiB', perCell: 256 };
const scaledByScript = scanCommands('/w/scale.sh', 'docker compose up -d --scale math=2', emptyWorkspace());

ruleTester(rule, {
  valid: [
    { name: 'no conversation size configured', code: math(limit('4g')) },
    { name: 'a limit above the estimate', config: BIG, code: math(limit('24g')) },
    { name: 'no limit: only the sizing lens', config: BIG, code: math('') },
    {
      name: 'a small conversation fits in 4g',
      config: mergeConfig({ polis: { participants: 2000, comments: 300 } }),
      code: math(limit('4g')),
    },
    {
      name: 'a service named math outside Polis',
      config: BIG,
      code: 'services:\n  math:\n    image: example/math\n    scale: 3\n',
    },
    { name: 'a variable limit is unknown', config: BIG, code: math(limit('${MATH_MEMORY}')) },
  ],
  invalid: [
    {
      name: 'the example: 4g for 30,000 × 3,000',
      config: BIG,
      code: math(limit('4g')),
      errors: [
        {
          messageId: 'undersized',
          line: 9,
          column: 19,
          endLine: 9,
          endColumn: 21,
          data: { ...BIG_DATA, limit: '4 GiB' },
        },
      ],
      output: null,
      suggestions: [math(limit('23g'))],
      suggestionsResolve: true,
    },
    {
      name: 'sizing.polis.* is read too; mem_limit; the service found by name',
      config: mergeConfig({ sizing: { 'polis.participants': 30000, 'polis.comments': 3000 } }),
      code: math('    mem_limit: 8gb\n', 'docker.io/example/polis-math-fork:1'),
      errors: [{ messageId: 'undersized', line: 6, column: 16, data: { ...BIG_DATA, limit: '8 GiB' } }],
      output: null,
      suggestions: [math('    mem_limit: 23g\n', 'docker.io/example/polis-math-fork:1')],
    },
    {
      name: 'scale: 2 on the math worker',
      code: math('    scale: 2\n'),
      errors: [{ messageId: 'scaled', line: 6, column: 12, data: { service: 'math', count: 2, why: 'scale: 2' } }],
      output: null,
    },
    {
      name: '--scale math=2 in a script, and undersized',
      config: BIG,
      workspace: scaledByScript,
      file: '/w/docker-compose.yml',
      code: math(limit('"16G"')),
      errors: [
        {
          messageId: 'scaled',
          line: 4,
          column: 3,
          data: { service: 'math', count: 2, why: '--scale math=2 in scale.sh:1' },
        },
        { messageId: 'undersized', line: 9, column: 19, data: { ...BIG_DATA, limit: '16 GiB' } },
      ],
      output: null,
    },
  ],
});

describe('polis/math-worker-memory sizing lens', () => {
  test('the estimate is shown above the math service, with or without a limit', () => {
    const result = lint(math(''), { uri: 'compose.yaml', config: BIG, only: ['polis/math-worker-memory'] });
    assert.deepEqual(
      result.hints.filter((h) => h.title.startsWith('Polis math')).map((h) => h.title),
      ['Polis math: 30,000 participants × 3,000 comments ≈ 22.46 GiB (estimate)'],
    );
  });
});
