/** A quick fix through VS Code's code-action provider: applied, the finding goes, comments stay. */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, open, scalewiseDiagnostics, until } from './util';

describe('quick fix', () => {
  it('compose/obsolete-version: the fix removes the version line only; comments and other lines stay', async () => {
    const editor = await open('polis/docker-compose.yml');
    const doc = editor.document;
    const before = doc.getText();
    const finding = await until('the compose/obsolete-version diagnostic', () =>
      scalewiseDiagnostics(doc.uri).find((d) => codeOf(d) === 'compose/obsolete-version'),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      finding.range,
      vscode.CodeActionKind.QuickFix.value,
      10, // resolve the edits of up to 10 actions (the server fills them in on codeAction/resolve)
    );
    // VS Code's command returns the actions without their diagnostics: the fix is the preferred one with an edit.
    const fix = actions.find((a) => a.isPreferred && a.edit);
    assert.ok(fix, `a quick fix for the finding; offered: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.title, 'Remove the obsolete version');
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'the edit applies');
    await until('the finding to go', () =>
      scalewiseDiagnostics(doc.uri).every((d) => codeOf(d) !== 'compose/obsolete-version'),
    );
    const removed = before.split('\n').filter((l) => l.startsWith('version:'));
    assert.equal(removed.length, 1);
    const expected = before
      .split('\n')
      .filter((l) => !l.startsWith('version:'))
      .join('\n');
    assert.equal(doc.getText(), expected, 'only the version line went; every comment and other line is as it was');
    assert.match(doc.getText(), /^# Polis \(compdemocracy\/polis\)/);
    assert.ok(scalewiseDiagnostics(doc.uri).some((d) => codeOf(d) === 'compose/container-name-blocks-scale'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
