/**
 * What a user reads in the editor: the sizing hover on a service and on its replica count, the code
 * lenses (short, only where they say something, each with a command), snippets offered by the file's
 * kind, and Fix All saying what it fixed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { codeOf, hoverText, open, positionOf, scalewiseDiagnostics, until } from './util';

const hoverAt = async (uri: vscode.Uri, at: vscode.Position): Promise<string> =>
  hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at));

const snippetLabels = async (uri: vscode.Uri, at: vscode.Position): Promise<string[]> => {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    uri,
    at,
  );
  return list.items
    .filter((i) => i.kind === vscode.CompletionItemKind.Snippet)
    .map((i) => (typeof i.label === 'string' ? i.label : i.label.label))
    .sort();
};

describe('hover, lenses, snippets, Fix All', () => {
  it('the sizing hover: on the service name and on its replicas value alike, each paragraph once', async () => {
    const { document: doc } = await open('polarway/docker-compose.yml');
    await until('diagnostics', () => scalewiseDiagnostics(doc.uri).length > 0);
    const onName = await hoverAt(doc.uri, positionOf(doc, 'worker:').translate(0, 2));
    const onReplicas = await hoverAt(doc.uri, positionOf(doc, '3', 'replicas: 3'));
    const sizing = onReplicas
      .split('\n\n---\n\n')
      .find((p) => p.startsWith('**worker**: 3 replicas (deploy.replicas: 3)'));
    assert.ok(sizing, `the sizing hover on replicas: 3:\n${onReplicas}`);
    assert.match(sizing, /limits per replica: 2 cores, 4 GiB; total 6 cores, 12 GiB/);
    assert.ok(onName.includes(sizing), `the name's hover has the same sizing:\n${onName}`);
    for (const text of [onName, onReplicas]) {
      const paragraphs = text.split(/\n\n+/).filter((p) => p.trim() && p.trim() !== '---');
      assert.equal(new Set(paragraphs).size, paragraphs.length, `no paragraph twice:\n${text}`);
    }
  });

  it('code lenses: short, none for a one-replica service without limits, each with a command that runs', async () => {
    const { document: doc } = await open('polarway/docker-compose.yml');
    const lenses = await until('code lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 100);
      return l.length > 0 && l;
    });
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(
      titles.some((t) => /^3 × /.test(t)),
      `the three workers' lens: ${titles.join(' | ')}`,
    );
    for (const l of lenses) {
      assert.ok(l.command?.command, `a lens with a command: ${l.command?.title}`);
      assert.ok((l.command?.title.length ?? 0) <= 60, `short: ${l.command?.title}`);
      assert.doesNotMatch(l.command?.title ?? '', /^1 × \(no limits\)/);
    }
    const sizing = lenses.find((l) => l.command?.command === 'scalewise.sizingDetails');
    assert.ok(sizing, `a sizing lens: ${lenses.map((l) => l.command?.command).join(', ')}`);
    await vscode.commands.executeCommand(sizing.command!.command, ...(sizing.command!.arguments ?? []));
  });

  it('snippets by kind: Compose blocks in a Compose file, Kubernetes ones in a manifest, none of the other', async () => {
    const compose = (await open('polarway/docker-compose.yml')).document;
    const inCompose = await snippetLabels(compose.uri, new vscode.Position(compose.lineCount - 1, 0));
    const manifest = (await open('decentralized-learning/k8s/peer-deployment.yaml')).document;
    const inManifest = await snippetLabels(manifest.uri, new vscode.Position(manifest.lineCount - 1, 0));
    assert.ok(inCompose.includes('sw-compose-resources'), `Compose snippets: ${inCompose.join(', ')}`);
    assert.ok(inManifest.length > 0, 'Kubernetes snippets in a manifest');
    assert.deepEqual(
      inCompose.filter((l) => inManifest.includes(l)),
      [],
      `no snippet in both: ${inCompose.join(', ')} / ${inManifest.join(', ')}`,
    );
  });

  it('"Show documentation" (the server\'s command) opens the rule\'s page as a Markdown preview', async () => {
    const { document: doc } = await open('polis/docker-compose.yml');
    const finding = await until('compose/obsolete-version', () =>
      scalewiseDiagnostics(doc.uri).find((d) => codeOf(d) === 'compose/obsolete-version'),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      finding.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const docs = actions.find((a) => a.command?.command === 'scalewise.ruleDocumentation');
    assert.ok(docs?.command, `a documentation action: ${actions.map((a) => a.command?.command).join(', ')}`);
    await vscode.commands.executeCommand(docs.command.command, ...(docs.command.arguments ?? []));
    const tab = await until('a preview tab of the rule page', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /^Preview .*obsolete-version/.test(t.label)),
    );
    assert.ok(tab);
  });

  // After the documentation test on purpose: opening the rule page activates VS Code's Markdown
  // extension, and the Fix All of the first CI runs failed right after it with "Canceled" (see below).
  it('Fix All says what it fixed', async () => {
    const { document: doc } = await open('polarway/docker-compose.yml');
    await until('compose/legacy-resource-keys', () =>
      scalewiseDiagnostics(doc.uri).some((d) => codeOf(d) === 'compose/legacy-resource-keys'),
    );
    const message = await vscode.commands.executeCommand<string>('scalewise.fixAll');
    const active = vscode.window.activeTextEditor?.document.uri.toString();
    assert.equal(active, doc.uri.toString());
    assert.match(message, /^Scalewise fixed 1 problem: 1 × compose\/legacy-resource-keys\./);
    assert.match(doc.getText(), /# Polarway gRPC DataFrame service/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  // VS Code cancels a code-action request when the providers for the file change while it runs (an
  // extension activating, as the Markdown one does when a rule page opens) or the text changes; its
  // executeCodeActionProvider then rejects with "Canceled" or returns nothing. A provider of this test
  // registers another one the first time it is asked for a fix-all, in the middle of Fix All's request.
  it('Fix All asks again when VS Code cancels its request (a provider registered meanwhile)', async () => {
    const { document: doc } = await open('polarway/docker-compose.yml');
    await until('compose/legacy-resource-keys', () =>
      scalewiseDiagnostics(doc.uri).some((d) => codeOf(d) === 'compose/legacy-resource-keys'),
    );
    const registered: vscode.Disposable[] = [];
    let asked = 0;
    const selector: vscode.DocumentSelector = { pattern: doc.uri.fsPath };
    registered.push(
      vscode.languages.registerCodeActionsProvider(selector, {
        // Registered a moment later, while the Scalewise provider waits for the server's answer.
        provideCodeActions: async (_d, _r, context) => {
          if (context.only?.value === 'source.fixAll.scalewise' && asked++ === 0) {
            await new Promise((resolve) => setTimeout(resolve, 1));
            registered.push(vscode.languages.registerCodeActionsProvider(selector, { provideCodeActions: () => [] }));
          }
          return [];
        },
      }),
    );
    try {
      const message = await vscode.commands.executeCommand<string>('scalewise.fixAll');
      assert.ok(asked >= 2, `Fix All asked again after the cancelled request (asked ${asked} times)`);
      assert.match(message, /^Scalewise fixed 1 problem: 1 × compose\/legacy-resource-keys\./);
    } finally {
      for (const r of registered) r.dispose();
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});
