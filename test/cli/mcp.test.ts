import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'server/out/cli.js');

test('scalewise mcp: tools over stdio with the SDK client', async () => {
  const client = new Client({ name: 'test', version: '0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp'], cwd: root }));
  try {
    const tools = (await client.listTools()).tools.map((t) => t.name).sort();
    assert.deepEqual(tools, ['explain_rule', 'lint_file', 'lint_text', 'plan_scale', 'sizing']);
    const file = 'examples/decentralized-learning';
    // lint exits 1 when it finds something: its stdout is the report either way.
    const run = spawnSync(process.execPath, [cli, 'lint', file, '--format', 'json'], { cwd: root, encoding: 'utf8' });
    assert.notEqual(run.status, 2, run.stderr);
    const expected = JSON.parse(run.stdout) as unknown;
    const lint = await client.callTool({ name: 'lint_file', arguments: { path: file } });
    assert.notEqual(lint.isError, true);
    assert.deepEqual(lint.structuredContent, { files: expected });
    assert.ok(Array.isArray(expected) && expected.length > 0);
    const composeText = fs.readFileSync(path.join(root, 'examples/polarway/docker-compose.yml'), 'utf8');
    const lintText = await client.callTool({
      name: 'lint_text',
      arguments: { text: composeText, fileName: 'docker-compose.yml' },
    });
    assert.notEqual(lintText.isError, true);
    assert.ok((lintText.structuredContent as { files: unknown[] }).files.length > 0);
    const rules = JSON.parse(
      execFileSync(process.execPath, [cli, 'rules', '--format', 'json'], { encoding: 'utf8' }),
    ) as { id: string }[];
    const id = rules[0]!.id;
    const explain = await client.callTool({ name: 'explain_rule', arguments: { rule: id } });
    assert.equal((explain.structuredContent as { id: string }).id, id);
    assert.ok((explain.structuredContent as { why: string }).why.length > 20, 'explain_rule says why');
    const unknown = await client.callTool({ name: 'explain_rule', arguments: { rule: 'no-such-rule' } });
    assert.equal(unknown.isError, true);
    const fitFile = 'examples/decentralized-learning/k8s/aggregator.yaml';
    const cliFit = spawnSync(process.execPath, [cli, 'fit', fitFile, '--format', 'json'], {
      cwd: root,
      encoding: 'utf8',
    });
    const sizing = await client.callTool({ name: 'sizing', arguments: { files: [fitFile] } });
    const fits = JSON.parse(cliFit.stdout) as unknown[];
    assert.ok(fits.length > 0);
    assert.deepEqual(sizing.structuredContent, { workloads: fits });
    const scaleArgs = ['envoy=2', '-f', 'examples/polarway/docker-compose.yml'];
    const cliPlan = spawnSync(process.execPath, [cli, 'scale', 'compose', ...scaleArgs, '--dry-run'], {
      cwd: root,
      encoding: 'utf8',
    });
    const plan = await client.callTool({ name: 'plan_scale', arguments: { system: 'compose', args: scaleArgs } });
    const text = (plan.content as { type: string; text: string }[])[0]!.text;
    assert.equal(text, cliPlan.stdout + cliPlan.stderr);
    assert.equal(plan.isError === true, cliPlan.status !== 0);
    assert.ok(text.length > 0);
  } finally {
    await client.close();
  }
});
