/**
 * The CLI's facts (collectWorkspaceFactsOnce, each Compose file handed over from its lint's own
 * parse) are the facts collectWorkspaceFacts reads, whether a rule asks before or after the files
 * were handed over.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseFile } from '../../server/src/engine/parse';
import { collectWorkspaceFacts, collectWorkspaceFactsOnce, discover, readFactsFile } from '../../server/src/files';
import { repoRoot } from '../helpers/lsp-client';

const found = discover([path.join(repoRoot(), 'examples'), path.join(repoRoot(), 'test/fixtures')], repoRoot());

/** The facts as plain data, each getter read. */
const plain = (facts: object) => JSON.parse(JSON.stringify(facts)) as unknown;

test('the facts from the lints’ parses equal the facts read on their own', () => {
  const eager = plain(collectWorkspaceFacts(found.files, found.commandSources));
  const { facts, offer } = collectWorkspaceFactsOnce(found.files, found.commandSources);
  let offered = 0;
  for (const file of found.files.filter((f) => /\.ya?ml$/i.test(f))) {
    let text: string;
    try {
      text = readFactsFile(file);
    } catch {
      continue;
    }
    offer(file, Buffer.byteLength(text), text, parseFile(file, text).documents[0]?.doc);
    offered++;
  }
  assert.ok(offered > 20, `${offered} files handed over`);
  assert.ok((facts.composeFiles ?? []).length >= 3, `${facts.composeFiles?.length} Compose files among them`);
  assert.deepEqual(plain(facts), eager);
});

test('read before any file is handed over, the facts are the same', () => {
  const eager = plain(collectWorkspaceFacts(found.files, found.commandSources));
  const { facts, offer } = collectWorkspaceFactsOnce(found.files, found.commandSources);
  assert.deepEqual(plain(facts), eager);
  // Handed over too late: the facts already read stay as they were.
  const first = found.files.find((f) => /compose/.test(f))!;
  offer(first, 10, 'services:\n  other: {}\n', undefined);
  assert.deepEqual(plain(facts), eager);
});
