/**
 * Tests over the whole registry (typescript-eslint tests/docs.test.ts, ESLint check-rule-examples):
 * order, file names, complete docs, examples that behave as labelled, an honest fixable flag,
 * and generated pages that match the metadata.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  docsUrl,
  FILE_KINDS,
  lint,
  mergeConfig,
  renderRuleDoc,
  ruleFileName,
  RULES,
  RULES_BY_ID,
  SEVERITIES,
  type Rule,
} from '../../server/src/engine';
import { DOCS_BASE } from '../../server/src/engine/define-rule';
import { inAChart } from '../helpers/rule-tester';

const ROOT = path.resolve(__dirname, '../../..');
const RULES_DIR = path.join(ROOT, 'server/src/engine/rules');
const DOCS_DIR = path.join(ROOT, 'docs/rules');

/** The bad example as linted: padded with `#` lines to `badSize` when the page can only show its head. */
function badText(rule: Rule): string {
  const { bad, badSize } = rule.meta.docs;
  if (badSize === undefined || bad.length >= badSize) return bad;
  const lines = '#\n'.repeat(Math.ceil((badSize - bad.length) / 2));
  return bad + lines;
}

/** Lints a doc example the way the docs page presents it: its file name, its config, inside a chart. */
function lintExample(rule: Rule, text: string, only: boolean) {
  return lint(text, {
    uri: rule.meta.docs.exampleFile ?? 'example.yaml',
    config: mergeConfig(rule.meta.docs.exampleConfig ?? {}),
    ...(rule.meta.docs.exampleWorkspace ? { workspace: rule.meta.docs.exampleWorkspace } : {}),
    exists: inAChart,
    schemaDiagnostics: true,
    ...(only ? { only: [rule.meta.id] } : {}),
    onRuleError: (id, err) => {
      throw new Error(`rule ${id} threw on the ${rule.meta.id} example: ${String(err)}`);
    },
  });
}

