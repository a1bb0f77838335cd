/**
 * The extension in the real VS Code on a copy of examples/: it activates, and every file the CLI has
 * findings for shows exactly those findings as diagnostics (rule code, severity, range, message),
 * for every file kind.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { cliLine, cliLint, diagnosticLine, extension, inWorkspace, open, scalewiseDiagnostics, until } from './util';

describe('activation and diagnostics', () => {
  it('activates on the workspace (examples/ holds .scalewise.yaml: workspaceContains)', async () => {
    const ext = extension();
    await until('the extension to be active', () => ext.isActive);
    assert.equal(ext.isActive, true);
    assert.ok(vscode.env.remoteName, 'the tests run in the remote (code-server) extension host');
  });

  it('shows the CLI findings of every file kind as diagnostics, with codes and ranges', async () => {
    const files = (await cliLint()).filter((f) => f.findings.length > 0);
    const kinds = new Set(files.map((f) => f.kind));
    for (const kind of ['compose', 'swarm', 'helm-values', 'runai-config', 'k3s-config', 'k3s-install', 'kubernetes'])
      assert.ok(kinds.has(kind), `examples/ has findings of kind ${kind} (kinds: ${[...kinds].join(', ')})`);
    for (const kind of ['script', 'prometheus', 'drakrun-config', 'drakrun-ini'])
      assert.ok(kinds.has(kind), `examples/ has findings of kind ${kind} (kinds: ${[...kinds].join(', ')})`);
    for (const f of files) {
      const uri = inWorkspace(f.file);
      await open(f.file);
      const want = f.findings.map(cliLine).sort();
      const got = await until(
        `${want.length} diagnostics on ${f.file} (${f.kind})`,
        () => {
          const lines = scalewiseDiagnostics(uri).map(diagnosticLine).sort();
          return lines.length === want.length && lines;
        },
        30_000,
      ).catch(() => scalewiseDiagnostics(uri).map(diagnosticLine).sort());
      assert.deepEqual(got, want, `${f.file} (${f.kind}): the editor's diagnostics are the CLI's findings`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
});
