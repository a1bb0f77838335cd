/**
 * The status bar item (client/src/status.ts) from the server's kind notification: a template says
 * it is not linted and why (issue 8).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contextStatusFor, statusFor } from '../../client/src/status';

test('a template: "template (not linted)", and the reason in the tooltip', () => {
  const s = statusFor({
    uri: 'file:///c/templates/deployment.yaml',
    kind: 'template',
    reason: 'Helm chart template, under templates/ beside Chart.yaml',
    problems: 0,
  });
  assert.equal(s.text, '$(pulse) Scalewise: template (not linted)');
  assert.match(
    s.tooltip,
    /^Not linted: a template \(Helm chart template, under templates\/ beside Chart\.yaml\)\. Its text becomes YAML only when it is rendered/,
  );
});

test('a linted kind and a file that is not ours keep their texts', () => {
  assert.deepEqual(
    statusFor({ uri: 'file:///w/compose.yaml', kind: 'compose', reason: 'Compose file name', problems: 1 }),
    {
      text: '$(pulse) Scalewise: compose',
      tooltip: 'Checked as compose (Compose file name); 1 finding. Click for the output channel.',
    },
  );
  assert.equal(statusFor(undefined).text, '$(pulse) Scalewise');
  assert.equal(
    statusFor({ uri: 'file:///w/x.yaml', kind: 'none', reason: 'no known shape', problems: 0 }).text,
    '$(pulse) Scalewise',
  );
});

test('the contexts item: Kubernetes context/namespace and Docker context; a Scalewise-only context says so', () => {
  assert.equal(contextStatusFor({ trusted: false }), undefined);
  assert.equal(
    contextStatusFor({ trusted: true, kubernetesMissing: 'no kubeconfig', dockerMissing: 'no docker' }),
    undefined,
  );
  assert.deepEqual(
    contextStatusFor({
      trusted: true,
      kubernetes: { context: 'prod', namespace: 'web', scalewiseOnly: false, kubeconfigContext: 'prod' },
      docker: { context: 'default' },
    }),
    {
      text: '$(cloud) prod/web  $(server) default',
      tooltip:
        "Kubernetes: prod, namespace web (the kubeconfig's current-context).\nDocker context: default.\nClick to switch.",
    },
  );
  assert.deepEqual(
    contextStatusFor({
      trusted: true,
      kubernetes: { context: 'staging', namespace: 'default', scalewiseOnly: true, kubeconfigContext: 'prod' },
      dockerMissing: 'docker is not installed (not found on PATH)',
    }),
    {
      text: '$(cloud) staging/default',
      tooltip:
        'Kubernetes: staging, namespace default, for Scalewise only (kubectl still uses prod).\n' +
        'Docker: docker is not installed (not found on PATH).\nClick to switch.',
    },
  );
});
