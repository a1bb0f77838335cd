/**
 * YAML merge keys (`<<: *anchor`, `<<: [*a, *b]`) and aliases as the tools read them (go-yaml v3,
 * so compose-go, kubectl, helm, k3s): models see the merged values, findings point where the value
 * is written, and a fix inside an anchor that aliases share says so and is never applied in bulk.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyEdits, lint } from '../../server/src/engine';
import { composeServices, effectiveReplicas } from '../../server/src/engine/model/compose';
import { fixFile } from '../../server/src/engine/fix-file';
import { checkEdits, shapeOf } from '../../server/src/engine/fix-guard';
import { parseFile } from '../../server/src/engine/parse';
import { emptyWorkspace } from '../../server/src/engine/scale-commands';
import { deref, get, getPair, keyText, pairs } from '../../server/src/engine/yaml-ast';
import { paragraph, yaml } from '../../server/src/engine/template-text';

const ISSUE_EXAMPLE = yaml`
  x-scaled: &scaled {deploy: {replicas: 3}}
  services:
    web:
      <<: *scaled
      image: nginx
      container_name: web
      ports:
        - "8080:80"
`;
const INLINE =
  'services:\n  web:\n    deploy: {replicas: 3}\n    image: nginx\n    container_name: web\n    ports:\n      - "8080:80"\n';

const rulesOf = (text: string) => lint(text, { uri: '/repo/compose.yaml' }).findings.map((f) => f.ruleId);

describe('merge keys in the models', () => {
  test('a service that merges its replicas finds what the same service written inline finds', () => {
    assert.deepEqual(rulesOf(ISSUE_EXAMPLE), rulesOf(INLINE));
    assert.ok(rulesOf(INLINE).length >= 3, `inline findings: ${rulesOf(INLINE).join(', ')}`);
  });

  test('keys written in the map win, then the merged maps in order; the merge key itself is not a pair', () => {
    const file = parseFile(
      '/repo/compose.yaml',
      yaml`
      x-a: &a {scale: 2, image: a}
      x-b: &b {scale: 5, image: b, user: b}
      services:
        web:
          <<: [*a, *b]
          image: own
    `,
    );
    const [web] = composeServices(file);
    const doc = web!.doc;
    assert.deepEqual(
      pairs(web!.map).map((p) => `${keyText(p)}=${String((deref(p.value, doc) as { value?: unknown }).value)}`),
      ['image=own', 'scale=2', 'user=b'],
    );
    assert.equal(effectiveReplicas(web!, emptyWorkspace()).count, 2);
    assert.equal(getPair(web!.map, '<<'), null);
  });

  test('a quoted "<<" is an ordinary key, not a merge (go-yaml isMerge)', () => {
    const file = parseFile('/repo/compose.yaml', 'x-a: &a {scale: 3}\nservices:\n  web:\n    "<<": *a\n');
    const [web] = composeServices(file);
    assert.equal(get(web!.map, 'scale', web!.doc), null);
  });

  test('an alias refers to the nearest anchor of its name before it', () => {
    const file = parseFile('/repo/x.yaml', 'a: &x 1\nb: *x\nc: &x 2\nd: *x\n');
    const d = file.documents[0]!;
    const root = d.root as never;
    assert.deepEqual(
      ['b', 'd'].map((k) => (get(root, k, d.doc) as { value?: unknown }).value),
      [1, 2],
    );
  });

  test('a map that merges itself through an alias does not loop', () => {
    const file = parseFile('/repo/compose.yaml', 'services:\n  web: &w\n    scale: 2\n    <<: *w\n');
    const [web] = composeServices(file);
    assert.deepEqual(pairs(web!.map).map(keyText), ['scale']);
  });
});

describe('fixes through a shared anchor', () => {
  const SHARED =
    'x-web: &web\n  image: nginx\n  container_name: web\n  deploy:\n    replicas: 2\nservices:\n  a:\n    <<: *web\n  b:\n    <<: *web\n';

  test('the fix says it changes the anchor and how many places use it, and is only a suggestion', () => {
    const findings = lint(SHARED, {
      uri: '/repo/compose.yaml',
      only: ['compose/container-name-blocks-scale'],
    }).findings;
    assert.equal(findings.length, 2);
    for (const f of findings) {
      assert.deepEqual(
        f.fixes.map((x) => [x.safety, x.title]),
        [
          [
            'suggestion',
            paragraph(
              'Remove container_name (scripts and other files that use this name must then use the service name)',
              '(changes the anchor &web used by 2 places)',
            ),
          ],
        ],
      );
      assert.deepEqual(
        f.fixes[0]!.edits.map((e) => e.anchors),
        [['web']],
      );
    }
  });

  test('a safe fix inside a shared anchor is not applied by --fix / fix-all', () => {
    const text =
      'x-base: &base\n  scale: 2\n  deploy: {replicas: 2}\nservices:\n  a:\n    <<: *base\n  b:\n    <<: *base\n';
    const relint = (t: string) => lint(t, { uri: '/repo/compose.yaml' });
    const findings = relint(text).findings.filter((f) => f.ruleId === 'compose/scale-replicas-disagree');
    assert.equal(findings.length, 2);
    assert.ok(
      findings.every((f) =>
        f.fixes.every(
          (x) => x.safety === 'suggestion' && x.title.endsWith('(changes the anchor &base used by 2 places)'),
        ),
      ),
    );
    const outcome = fixFile(text, relint);
    assert.equal(outcome.text, text);
    assert.deepEqual(outcome.applied, []);
  });

  test('the same fix in a service of its own stays as it was', () => {
    const text = 'services:\n  a:\n    scale: 2\n    deploy: {replicas: 2}\n';
    const [f] = lint(text, { uri: '/repo/compose.yaml', only: ['compose/scale-replicas-disagree'] }).findings;
    assert.deepEqual(
      f!.fixes.map((x) => [x.safety, x.title.includes('anchor')]),
      [['safe', false]],
    );
  });

  test('the guard lets the aliases change only when the edit declares their anchor', () => {
    const [f] = lint(SHARED, { uri: '/repo/compose.yaml', only: ['compose/container-name-blocks-scale'] }).findings;
    const edits = f!.fixes[0]!.edits;
    const before = shapeOf(parseFile('/repo/compose.yaml', SHARED));
    const after = shapeOf(parseFile('/repo/compose.yaml', applyEdits(SHARED, edits)));
    assert.deepEqual(checkEdits(before, after, edits), { ok: true });
    const undeclared = edits.map(({ anchors: _a, ...e }) => e);
    const verdict = checkEdits(before, after, undeclared);
    assert.equal(verdict.ok, false);
    assert.match(verdict.reason ?? '', /services\.[ab]\.<< would change/);
  });
});
