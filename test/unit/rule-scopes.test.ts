/**
 * What "a rule reads more than its scope" means (engine/scope.ts), case by case on small rules
 * written here, and the k3s case the declared scopes got wrong: a drop-in linted alone and with
 * the `config.yaml` that sets its mask.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  emptyWorkspace,
  lint,
  RULES,
  type ObservedReads,
  type RuleContext,
  type WorkspaceFacts,
} from '../../server/src/engine';
import { composeServices } from '../../server/src/engine/model/compose';
import { ruleModels } from '../../server/src/engine/models';
import { parseFile } from '../../server/src/engine/parse';
import { ReadRecorder, withinScope } from '../../server/src/engine/scope';
import { defaultConfig } from '../../server/src/engine/config';
import { getPair, keyRange } from '../../server/src/engine/yaml-ast';

type Ctx = RuleContext<string>;

/** Runs `check` as lint() runs a rule that records, and says what it read. */
function observe(
  text: string,
  check: (ctx: Ctx) => void,
  ws: WorkspaceFacts = emptyWorkspace(),
  uri = '/repo/compose.yaml',
): ObservedReads {
  const file = parseFile(uri, text);
  const recorder = new ReadRecorder(file);
  const kind = uri.includes('k3s') ? 'k3s-config' : 'compose';
  check({
    file: recorder.fileView(),
    kind,
    config: defaultConfig(),
    workspace: recorder.workspaceView(ws),
    models: ruleModels(file, kind, ws, recorder),
    report: (d) => recorder.report(d.range),
    hint: () => {},
    message: () => '',
  });
  return recorder.observed;
}

const TWO = 'services:\n  web:\n    image: nginx\n  db:\n    image: postgres\n';
const imageRange = (ctx: Ctx, i: number) => keyRange(getPair(ctx.models.compose[i]!.map, 'image')!);

describe('observed scope', () => {
  test('one service at a time, reporting inside it: service', () => {
    const seen = observe(TWO, (ctx) => {
      for (const svc of ctx.models.compose) ctx.report({ messageId: 'x', range: keyRange(getPair(svc.map, 'image')!) });
    });
    assert.deepEqual(seen.scope, 'service', seen.why);
  });

  test('coming back to a service after reading another (a comparison): document', () => {
    const seen = observe(TWO, (ctx) => {
      const [web, db] = ctx.models.compose;
      if (web!.name !== db!.name) ctx.report({ messageId: 'x', range: imageRange(ctx, 0) });
    });
    assert.equal(seen.scope, 'document');
    assert.match(seen.why, /came back to "web" after reading "db"/);
  });

  test('a report outside the service read last: document', () => {
    const seen = observe(TWO, (ctx) => {
      const web = ctx.models.compose[0]!;
      void web.name;
      ctx.report({ messageId: 'x', range: { start: 0, end: 8 } });
    });
    assert.equal(seen.scope, 'document');
    assert.match(seen.why, /reported outside "web"/);
  });

  test('a report inside the anchor a service merges is still about the service', () => {
    const text = 'x-base: &base\n  image: nginx\nservices:\n  web:\n    <<: *base\n';
    const seen = observe(text, (ctx) => {
      for (const svc of ctx.models.compose)
        if (svc.name === 'web')
          ctx.report({ messageId: 'x', range: { start: text.indexOf('image'), end: text.indexOf('image') + 5 } });
    });
    assert.equal(seen.scope, 'service', seen.why);
  });

  test('reading a document of ctx.file.documents itself: document', () => {
    const seen = observe('version: "3"\nservices: {}\n', (ctx) => void ctx.file.documents[0]!.root);
    assert.equal(seen.scope, 'document');
  });

  test('coming back to a document after reading another one: file', () => {
    const seen = observe('a: 1\n---\nb: 2\n', (ctx) => {
      const docs = ctx.file.documents;
      void docs[0]!.root;
      void docs[1]!.root;
      void docs[0]!.root;
    });
    assert.equal(seen.scope, 'file');
  });

  test('handing ctx.file to a model reader instead of reading ctx.models: file', () => {
    const seen = observe(TWO, (ctx) => void composeServices(ctx.file));
    assert.equal(seen.scope, 'file');
    assert.match(seen.why, /model reader \(compose\)/);
  });

  test('any property of ctx.workspace, or a model built from it: workspace', () => {
    assert.equal(observe(TWO, (ctx) => void ctx.workspace.scaleCommands).scope, 'workspace');
    const k3s = observe(
      'kubelet-arg: [max-pods=500]\n',
      (ctx) => void ctx.models.k3sSettings,
      emptyWorkspace(),
      '/etc/rancher/k3s/config.yaml.d/10-pods.yaml',
    );
    assert.equal(k3s.scope, 'workspace');
    assert.match(k3s.why, /ctx\.models\.k3sSettings/);
  });

  test('a rule cannot change a shared model', () => {
    assert.throws(() => observe(TWO, (ctx) => void ctx.models.compose.pop()), TypeError);
    assert.throws(
      () => observe(TWO, (ctx) => void Object.assign(ctx.models.compose[0]!, { name: 'x' })),
      /every rule shares/,
    );
  });

  test('scopes nest: a rule may read less than it declares, never more', () => {
    assert.ok(withinScope('service', 'workspace'));
    assert.ok(withinScope('document', 'document'));
    assert.ok(!withinScope('workspace', 'file'));
    assert.ok(!withinScope('document', 'service'));
  });
});

describe('the k3s scopes', () => {
  const CONFIG = '/etc/rancher/k3s/config.yaml';
  const DROPIN = '/etc/rancher/k3s/config.yaml.d/10-pods.yaml';
  const text = 'kubelet-arg+:\n  - max-pods=500\n';
  const only = ['k3s/max-pods-exceeds-node-cidr'];

  test('a drop-in alone reports; with config.yaml setting the mask, nothing: the rule reads the workspace and says so', () => {
    const alone = lint(text, { uri: DROPIN, only, recordReads: true });
    assert.deepEqual(
      alone.findings.map((f) => f.ruleId),
      only,
    );
    const ws = {
      ...emptyWorkspace(),
      k3sConfigFiles: [{ path: CONFIG, text: 'kube-controller-manager-arg:\n  - node-cidr-mask-size=23\n' }],
    };
    const withConfig = lint(text, { uri: DROPIN, only, workspace: ws, recordReads: true });
    assert.deepEqual(withConfig.findings, []);
    // Same text, other findings: a cache keyed on this file alone would show a stale error.
    assert.equal(withConfig.reads?.[only[0]!]?.scope, 'workspace');
    const rule = RULES.find((r) => r.meta.id === only[0])!;
    assert.equal(rule.meta.scope, 'workspace');
  });
});
