/**
 * On a copy of examples/decentralized-learning/k3s without its .scalewise.yaml (scripts and k3s config only):
 * not active until a shell script is opened.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { extension, open, scalewiseDiagnostics, until } from './util';

describe('activation on a shell script', () => {
  it('is not active before a file is opened, activates on install-server.sh (onLanguage:shellscript) and lints it', async () => {
    assert.equal(extension().isActive, false);
    const { document: doc } = await open('install-server.sh');
    assert.equal(doc.languageId, 'shellscript');
    await until('the extension to activate', () => extension().isActive);
    await until('diagnostics on install-server.sh', () => scalewiseDiagnostics(doc.uri).length > 0);
  });
});
