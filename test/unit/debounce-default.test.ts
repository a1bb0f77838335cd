/**
 * The debounce default (issue 11, "Latency where people feel it") is one number in three places:
 * the server's DEFAULT_SETTINGS (what a client that sends no settings gets), the default
 * package.json contributes (what VS Code sends), and the settings table of docs/configuration.md,
 * whose "Choosing the debounce" section gives the measurements behind it.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS } from '../../server/src/protocol';
import { repoRoot } from '../helpers/lsp-client';

interface Manifest {
  contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
}

test('scalewise.debounceMs has the same default in the server, package.json and docs/configuration.md', () => {
  const root = repoRoot();
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as Manifest;
  const docs = fs.readFileSync(path.join(root, 'docs/configuration.md'), 'utf8');
  const row = /^\| `scalewise\.debounceMs` \| `(\d+)` \|/m.exec(docs);
  assert.ok(row, 'docs/configuration.md has a row for scalewise.debounceMs');
  assert.equal(
    manifest.contributes.configuration.properties['scalewise.debounceMs']?.default,
    DEFAULT_SETTINGS.debounceMs,
  );
  assert.equal(Number(row[1]), DEFAULT_SETTINGS.debounceMs, 'the settings table');
  const section = /^## Choosing the debounce\n([\s\S]*?)(?=^## )/m.exec(docs);
  assert.ok(section, 'docs/configuration.md explains the choice');
  assert.match(section[1]!, new RegExp(`default is ${DEFAULT_SETTINGS.debounceMs} ms`));
});
