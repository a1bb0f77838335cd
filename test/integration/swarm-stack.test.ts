/**
 * The Swarm rules, proved with `docker stack deploy` on a real one-node Swarm: the offending stack
 * file is deployed and fails (or is partly ignored) the way the rule says, Scalewise lints it as a
 * stack file (a deploy script beside it runs `docker stack deploy -c`), the fix is applied, and
 * the fixed stack deploys and its service converges. `docker stack deploy` parses the file in the
 * docker CLI, so the texts depend on the client's version; Debian's docker.io brings 20.10.
 * Needs scripts/docker-setup.sh (see README, "Testing").
 */
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { paragraph } from '../../server/src/engine/template-text';
import {
  applyFixToFile,
  describeRun,
  findingsOf,
  IMAGE,
  lintLikeTheWorkspace,
  ok,
  oneFinding,
  pickFix,
  requireSwarm,
  registeredRule,
  shellLine,
  swarmStack,
  waitFor,
  type EngineInfo,
} from '../helpers/docker-engine';

/**
 * `version: "3.8"`: the 20.10 docker client refuses a stack file without it
 * ("unsupported Compose file version: 1.0"); newer clients default to the latest 3.x.
 */
const stackFile = (extra: string, head = `    image: ${IMAGE}\n`): string =>
  `version: "3.8"\nservices:\n  web:\n${head}    command: ["/bin/sleep", "3600"]\n${extra}`;

/** A stack set up for one test: temp folder, lint as the workspace would, removal afterwards. */
function setup(
  t: TestContext,
  tag: string,
): { s: ReturnType<typeof swarmStack>; script: string; lintIt: () => ReturnType<typeof lintLikeTheWorkspace> } {
  const s = swarmStack(t, tag);
  const script = shellLine(s.argv());
  return { s, script, lintIt: () => lintLikeTheWorkspace(s.file, script) };
}

function clientLabel(info: EngineInfo): string {
  return `docker CLI ${info.client}`;
}

