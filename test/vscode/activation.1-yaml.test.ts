/** On a copy of examples/polarway (no .scalewise.yaml): not active until a YAML file is opened (onLanguage:yaml). */
import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { extension, open, scalewiseDiagnostics, until } from './util';

describe('activation on YAML', () => {
  it('is not active before a file is opened, activates on docker-compose.yml and lints it', async () => {
    assert.equal(extension().isActive, false);
    const { document: doc } = await open('docker-compose.yml');
    await until('the extension to activate', () => extension().isActive);
    await until('diagnostics on docker-compose.yml', () => scalewiseDiagnostics(doc.uri).length > 0);
    assert.ok(['yaml', 'dockercompose'].includes(doc.languageId), doc.languageId);
  });
});
