/**
 * Compose resource values and the top-level `version`, proved on a real Docker Engine: what the
 * engine and Compose do with the offending file, what Scalewise says about it, and what its fix
 * changes in the containers that actually run (the HostConfig the engine reports).
 * Needs scripts/docker-setup.sh (see README, "Testing").
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  applyFixToFile,
  composeProject,
  type ComposeProject,
  composeToolsOrFail,
  describeRun,
  findingsOf,
  IMAGE,
  lintLikeTheWorkspace,
  ok,
  oneFinding,
  pickFix,
  requireEngine,
  registeredRule,
  shellLine,
} from '../helpers/docker-engine';

const TOOLS = composeToolsOrFail();
const MiB = 1024 * 1024;

const service = (extra: string, top = ''): string =>
  `${top}services:\n  web:\n    image: ${IMAGE}\n    command: ["/bin/sleep", "3600"]\n${extra}`;

/** Memory limit (bytes) and NanoCpus of each running container of the service. */
async function limits(p: ComposeProject, serviceName: string): Promise<{ memory: number; nanoCpus: number }[]> {
  const ids = await p.running(serviceName);
  const out = [];
  for (const id of ids) {
    const r = await ok(['docker', 'inspect', '--format', '{{.HostConfig.Memory}} {{.HostConfig.NanoCpus}}', id]);
    const [memory, nanoCpus] = r.stdout.trim().split(' ').map(Number);
    out.push({ memory: memory!, nanoCpus: nanoCpus! });
  }
  return out;
}