describe('registry', () => {
  const ids = RULES.map((r) => r.meta.id);

  test('ids are sorted and unique', () => {
    assert.deepEqual(ids, [...ids].sort(), 'RULES is sorted by id');
    assert.equal(new Set(ids).size, ids.length, 'no duplicate ids');
    assert.equal(RULES_BY_ID.size, RULES.length);
    for (const r of RULES) assert.equal(RULES_BY_ID.get(r.meta.id), r);
  });

  test('ids are family/kebab-case', () => {
    for (const id of ids) assert.match(id, /^[a-z0-9]+\/[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  test('one file per rule, named after its id, declaring that id', () => {
    const files = readdirSync(RULES_DIR)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .sort();
    assert.deepEqual(
      files,
      ids.map((id) => `${ruleFileName(id)}.ts`).sort(),
      'rules/ holds exactly the registered rules',
    );
    for (const id of ids) {
      const source = readFileSync(path.join(RULES_DIR, `${ruleFileName(id)}.ts`), 'utf8');
      assert.match(
        source,
        new RegExp(`\\bid: '${id.replace(/[/-]/g, '\\$&')}'`),
        `${ruleFileName(id)}.ts declares id ${id}`,
      );
    }
  });

  test('the registry imports every rule file, in order', () => {
    const index = readFileSync(path.join(RULES_DIR, 'index.ts'), 'utf8');
    const imported = [...index.matchAll(/from '\.\/([a-z0-9-]+)'/g)].map((m) => m[1]);
    assert.deepEqual(imported, ids.map(ruleFileName));
  });

  test('ruleFileName and docsUrl derive from the id', () => {
    assert.equal(ruleFileName('compose/container-name-blocks-scale'), 'compose-container-name-blocks-scale');
    assert.equal(docsUrl('a/b-c'), `${DOCS_BASE}a-b-c.md`);
  });
});

for (const rule of RULES) {
  const { meta } = rule;
  describe(meta.id, () => {
    test('metadata is complete', () => {
      const d = meta.docs;
      for (const field of ['summary', 'why', 'bad', 'good'] as const) {
        assert.ok(typeof d[field] === 'string' && d[field].trim().length > 0, `docs.${field} is set`);
      }
      assert.ok(d.sources.length >= 1, 'at least one source');
      for (const s of d.sources) assert.ok(s.trim().length > 0, 'no empty source');
      assert.notEqual(d.bad, d.good, 'bad and good differ');
      assert.ok(meta.kinds.length > 0, 'applies to at least one kind');
      for (const k of meta.kinds) assert.ok((FILE_KINDS as readonly string[]).includes(k), `kind ${k} is known`);
      assert.ok(SEVERITIES.includes(meta.defaultSeverity));
      assert.ok(['service', 'document', 'file', 'workspace'].includes(meta.scope));
      assert.ok(Object.keys(meta.messages).length > 0, 'has messages');
      if (meta.docs.fixNotes !== undefined) assert.ok(meta.fixable, 'fixNotes on a rule that never fixes');
      for (const id of meta.supersededBy ?? []) {
        const by = RULES.find((r) => r.meta.id === id);
        assert.ok(by && id !== meta.id, `supersededBy ${id} names another rule`);
        assert.ok(
          by.meta.kinds.some((k) => meta.kinds.includes(k)),
          `supersededBy ${id} runs on a kind this rule runs on`,
        );
      }
    });

    test('docsUrl is derived from the id', () => {
      assert.equal(meta.docsUrl, docsUrl(meta.id));
      assert.ok(meta.docsUrl.endsWith(`/${ruleFileName(meta.id)}.md`));
    });

    test('the bad example is reported, with well-formed messages', () => {
      const result = lintExample(rule, badText(rule), true);
      assert.ok(
        (meta.kinds as readonly string[]).includes(result.kind),
        `bad example detected as ${result.kind} (${result.kindReason})`,
      );
      assert.ok(result.findings.length >= 1, `no ${meta.id} finding on the bad example`);
      for (const f of result.findings) {
        assert.equal(f.ruleId, meta.id);
        assert.ok(f.messageId in meta.messages);
        assert.doesNotMatch(f.message, /\bundefined\b|\bNaN\b|\[object Object\]/, 'message renders all its data');
      }
    });

    test('the good example is clean, for every rule', () => {
      const result = lintExample(rule, meta.docs.good, false);
      assert.ok(
        (meta.kinds as readonly string[]).includes(result.kind),
        `good example detected as ${result.kind} (${result.kindReason})`,
      );
      assert.deepEqual(
        result.findings.map((f) => `${f.ruleId}: ${f.message}`),
        [],
      );
    });

    test('meta.fixable matches the fixes on the bad example', () => {
      const fixes = lintExample(rule, badText(rule), true).findings.flatMap((f) => f.fixes);
      if (meta.fixable === undefined) {
        assert.deepEqual(fixes, [], 'fixes offered but meta.fixable is not set');
      } else {
        assert.ok(fixes.length > 0, `meta.fixable is ${meta.fixable} but the bad example gets no fix`);
        const strongest = fixes.some((x) => x.safety === 'safe') ? 'safe' : 'suggestion';
        assert.equal(strongest, meta.fixable, 'meta.fixable names the strongest fix offered');
      }
    });

    test('docs/rules page matches the metadata (npm run docs regenerates it)', () => {
      const file = path.join(DOCS_DIR, `${ruleFileName(meta.id)}.md`);
      assert.ok(existsSync(file), `${path.relative(ROOT, file)} is missing; run npm run docs`);
      assert.equal(
        readFileSync(file, 'utf8'),
        renderRuleDoc(rule),
        `${path.relative(ROOT, file)} is stale; run npm run docs`,
      );
    });
  });
}

test('docs/rules/README.md lists every rule', () => {
  const index = readFileSync(path.join(DOCS_DIR, 'README.md'), 'utf8');
  for (const id of RULES.map((r) => r.meta.id))
    assert.ok(index.includes(`[${id}](${ruleFileName(id)}.md)`), `README lists ${id}`);
  const pages = readdirSync(DOCS_DIR).filter((f) => f !== 'README.md');
  assert.deepEqual(
    pages.sort(),
    RULES.map((r) => `${ruleFileName(r.meta.id)}.md`).sort(),
    'no page for a rule that no longer exists',
  );
});
