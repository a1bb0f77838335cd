/**
 * The Compose scaling rules, proved on a real Docker Engine: each offending file is run for real
 * and fails the way the rule says, Scalewise lints the same file (with the same `--scale` command
 * in a deploy script beside it), its fix is applied, the rule goes quiet, and the fixed file runs.
 * Needs scripts/docker-setup.sh (see README, "Testing").
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { prose } from '../../server/src/engine/template-text';
import {
  applyFixToFile,
  composeProject,
  composeToolsOrFail,
  describeRun,
  findingsOf,
  freePorts,
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

const service = (extra: string): string =>
  `services:\n  web:\n    image: ${IMAGE}\n    command: ["/bin/sleep", "3600"]\n${extra}`;

/** The published host ports of a container, e.g. [18081]. */
async function hostPorts(id: string): Promise<number[]> {
  const r = await ok([
    'docker',
    'inspect',
    '--format',
    '{{range $p, $b := .NetworkSettings.Ports}}{{range $b}}{{.HostPort}} {{end}}{{end}}',
    id,
  ]);
  return [...new Set(r.stdout.split(/\s+/).filter(Boolean).map(Number))];
}

for (const tool of TOOLS) {
  const v1 = tool.generation === 1;

  describe(`compose/container-name-blocks-scale on ${tool.label}`, () => {
    const RULE = registeredRule('compose/container-name-blocks-scale');

    test(`container_name + up --scale web=2 fails (${tool.label}); removing container_name runs 2 containers`, async (t) => {
      await requireEngine();
      const p = composeProject(t, tool, 'cname');
      const cname = `${p.name}-web`;
      p.write(service(`    container_name: ${cname}\n`));
      const up = p.argv('up', '-d', '--scale', 'web=2');

      const broken = await p.up('--scale', 'web=2');
      assert.notEqual(broken.code, 0, `the second container cannot get the same name:\n${describeRun(broken)}`);
      if (v1) {
        assert.match(
          broken.output,
          new RegExp(`Conflict\\. The container name "/${cname}" is already in use`),
          `Compose v1 creates the first container and fails the second:\n${describeRun(broken)}`,
        );
      } else {
        assert.match(
          broken.output,
          /Remove the custom name to scale the service/,
          `Compose v2 refuses before creating the second container:\n${describeRun(broken)}`,
        );
      }

      const finding = oneFinding(lintLikeTheWorkspace(p.file, shellLine(up)), RULE);
      assert.match(finding.message, /--scale|deploy\.sh/, 'the finding says the scale comes from the deploy script');
      applyFixToFile(p.file, pickFix(finding, /Remove container_name/));
      assert.deepEqual(
        findingsOf(lintLikeTheWorkspace(p.file, shellLine(up)), RULE),
        [],
        'the rule is quiet after the fix',
      );

      await p.down();
      const fixed = await p.up('--scale', 'web=2');
      assert.equal(fixed.code, 0, `the fixed file scales:\n${describeRun(fixed)}`);
      await p.waitRunning('web', 2);
    });

    test(
      prose`
      container_name + deploy.replicas: 2 in the file fails
      (${tool.label}${v1 ? ': v1.29 honours deploy.replicas' : ''}); the fix runs 2 containers
    `,
      async (t) => {
        await requireEngine();
        const p = composeProject(t, tool, 'cnamerep');
        const cname = `${p.name}-web`;
        p.write(service(`    container_name: ${cname}\n    deploy:\n      replicas: 2\n`));
        const up = p.argv('up', '-d');

        const broken = await p.up();
        assert.notEqual(broken.code, 0, describeRun(broken));
        if (v1) {
          assert.match(
            broken.output,
            new RegExp(`Conflict\\. The container name "/${cname}" is already in use`),
            `Compose v1 reads deploy.replicas and fails the second container:\n${describeRun(broken)}`,
          );
        } else {
          assert.match(
            broken.output,
            /can't set container_name and .* as container name must be unique/,
            `Compose v2's loader refuses the file:\n${describeRun(broken)}`,
          );
        }

        const finding = oneFinding(lintLikeTheWorkspace(p.file, shellLine(up)), RULE);
        applyFixToFile(p.file, pickFix(finding, /Remove container_name/));
        assert.deepEqual(findingsOf(lintLikeTheWorkspace(p.file, shellLine(up)), RULE), []);

        await p.down();
        const fixed = await p.up();
        assert.equal(fixed.code, 0, describeRun(fixed));
        await p.waitRunning('web', 2);
      },
    );
  });

  describe(`compose/host-port-conflict on ${tool.label}`, () => {
    const RULE = registeredRule('compose/host-port-conflict');
    const fixes: [string, RegExp][] = [
      ['publish only the container port', /container port/],
      ['publish a host range', /host range/],
    ];
    for (const [name, title] of fixes) {
      test(`a fixed host port + up --scale web=2: "port is already allocated" (${tool.label}); fix "${name}" runs 2 containers`, async (t) => {
        await requireEngine();
        const p = composeProject(t, tool, `port${name.includes('range') ? 'r' : 'c'}`);
        const host = await freePorts(2);
        p.write(service(`    ports:\n      - "${host}:80"\n`));
        const up = p.argv('up', '-d', '--scale', 'web=2');

        const broken = await p.up('--scale', 'web=2');
        assert.notEqual(broken.code, 0, describeRun(broken));
        assert.match(
          broken.output,
          new RegExp(`Bind for 0\\.0\\.0\\.0:${host} failed: port is already allocated`),
          describeRun(broken),
        );
        if (v1)
          assert.match(
            broken.output,
            /The "web" service specifies a port on the host\. If multiple containers for this service are created on a single host, the port will clash\./,
            `Compose v1 warns first:\n${describeRun(broken)}`,
          );

        const finding = oneFinding(lintLikeTheWorkspace(p.file, shellLine(up)), RULE);
        const text = applyFixToFile(p.file, pickFix(finding, title));
        assert.deepEqual(
          findingsOf(lintLikeTheWorkspace(p.file, shellLine(up)), RULE),
          [],
          `the rule is quiet after the fix:\n${text}`,
        );

        await p.down();
        const fixed = await p.up('--scale', 'web=2');
        assert.equal(fixed.code, 0, `${text}\n${describeRun(fixed)}`);
        const ids = await p.waitRunning('web', 2);
        const ports = (await Promise.all(ids.map(hostPorts))).flat();
        assert.equal(new Set(ports).size, 2, `each replica has its own host port: ${ports.join(', ')}`);
        if (name.includes('range'))
          for (const port of ports)
            assert.ok(port === host || port === host + 1, `port ${port} lies in ${host}-${host + 1}`);
      });
    }
  });

  describe(`compose/host-port-range-too-small on ${tool.label}`, () => {
    const RULE = registeredRule('compose/host-port-range-too-small');
    test(`a host range of 2 ports + up --scale web=3: "all ports are allocated" for the third (${tool.label}); widening runs 3`, async (t) => {
      await requireEngine();
      const p = composeProject(t, tool, 'range');
      const host = await freePorts(3);
      p.write(service(`    ports:\n      - "${host}-${host + 1}:80"\n`));
      const up = p.argv('up', '-d', '--scale', 'web=3');

      const broken = await p.up('--scale', 'web=3');
      assert.notEqual(broken.code, 0, describeRun(broken));
      assert.match(
        broken.output,
        /driver failed programming external connectivity on endpoint .*: all ports are allocated/,
        describeRun(broken),
      );
      assert.equal((await p.running('web')).length, 2, 'two replicas got a port of the range; the third did not start');

      const finding = oneFinding(lintLikeTheWorkspace(p.file, shellLine(up)), RULE);
      const text = applyFixToFile(p.file, pickFix(finding, /Widen/));
      assert.ok(text.includes(`"${host}-${host + 2}:80"`), text);
      assert.deepEqual(findingsOf(lintLikeTheWorkspace(p.file, shellLine(up)), RULE), []);

      await p.down();
      const fixed = await p.up('--scale', 'web=3');
      assert.equal(fixed.code, 0, describeRun(fixed));
      const ids = await p.waitRunning('web', 3);
      const ports = (await Promise.all(ids.map(hostPorts))).flat().sort();
      assert.deepEqual(ports, [host, host + 1, host + 2], 'the three replicas share out the widened range');
    });
  });

  describe(`compose/scale-replicas-disagree on ${tool.label}`, () => {
    const RULE = registeredRule('compose/scale-replicas-disagree');
    const file = service('    scale: 2\n    deploy:\n      replicas: 3\n');

    test(`scale: 2 + deploy.replicas: 3 is refused (${tool.label}); "Remove scale" runs 3 containers`, async (t) => {
      await requireEngine();
      const p = composeProject(t, tool, 'scalerep');
      p.write(file);
      const up = p.argv('up', '-d');

      const broken = await p.up();
      assert.notEqual(broken.code, 0, describeRun(broken));
      if (v1) {
        assert.match(
          broken.output,
          /Both service\.scale and service\.deploy\.replicas are set\. Only one of them must be set\./,
          `Compose v1's own text (v2 says "can't set distinct values on 'scale' and 'deploy.replicas'"):\n${describeRun(broken)}`,
        );
      } else {
        assert.match(broken.output, /can't set distinct values on 'scale' and 'deploy\.replicas'/, describeRun(broken));
      }
      assert.equal((await p.running('web')).length, 0, 'nothing starts');

      const finding = oneFinding(lintLikeTheWorkspace(p.file, shellLine(up)), RULE);
      applyFixToFile(p.file, pickFix(finding, /Remove scale/));
      assert.deepEqual(findingsOf(lintLikeTheWorkspace(p.file, shellLine(up)), RULE), []);

      const fixed = await p.up();
      assert.equal(fixed.code, 0, describeRun(fixed));
      await p.waitRunning('web', 3);
    });

    test(`"Keep 2 replicas" (deploy.replicas: 2, scale removed) runs 2 containers on ${tool.label}`, async (t) => {
      await requireEngine();
      const p = composeProject(t, tool, 'scalerepb');
      p.write(file);
      const up = p.argv('up', '-d');
      const finding = oneFinding(lintLikeTheWorkspace(p.file, shellLine(up)), RULE);
      const text = applyFixToFile(p.file, pickFix(finding, /Keep 2 replicas/));
      assert.deepEqual(findingsOf(lintLikeTheWorkspace(p.file, shellLine(up)), RULE), [], text);

      const after = await p.up();
      assert.equal(after.code, 0, describeRun(after));
      await p.waitRunning('web', 2);
    });

    test(
      prose`
      scale: 2 + deploy.replicas: 2 (equal): ${v1 ? 'Compose v1 refuses both keys' : 'Compose v2 accepts it'};
      the safe "Remove scale" runs 2 containers
    `,
      async (t) => {
        await requireEngine();
        const p = composeProject(t, tool, 'scalerepc');
        p.write(service('    scale: 2\n    deploy:\n      replicas: 2\n'));
        const up = p.argv('up', '-d');
        const before = await p.up();
        if (v1) {
          assert.notEqual(
            before.code,
            0,
            `Compose v1 refuses scale and deploy.replicas together even when they agree:\n${describeRun(before)}`,
          );
          assert.match(before.output, /Both service\.scale and service\.deploy\.replicas are set/, describeRun(before));
        } else {
          assert.equal(before.code, 0, describeRun(before));
          await p.down();
        }
        const finding = oneFinding(lintLikeTheWorkspace(p.file, shellLine(up)), RULE);
        assert.equal(finding.messageId, 'both');
        const fix = pickFix(finding, /Remove scale/);
        assert.equal(fix.safety, 'safe', 'the count does not change, so the fix is safe');
        applyFixToFile(p.file, fix);
        assert.deepEqual(findingsOf(lintLikeTheWorkspace(p.file, shellLine(up)), RULE), []);
        const after = await p.up();
        assert.equal(after.code, 0, describeRun(after));
        await p.waitRunning('web', 2);
      },
    );
  });
}