describe('swarm/forbidden-option (docker stack deploy)', () => {
  const RULE = registeredRule('swarm/forbidden-option');

  test(
    paragraph(
      'mem_limit stops the deploy: "Compose file contains unsupported options:"; moving it to',
      'deploy.resources.limits.memory deploys and converges 1/1',
    ),
    async (t) => {
      const info = await requireSwarm();
      const { s, lintIt } = setup(t, 'forbidmem');
      s.write(stackFile('    mem_limit: 64m\n'));

      const broken = await s.deploy();
      assert.notEqual(broken.code, 0, describeRun(broken));
      assert.match(
        broken.output,
        /compose file contains unsupported options:\s+mem_limit: Set resource limits using deploy\.resources/i,
        `${clientLabel(info)}:\n${describeRun(broken)}`,
      );
      assert.equal(
        (
          await ok(['docker', 'service', 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${s.name}`])
        ).stdout.trim(),
        '',
        'no service was created',
      );

      const result = lintIt();
      assert.equal(result.kind, 'swarm', 'the deploy script makes it a stack file');
      const finding = oneFinding(result, RULE);
      const text = applyFixToFile(s.file, pickFix(finding, /Move to deploy\.resources\.limits\.memory/));
      assert.deepEqual(findingsOf(lintIt(), RULE), [], text);

      const fixed = await s.deploy();
      assert.equal(fixed.code, 0, `${text}\n${describeRun(fixed)}`);
      assert.doesNotMatch(fixed.output, /unsupported options/i);
      await s.waitConverged('web', 1);
      assert.equal(
        await s.inspect('web', '{{.Spec.TaskTemplate.Resources.Limits.MemoryBytes}}'),
        String(64 * 1024 * 1024),
        'the service is limited to 64 MiB',
      );
    },
  );

  test('cpu_quota: 50000 stops the deploy; the fix writes limits.cpus "0.5" (quota / 100000 µs period) and the service gets 0.5 CPU', async (t) => {
    const info = await requireSwarm();
    const { s, lintIt } = setup(t, 'forbidcpu');
    s.write(stackFile('    cpu_quota: 50000\n'));

    const broken = await s.deploy();
    assert.notEqual(broken.code, 0, describeRun(broken));
    assert.match(
      broken.output,
      /compose file contains unsupported options:\s+cpu_quota: Set resource limits using deploy\.resources/i,
      `${clientLabel(info)}:\n${describeRun(broken)}`,
    );

    const finding = oneFinding(lintIt(), RULE);
    const text = applyFixToFile(s.file, pickFix(finding, /deploy\.resources\.limits\.cpus: "0\.5"/));
    assert.deepEqual(findingsOf(lintIt(), RULE), [], text);

    const fixed = await s.deploy();
    assert.equal(fixed.code, 0, `${text}\n${describeRun(fixed)}`);
    await s.waitConverged('web', 1);
    assert.equal(await s.inspect('web', '{{.Spec.TaskTemplate.Resources.Limits.NanoCPUs}}'), '500000000');
  });
});

describe('swarm/cpus-must-be-string (docker stack deploy)', () => {
  const RULE = registeredRule('swarm/cpus-must-be-string');
  test(
    paragraph(
      'limits.cpus: 0.5 (a YAML number) is refused: "services.web.deploy.resources.limits.cpus must be a',
      'string"; the safe fix quotes it and the stack converges',
    ),
    async (t) => {
      const info = await requireSwarm();
      const { s, lintIt } = setup(t, 'cpusnum');
      s.write(stackFile('    deploy:\n      resources:\n        limits:\n          cpus: 0.5\n'));

      const broken = await s.deploy();
      assert.notEqual(broken.code, 0, describeRun(broken));
      assert.match(
        broken.output,
        /services\.web\.deploy\.resources\.limits\.cpus must be a string/,
        `${clientLabel(info)}:\n${describeRun(broken)}`,
      );

      const finding = oneFinding(lintIt(), RULE);
      const fix = pickFix(finding, /Quote/);
      assert.equal(fix.safety, 'safe');
      const text = applyFixToFile(s.file, fix);
      assert.ok(text.includes('cpus: "0.5"'), text);
      assert.deepEqual(findingsOf(lintIt(), RULE), []);

      const fixed = await s.deploy();
      assert.equal(fixed.code, 0, describeRun(fixed));
      await s.waitConverged('web', 1);
      assert.equal(await s.inspect('web', '{{.Spec.TaskTemplate.Resources.Limits.NanoCPUs}}'), '500000000');
    },
  );
});

describe('swarm/build-without-image (docker stack deploy)', () => {
  const RULE = registeredRule('swarm/build-without-image');
  test('a build-only service cannot be deployed (text depends on the docker CLI); no fix is offered; naming an image deploys', async (t) => {
    const info = await requireSwarm();
    const { s, lintIt } = setup(t, 'buildonly');
    s.write(stackFile('', '    build: .\n'));

    const broken = await s.deploy();
    assert.notEqual(broken.code, 0, describeRun(broken));
    assert.match(broken.output, /Ignoring unsupported options: build/, describeRun(broken));
    if (info.clientMajor >= 23) {
      assert.match(
        broken.output,
        /invalid image reference for service web: no image specified/,
        `${clientLabel(info)} checks before creating anything:\n${describeRun(broken)}`,
      );
    } else {
      // The 20.10 client has no such check: it creates the network and the daemon refuses the service.
      assert.match(
        broken.output,
        /failed to create service .*_web: .*image reference must be provided/,
        `${clientLabel(info)} leaves the check to the daemon:\n${describeRun(broken)}`,
      );
    }

    const finding = oneFinding(lintIt(), RULE);
    assert.deepEqual(finding.fixes, [], "no fix: the image name is the user's registry's");

    // What the message asks for, by hand: an image every node can get (here: the imported one).
    s.write(stackFile('', `    build: .\n    image: ${IMAGE}\n`));
    assert.deepEqual(findingsOf(lintIt(), RULE), []);
    const fixed = await s.deploy();
    assert.equal(fixed.code, 0, describeRun(fixed));
    await s.waitConverged('web', 1);
  });
});

describe('swarm/unsupported-option (docker stack deploy)', () => {
  const RULE = registeredRule('swarm/unsupported-option');
  const policy = '{{.Spec.TaskTemplate.RestartPolicy.Condition}} {{.Spec.TaskTemplate.RestartPolicy.MaxAttempts}}';

  test(
    paragraph(
      'restart: "no" and privileged are ignored ("Ignoring unsupported options: privileged, restart"), the',
      'stack still converges and restarts on any exit; the fix sets deploy.restart_policy.condition: none',
    ),
    async (t) => {
      const info = await requireSwarm();
      const { s, lintIt } = setup(t, 'unsupno');
      s.write(stackFile('    restart: "no"\n    privileged: true\n'));

      const first = await s.deploy();
      assert.equal(first.code, 0, `ignored, not refused:\n${describeRun(first)}`);
      assert.match(
        first.output,
        /Ignoring unsupported options: privileged, restart/,
        `${clientLabel(info)}:\n${describeRun(first)}`,
      );
      await s.waitConverged('web', 1);
      assert.equal(
        await s.inspect('web', policy),
        'any 0',
        'restart: "no" is dropped: Swarm\'s default policy (any) applies',
      );

      const findings = findingsOf(lintIt(), RULE);
      assert.deepEqual(findings.map((f) => f.data?.key).sort(), ['privileged', 'restart']);
      assert.deepEqual(findings.find((f) => f.data?.key === 'privileged')!.fixes, [], 'privileged gets no fix');
      const restart = findings.find((f) => f.data?.key === 'restart')!;
      const text = applyFixToFile(s.file, pickFix(restart, /restart_policy\.condition: none/));
      assert.deepEqual(
        findingsOf(lintIt(), RULE).map((f) => f.data?.key),
        ['privileged'],
        text,
      );

      const fixed = await s.deploy();
      assert.equal(fixed.code, 0, describeRun(fixed));
      assert.match(fixed.output, /Ignoring unsupported options: privileged\s*\n/, describeRun(fixed));
      await s.waitConverged('web', 1);
      assert.equal(await s.inspect('web', policy), 'none 0', 'the policy the file asked for now applies');
    },
  );

  test(
    paragraph(
      "restart: on-failure:3 is reported as ignored, yet the docker CLI converts it to the service's restart",
      'policy (on-failure, 3 attempts); the fix keeps that policy and drops the warning',
    ),
    async (t) => {
      const info = await requireSwarm();
      const { s, lintIt } = setup(t, 'unsupof');
      s.write(stackFile('    restart: on-failure:3\n'));

      const first = await s.deploy();
      assert.equal(first.code, 0, describeRun(first));
      assert.match(
        first.output,
        /Ignoring unsupported options: restart/,
        `${clientLabel(info)}:\n${describeRun(first)}`,
      );
      await s.waitConverged('web', 1);
      assert.equal(
        await s.inspect('web', policy),
        'on-failure 3',
        `${clientLabel(info)} applies restart despite "Ignoring unsupported options: restart"`,
      );

      const finding = oneFinding(lintIt(), RULE);
      const text = applyFixToFile(
        s.file,
        pickFix(finding, /restart_policy\.condition: on-failure and max_attempts: 3/),
      );
      assert.deepEqual(findingsOf(lintIt(), RULE), [], text);

      const fixed = await s.deploy();
      assert.equal(fixed.code, 0, describeRun(fixed));
      assert.doesNotMatch(fixed.output, /Ignoring unsupported options/, describeRun(fixed));
      await s.waitConverged('web', 1);
      assert.equal(await s.inspect('web', policy), 'on-failure 3', 'the same policy, now from deploy.restart_policy');
    },
  );
});

describe('swarm/container-name-ignored (docker stack deploy)', () => {
  const RULE = registeredRule('swarm/container-name-ignored');
  test('container_name is ignored with "Ignoring deprecated options:" and 2 replicas still converge; the safe fix removes it and the warning', async (t) => {
    const info = await requireSwarm();
    const { s, lintIt } = setup(t, 'cname');
    s.write(stackFile(`    container_name: ${s.name}-web\n    deploy:\n      replicas: 2\n`));

    const first = await s.deploy();
    assert.equal(first.code, 0, describeRun(first));
    assert.match(
      first.output,
      /Ignoring deprecated options:\s+container_name: Setting the container name is not supported\./,
      `${clientLabel(info)}:\n${describeRun(first)}`,
    );
    await s.waitConverged('web', 2);

    const result = lintIt();
    assert.deepEqual(
      findingsOf(result, 'compose/container-name-blocks-scale'),
      [],
      'the Compose rule does not run on a stack file',
    );
    const finding = oneFinding(result, RULE);
    const fix = pickFix(finding, /Remove container_name/);
    assert.equal(fix.safety, 'safe');
    applyFixToFile(s.file, fix);
    assert.deepEqual(findingsOf(lintIt(), RULE), []);

    const fixed = await s.deploy();
    assert.equal(fixed.code, 0, describeRun(fixed));
    assert.doesNotMatch(fixed.output, /Ignoring deprecated options/);
    await s.waitConverged('web', 2);
  });
});

describe('compose/obsolete-version leaves stack files alone (docker stack deploy)', () => {
  test('a stack file keeps version: the rule does not fire on it, and the docker CLI of Debian (20.10) refuses a stack file without one', async (t) => {
    const info = await requireSwarm();
    const { s, lintIt } = setup(t, 'stackver');
    s.write(stackFile(''));
    const result = lintIt();
    assert.equal(result.kind, 'swarm');
    assert.deepEqual(findingsOf(result, 'compose/obsolete-version'), [], 'not reported on a stack file');

    s.write(stackFile('').replace('version: "3.8"\n', ''));
    const without = await s.deploy();
    if (info.clientMajor < 23) {
      assert.notEqual(without.code, 0, describeRun(without));
      assert.match(
        without.output,
        /unsupported Compose file version: 1\.0/,
        `${clientLabel(info)} needs version in a stack file:\n${describeRun(without)}`,
      );
    } else {
      assert.equal(without.code, 0, `${clientLabel(info)} defaults to the latest 3.x:\n${describeRun(without)}`);
      await s.waitConverged('web', 1);
    }
  });
});

describe('compose/invalid-resource-value in a stack file (docker stack deploy)', () => {
  const RULE = registeredRule('compose/invalid-resource-value');

  test('cpus: "500m" stops the deploy ("failed to parse 500m as a rational number"); "Write 0.5 cores" deploys and converges 1/1', async (t) => {
    const info = await requireSwarm();
    const { s, lintIt } = setup(t, 'millicpu');
    s.write(stackFile('    deploy:\n      resources:\n        limits:\n          cpus: "500m"\n'));

    const broken = await s.deploy();
    assert.notEqual(broken.code, 0, describeRun(broken));
    assert.match(
      broken.output,
      /failed to parse 500m as a rational number/,
      `${clientLabel(info)}:\n${describeRun(broken)}`,
    );

    const result = lintIt();
    assert.equal(result.kind, 'swarm');
    const finding = oneFinding(result, RULE);
    assert.equal(finding.messageId, 'millicoresSwarm');
    applyFixToFile(s.file, pickFix(finding, /0\.5 cores/));
    assert.deepEqual(findingsOf(lintIt(), RULE), []);

    const fixed = await s.deploy();
    assert.equal(fixed.code, 0, describeRun(fixed));
    await s.waitConverged('web', 1);
    assert.equal(await s.inspect('web', '{{.Spec.TaskTemplate.Resources.Limits.NanoCPUs}}'), '500000000');
  });

  test(
    paragraph(
      'memory: 4M deploys (exit 0) but every task is rejected with "Minimum memory limit allowed is 6MB"; the',
      'rule reports it before the deploy',
    ),
    async (t) => {
      const info = await requireSwarm();
      const { s, lintIt } = setup(t, 'tinymem');
      s.write(stackFile('    deploy:\n      resources:\n        limits:\n          memory: 4M\n'));

      const deployed = await s.deploy();
      assert.equal(deployed.code, 0, `${clientLabel(info)} accepts the file:\n${describeRun(deployed)}`);
      let errors = '';
      await waitFor(
        'a task rejected for its memory limit',
        60_000,
        async () => {
          errors = (
            await ok([
              'docker',
              'service',
              'ps',
              '--no-trunc',
              '--format',
              '{{.CurrentState}} {{.Error}}',
              s.service('web'),
            ])
          ).stdout;
          return /Minimum memory limit allowed is 6MB/.test(errors);
        },
        async () => `docker service ps: ${errors}`,
      );
      assert.match(await s.inspect('web', '{{.Spec.TaskTemplate.Resources.Limits.MemoryBytes}}'), /^4194304$/);

      const finding = oneFinding(lintIt(), RULE);
      assert.equal(finding.messageId, 'tooSmallSwarm');
      assert.match(finding.message, /every task is rejected with "Minimum memory limit allowed is 6MB"/);
    },
  );
});
