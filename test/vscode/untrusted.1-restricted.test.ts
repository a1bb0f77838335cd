/**
 * Restricted Mode (workspace trust on, the folder not trusted) on a copy of
 * examples/decentralized-learning: a k3s install script is linted, while every scale command
 * refuses (and runs nothing) and no lens offers to scale. (The folder holds k3s/.scalewise.yaml, so
 * the extension activates at startup here: workspaceContains. Activation on a shell file alone is the
 * `activation-shell` suite's.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { extension, open, scalewiseDiagnostics, until } from './util';

describe('an untrusted workspace', () => {
  it('is untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('lints a k3s install script', async () => {
    const { document: doc } = await open('k3s/install-server.sh');
    assert.equal(doc.languageId, 'shellscript');
    await until('the extension to activate', () => extension().isActive);
    await until('a diagnostic on install-server.sh', () => scalewiseDiagnostics(doc.uri).length > 0);
  });

  it('refuses every scale command and offers no scale lens', async () => {
    for (const command of [
      'scalewise.scaleCompose',
      'scalewise.scaleSwarm',
      'scalewise.scaleKubernetes',
      'scalewise.scaleDrakrun',
    ]) {
      const outcome = await vscode.commands.executeCommand<{ refused?: boolean }>(command, {
        service: 'x',
        name: 'x',
        to: 2,
      });
      assert.equal(outcome?.refused, true, `${command} refused`);
    }
    const { document: doc } = await open('stack.yml');
    await until('diagnostics on stack.yml', () => scalewiseDiagnostics(doc.uri).length > 0);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      doc.uri,
      100,
    );
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(
      titles.every((t) => !/scale/i.test(t)),
      `no scale lens: ${titles.join(' | ')}`,
    );
  });
});
