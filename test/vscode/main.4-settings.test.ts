/** A settings change takes effect without a restart: `scalewise.rules` turns a rule off and on again. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, open, scalewiseDiagnostics, until } from './util';

describe('settings', () => {
  it('scalewise.rules: "off" removes the rule\'s findings, removing the setting brings them back', async () => {
    const { document: doc } = await open('polarway/docker-compose.yml');
    const rule = 'compose/host-port-conflict';
    const has = () => scalewiseDiagnostics(doc.uri).some((d) => codeOf(d) === rule);
    await until(`${rule} on the polarway file`, has);
    const config = vscode.workspace.getConfiguration('scalewise');
    await config.update('rules', { [rule]: 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await until(`${rule} to go after the setting`, () => !has() && scalewiseDiagnostics(doc.uri).length > 0);
      assert.equal(has(), false);
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await until(`${rule} to come back`, has);
  });
});
