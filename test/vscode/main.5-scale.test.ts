/**
 * [docker] The palette's scale commands against the real Docker Engine (DOCKER_HOST from
 * scripts/docker-setup.sh), the confirmation answered through the documented test-only hook
 * SCALEWISE_TEST_CONFIRM (client/src/scale.ts; docs/testing.md): the plan is made and returned as
 * it would be shown; "decline" runs nothing, "accept" scales, and docker itself counts afterwards.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import {
  ComposeProject,
  composeToolsOrFail,
  IMAGE,
  ok,
  requireSwarm,
  run,
  RUN_PREFIX,
  waitFor,
} from '../helpers/docker-engine';
import { open, workspaceRoot } from './util';

interface ScaleOutcome {
  refused?: true;
  plan?: { message: string; detail: string };
  confirmed: boolean;
  result?: { ok: boolean; message: string };
}

async function scale(command: string, answer: 'accept' | 'decline', arg: object): Promise<ScaleOutcome> {
  process.env.SCALEWISE_TEST_CONFIRM = answer; // the extension runs in this same extension host process
  try {
    return (await vscode.commands.executeCommand<ScaleOutcome>(command, arg)) ?? { confirmed: false };
  } finally {
    delete process.env.SCALEWISE_TEST_CONFIRM;
  }
}

describe('[docker] scale commands on the real Docker Engine', () => {
  const [tool] = composeToolsOrFail();
  let project: ComposeProject;
  const service = `${RUN_PREFIX}vsweb`;

  before(async () => {
    await requireSwarm();
    const dir = path.join(workspaceRoot(), 'scale-demo');
    fs.mkdirSync(dir, { recursive: true });
    project = new ComposeProject(tool!, dir, 'vscode');
    project.write(`services:\n  web:\n    image: ${IMAGE}\n    command: ["/bin/sleep", "3600"]\n`);
    await ok(project.argv('up', '-d'), { cwd: dir });
    await project.waitRunning('web', 1);
  });
  after(async () => {
    await project?.down();
    await run(['docker', 'service', 'rm', service]);
  });

  it(`Scale Compose Service… (${tool!.label}): the plan says 1 → 2 and fits; decline runs nothing, accept scales`, async () => {
    await open('scale-demo/docker-compose.yml');
    const arg = { file: project.file, project: project.name, service: 'web', to: 2 };
    const declined = await scale('scalewise.scaleCompose', 'decline', arg);
    assert.equal(declined.confirmed, false);
    assert.match(declined.plan?.message ?? '', /^Scale Compose service web: 1 → 2$/);
    assert.match(declined.plan?.detail ?? '', new RegExp(`Project: ${project.name}\\n`));
    assert.match(declined.plan?.detail ?? '', /Will it fit\? fits\b/);
    assert.equal((await project.running('web')).length, 1, 'declined: still one container');

    const accepted = await scale('scalewise.scaleCompose', 'accept', arg);
    assert.equal(accepted.confirmed, true);
    assert.equal(accepted.result?.ok, true, JSON.stringify(accepted.result));
    await project.waitRunning('web', 2);
  });

  it('Scale Swarm Service…: a one-node swarm service from 1 to 2 replicas, counted by docker service ls', async () => {
    await ok([
      'docker',
      'service',
      'create',
      '--detach',
      '--name',
      service,
      '--replicas',
      '1',
      IMAGE,
      '/bin/sleep',
      '3600',
    ]);
    const outcome = await scale('scalewise.scaleSwarm', 'accept', { service, replicas: 1, to: 2 });
    assert.match(outcome.plan?.message ?? '', new RegExp(`${service}.*1 → 2`));
    assert.equal(outcome.result?.ok, true, JSON.stringify(outcome));
    await waitFor(`${service} at 2/2 replicas`, 90_000, async () => {
      const r = await run(['docker', 'service', 'ls', '--filter', `name=${service}`, '--format', '{{.Replicas}}']);
      return r.stdout.trim() === '2/2';
    });
  });
});