for (const tool of TOOLS) {
  const v1 = tool.generation === 1;

  describe(`compose/invalid-resource-value on ${tool.label}`, () => {
    const RULE = registeredRule('compose/invalid-resource-value');

    test(`cpus: "500m" (millicores) is refused (${tool.label}); the fix writes "0.5" and the container gets half a CPU`, async (t) => {
      await requireEngine();
      const p = composeProject(t, tool, 'millicores');
      p.write(service('    deploy:\n      resources:\n        limits:\n          cpus: "500m"\n'));
      const up = p.argv('up', '-d');

      const broken = await p.up();
      assert.notEqual(broken.code, 0, describeRun(broken));
      if (v1) {
        assert.match(
          broken.output,
          /Error while attempting to convert service\.web\.deploy\.resources\.limits\.cpus to appropriate type: "500m" is not a valid float/,
          `Compose v1's text (v2: strconv.ParseFloat: parsing "500m": invalid syntax):\n${describeRun(broken)}`,
        );
      } else {
        assert.match(broken.output, /strconv\.ParseFloat: parsing "500m": invalid syntax/, describeRun(broken));
      }

      const finding = oneFinding(lintLikeTheWorkspace(p.file, shellLine(up)), RULE);
      assert.equal(finding.messageId, 'millicores');
      const text = applyFixToFile(p.file, pickFix(finding, /0\.5 cores/));
      assert.deepEqual(findingsOf(lintLikeTheWorkspace(p.file, shellLine(up)), RULE), [], text);

      const fixed = await p.up();
      assert.equal(fixed.code, 0, describeRun(fixed));
      await p.waitRunning('web', 1);
      assert.deepEqual(
        (await limits(p, 'web')).map((l) => l.nanoCpus),
        [500_000_000],
        'the container is limited to 0.5 CPU',
      );
    });

    const tooSmall: [string, string, string][] = [
      ['mem_limit: 4m', '    mem_limit: 4m\n', 'mem_limit'],
      [
        'deploy.resources.limits.memory: 4M',
        '    deploy:\n      resources:\n        limits:\n          memory: 4M\n',
        'deploy.resources.limits.memory',
      ],
    ];
    for (const [name, yaml, label] of tooSmall) {
      test(`${name} is refused by the engine: "Minimum memory limit allowed is 6MB" (${tool.label}); no fix is offered, 6m runs`, async (t) => {
        await requireEngine();
        const p = composeProject(t, tool, `mem${label.length}`);
        p.write(service(yaml));
        const up = p.argv('up', '-d');

        const broken = await p.up();
        assert.notEqual(broken.code, 0, describeRun(broken));
        assert.match(
          broken.output,
          /Cannot create container for service web: Minimum memory limit allowed is 6MB/,
          describeRun(broken),
        );

        const finding = oneFinding(lintLikeTheWorkspace(p.file, shellLine(up)), RULE);
        assert.equal(finding.messageId, 'tooSmall');
        assert.ok(finding.message.includes('Minimum memory limit allowed is 6MB'), finding.message);
        assert.deepEqual(finding.fixes, [], "no fix: the right size is the user's call");

        // The minimum itself is accepted: the rule's threshold is the engine's.
        p.write(service(yaml.replace(/4[mM]/, (m) => `6${m.slice(1)}`)));
        assert.deepEqual(findingsOf(lintLikeTheWorkspace(p.file, shellLine(up)), RULE), []);
        const fixed = await p.up();
        assert.equal(fixed.code, 0, describeRun(fixed));
        await p.waitRunning('web', 1);
        assert.deepEqual(
          (await limits(p, 'web')).map((l) => l.memory),
          [6 * MiB],
        );
      });
    }
  });

  describe(`compose/legacy-resource-keys on ${tool.label}`, () => {
    const RULE = registeredRule('compose/legacy-resource-keys');

    test(
      v1
        ? `mem_limit: 64m beside limits.memory: 128M: Compose v1 does NOT refuse it, it silently uses 128M (v2 refuses the file); removing mem_limit keeps 128M`
        : `mem_limit: 64m beside limits.memory: 128M is refused by ${tool.label}; removing mem_limit runs with 128M`,
      async (t) => {
        await requireEngine();
        const p = composeProject(t, tool, 'legacy');
        p.write(
          service('    mem_limit: 64m\n    deploy:\n      resources:\n        limits:\n          memory: 128M\n'),
        );
        const up = p.argv('up', '-d');

        const first = await p.up();
        if (v1) {
          assert.equal(first.code, 0, `Compose v1 accepts both keys:\n${describeRun(first)}`);
          await p.waitRunning('web', 1);
          assert.deepEqual(
            (await limits(p, 'web')).map((l) => l.memory),
            [128 * MiB],
            'Compose v1 applies deploy.resources.limits.memory and drops mem_limit without a word',
          );
          await p.down();
        } else {
          assert.notEqual(first.code, 0, describeRun(first));
          assert.match(
            first.output,
            /can't set distinct values on 'mem_limit' and 'deploy\.resources\.limits\.memory'/,
            describeRun(first),
          );
        }

        const finding = oneFinding(lintLikeTheWorkspace(p.file, shellLine(up)), RULE);
        assert.equal(finding.messageId, 'conflict');
        applyFixToFile(p.file, pickFix(finding, /Remove mem_limit/));
        assert.deepEqual(findingsOf(lintLikeTheWorkspace(p.file, shellLine(up)), RULE), []);

        const fixed = await p.up();
        assert.equal(fixed.code, 0, describeRun(fixed));
        await p.waitRunning('web', 1);
        assert.deepEqual(
          (await limits(p, 'web')).map((l) => l.memory),
          [128 * MiB],
        );
      },
    );

    const moves: [string, string, 'memory' | 'nanoCpus', number][] = [
      ['mem_limit: 64m', '    mem_limit: 64m\n', 'memory', 64 * MiB],
      ['cpus: 0.25', '    cpus: 0.25\n', 'nanoCpus', 250_000_000],
    ];
    for (const [name, yaml, field, expected] of moves) {
      test(`the safe fix "Move ${name.split(':')[0]}" keeps the container's limit on ${tool.label} (${name})`, async (t) => {
        await requireEngine();
        const p = composeProject(t, tool, `move${field}`);
        p.write(service(yaml));
        const up = p.argv('up', '-d');

        const before = await p.up();
        assert.equal(before.code, 0, describeRun(before));
        await p.waitRunning('web', 1);
        assert.deepEqual(
          (await limits(p, 'web')).map((l) => l[field]),
          [expected],
          'the legacy key works on its own',
        );
        await p.down();

        const finding = oneFinding(lintLikeTheWorkspace(p.file, shellLine(up)), RULE);
        const fix = pickFix(finding, /^Move /);
        assert.equal(fix.safety, 'safe');
        const text = applyFixToFile(p.file, fix);
        assert.deepEqual(findingsOf(lintLikeTheWorkspace(p.file, shellLine(up)), RULE), [], text);

        const after = await p.up();
        assert.equal(after.code, 0, `${text}\n${describeRun(after)}`);
        await p.waitRunning('web', 1);
        assert.deepEqual(
          (await limits(p, 'web')).map((l) => l[field]),
          [expected],
          `the same limit from deploy.resources (${tool.label}):\n${text}`,
        );
      });
    }
  });

  describe(`compose/obsolete-version on ${tool.label}`, () => {
    const RULE = registeredRule('compose/obsolete-version');
    test(
      v1
        ? 'version: "3.8": Compose v1 prints no warning (v2 says "the attribute `version` is obsolete"); removing it changes nothing v1 runs'
        : `version: "3.8": ${tool.label} warns that it is obsolete; removing it changes nothing it runs`,
      async (t) => {
        await requireEngine();
        const p = composeProject(t, tool, 'version');
        // deploy.replicas and deploy.resources: what a reader of "3.8" might think v1 ignores.
        p.write(
          service(
            '    deploy:\n      replicas: 2\n      resources:\n        limits:\n          memory: 64M\n',
            'version: "3.8"\n',
          ),
        );
        const up = p.argv('up', '-d');

        const before = await p.up();
        assert.equal(before.code, 0, describeRun(before));
        if (v1)
          assert.doesNotMatch(
            before.output,
            /obsolete/i,
            `Compose v1 does not warn about version:\n${describeRun(before)}`,
          );
        else assert.match(before.output, /the attribute `version` is obsolete/, describeRun(before));
        await p.waitRunning('web', 2);
        const seen = await limits(p, 'web');
        assert.deepEqual(
          seen.map((l) => l.memory),
          [64 * MiB, 64 * MiB],
          `${tool.label} honours deploy.replicas and deploy.resources with version "3.8"`,
        );
        await p.down();

        const finding = oneFinding(lintLikeTheWorkspace(p.file, shellLine(up)), RULE);
        const fix = pickFix(finding, /Remove/);
        assert.equal(fix.safety, 'safe');
        const text = applyFixToFile(p.file, fix);
        assert.ok(!/version/.test(text), text);
        assert.deepEqual(findingsOf(lintLikeTheWorkspace(p.file, shellLine(up)), RULE), []);

        const after = await p.up();
        assert.equal(after.code, 0, describeRun(after));
        assert.doesNotMatch(after.output, /obsolete/i);
        await p.waitRunning('web', 2);
        assert.deepEqual(
          (await limits(p, 'web')).map((l) => l.memory),
          [64 * MiB, 64 * MiB],
          'the same two containers with the same limit',
        );
      },
    );
  });
}
