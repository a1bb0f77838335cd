/** Kind detection (engine/detect.ts): file names, content, modelines, `kinds` globs, language ids. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { emptyWorkspace, mergeConfig, scanCommands, type KindOrNone } from '../../server/src/engine';
import { check, kindOf, SERVICES } from '../helpers/engine-check';

describe('kind detection', () => {
  const byName: [string, KindOrNone][] = [
    ['compose.yaml', 'compose'],
    ['compose.yml', 'compose'],
    ['/w/compose.override.yaml', 'compose'],
    ['docker-compose.yml', 'compose'],
    ['docker-compose.prod.yml', 'compose'],
    ['/srv/app/Docker-Compose.YAML', 'compose'],
    ['file:///w/docker-compose.yaml', 'compose'],
  ];
  for (const [uri, kind] of byName) {
    test(`${uri} is ${kind} by its name, whatever it holds`, () => {
      assert.equal(kindOf(uri, 'x: 1\n'), kind);
    });
  }

  test('a YAML file with a top-level services: map is Compose', () => {
    const result = check(SERVICES, { uri: '/w/app.yaml' });
    assert.equal(result.kind, 'compose');
    assert.equal(result.kindReason, 'top-level services:');
  });

  test('services: as a list, or nested, is not Compose', () => {
    assert.equal(kindOf('/w/app.yaml', 'services:\n  - web\n'), 'none');
    assert.equal(kindOf('/w/app.yaml', 'app:\n  services:\n    web: {}\n'), 'none');
    assert.equal(kindOf('/w/notes.yaml', 'title: hello\n'), 'none');
  });

  test('values.yaml is Helm values only beside a Chart.yaml', () => {
    const values = 'replicaCount: 2\n';
    const asked: string[] = [];
    const chartIn = (dir: string) => (p: string) => {
      asked.push(p);
      return p === `${dir}/Chart.yaml`;
    };
    assert.equal(kindOf('/c/values.yaml', values), 'none', 'without exists, no way to know');
    assert.equal(kindOf('/c/values.yaml', values, { exists: () => false }), 'none');
    assert.equal(kindOf('/c/values.yaml', values, { exists: chartIn('/c') }), 'helm-values');
    assert.ok(asked.includes('/c/Chart.yaml'), 'looked for /c/Chart.yaml');
    assert.equal(kindOf('/c/values-prod.yml', values, { exists: chartIn('/c') }), 'helm-values');
    assert.equal(kindOf('/c/values.yaml', values, { exists: (p) => p === '/c/Chart.yml' }), 'helm-values');
    assert.equal(kindOf('/c/values.yaml', values, { exists: chartIn('/other') }), 'none');
    assert.equal(kindOf('/c/my-values.yaml', values, { exists: chartIn('/c') }), 'none', 'only values*.yaml');
  });

  test('RunaiConfig by apiVersion and kind', () => {
    assert.equal(kindOf('/w/cluster.yaml', 'apiVersion: run.ai/v1\nkind: RunaiConfig\n'), 'runai-config');
    assert.equal(kindOf('/w/cluster.yaml', 'apiVersion: other/v1\nkind: RunaiConfig\n'), 'kubernetes');
    assert.equal(
      kindOf('/w/cluster.yaml', 'apiVersion: v1\nkind: ConfigMap\n---\napiVersion: run.ai/v1\nkind: RunaiConfig\n'),
      'runai-config',
    );
  });

  test('k3s config paths', () => {
    assert.equal(kindOf('/etc/rancher/k3s/config.yaml', 'cluster-init: true\n'), 'k3s-config');
    assert.equal(kindOf('/etc/rancher/k3s/config.yaml.d/10-x.yaml', 'cluster-init: true\n'), 'k3s-config');
    assert.equal(kindOf('file:///etc/rancher/k3s/config.yaml', 'cluster-init: true\n'), 'k3s-config');
    assert.equal(kindOf('/w/rancher/k3s/config.yaml', 'cluster-init: true\n'), 'k3s-config', 'a copy in a repository');
    assert.equal(kindOf('/w/config.yaml', 'cluster-init: true\n'), 'none');
  });

  test('Kubernetes manifests by apiVersion and kind, in any document', () => {
    assert.equal(kindOf('/w/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\n'), 'kubernetes');
    assert.equal(kindOf('/w/deploy.yaml', '# just a comment\n---\napiVersion: v1\nkind: Service\n'), 'kubernetes');
    assert.equal(kindOf('/w/deploy.yaml', 'kind: Deployment\n'), 'none', 'kind alone is not enough');
  });

  test('shell scripts that install k3s', () => {
    assert.equal(kindOf('/w/install.sh', 'curl -sfL https://get.k3s.io | sh -\n'), 'k3s-install');
    assert.equal(
      kindOf('/w/bootstrap', '#!/bin/bash\ncurl -sfL https://get.k3s.io | sh -s - server\n'),
      'k3s-install',
      'a shebang makes it a script',
    );
    assert.equal(kindOf('/w/Makefile', 'install:\n\tINSTALL_K3S_EXEC="server" ./install.sh\n'), 'k3s-install');
    assert.equal(kindOf('/w/run.sh', 'k3s agent --server https://x:6443\n'), 'k3s-install');
    assert.equal(kindOf('/w/build.sh', 'docker build -t x .\n'), 'none');
    const r = check('curl https://get.k3s.io | sh -\n', { uri: '/w/install.sh' });
    assert.equal(r.file.isYaml, false);
  });

  test('a modeline wins over the name and the content', () => {
    assert.equal(kindOf('compose.yaml', '# scalewise: kind=kubernetes\nservices: {}\n'), 'kubernetes');
    assert.equal(kindOf('compose.yaml', '#scalewise:kind=none\nservices: {}\n'), 'none');
    assert.equal(kindOf('/w/x.yaml', 'a: 1 # scalewise: kind=compose\n'), 'none', 'only a whole-line comment');
    assert.equal(kindOf('/w/x.yaml', '  # scalewise: kind=helm-values\nreplicaCount: 1\n'), 'helm-values');
    assert.equal(
      kindOf('compose.yaml', '# scalewise: kind=nonsense\nservices: {}\n'),
      'compose',
      'an unknown kind is ignored',
    );
    assert.equal(
      kindOf('/w/x.yaml', `${'# filler\n'.repeat(300)}# scalewise: kind=compose\n`),
      'none',
      'only the head of the file counts',
    );
    const r = check('# scalewise: kind=swarm\nservices: {}\n', { uri: 'compose.yaml' });
    assert.equal(r.kindReason, 'modeline');
  });

  test('kinds globs from the config override detection, after the modeline', () => {
    const config = mergeConfig({
      kinds: { 'deploy/*.yml': 'compose', '**/k8s/**/*.yaml': 'kubernetes', 'legacy-compose.yaml': 'none' },
    });
    const r = check('x: 1\n', { uri: '/w/deploy/app.yml', config });
    assert.equal(r.kind, 'compose');
    assert.equal(r.kindReason, 'setting "deploy/*.yml"');
    assert.equal(kindOf('/w/deploy/sub/app.yml', 'x: 1\n', { config }), 'none', '* does not cross folders');
    assert.equal(kindOf('/w/k8s/base/app.yaml', 'x: 1\n', { config }), 'kubernetes');
    assert.equal(kindOf('/w/k8s/app.yaml', 'x: 1\n', { config }), 'kubernetes', '**/ matches no folder too');
    assert.equal(kindOf('/w/legacy-compose.yaml', SERVICES, { config }), 'none');
    assert.equal(kindOf('/w/deploy/app.yml', '# scalewise: kind=kubernetes\n', { config }), 'kubernetes');
  });

  test('kinds globs take classes and braces, and an adversarial one still finishes', () => {
    const config = mergeConfig({
      kinds: {
        'stack-[0-9].yml': 'swarm',
        '{prod,staging}/*.yml': 'compose',
        ['**a'.repeat(30) + '**b']: 'kubernetes',
        ['**/a/'.repeat(30) + '**/b']: 'kubernetes',
      },
    });
    assert.equal(kindOf('/w/stack-1.yml', 'x: 1\n', { config }), 'swarm');
    assert.equal(kindOf('/w/staging/app.yml', 'x: 1\n', { config }), 'compose');
    assert.equal(kindOf(`/w/${'a'.repeat(200)}.yml`, 'x: 1\n', { config }), 'none');
    assert.equal(kindOf(`/w/${'a/'.repeat(200)}x.yml`, 'x: 1\n', { config }), 'none');
    assert.equal(kindOf(`/w/${'a/'.repeat(30)}b`, 'x: 1\n', { config }), 'kubernetes');
  });

  test('a Compose file deployed with docker stack deploy -c is a Swarm stack', () => {
    const workspace = scanCommands('/w/deploy.sh', 'docker stack deploy -c stack.yml x', emptyWorkspace());
    assert.deepEqual(workspace.stackFiles, ['/w/stack.yml']);
    const r = check(SERVICES, { uri: '/w/stack.yml', workspace });
    assert.equal(r.kind, 'swarm');
    assert.match(r.kindReason, /docker stack deploy/);
    assert.equal(
      kindOf('/w/docker-compose.yml', SERVICES, { workspace }),
      'compose',
      'other Compose files stay Compose',
    );
    assert.equal(kindOf('file:///w/stack.yml', SERVICES, { workspace }), 'swarm');
  });

  test('a forced kind skips detection', () => {
    const r = check('x: 1\n', { uri: '/w/anything.txt', kind: 'kubernetes' });
    assert.equal(r.kind, 'kubernetes');
    assert.equal(r.kindReason, 'given');
  });
});
