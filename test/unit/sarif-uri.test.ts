/**
 * SARIF artifact locations name a file by the URI the language server gives it (engine/uri.ts,
 * vscode-uri): a lower-case, encoded drive letter and the same percent-encoding, so a code-scanning
 * result and an editor diagnostic point at one file. The platform is a parameter, so the Windows
 * cases run on any machine.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pathToFileUri } from '../../server/src/engine/uri';
import { artifactLocation, srcRootUri } from '../../server/src/formatters/sarif';

/** The absolute URI a location stands for: %SRCROOT% resolved against the working directory's. */
function absolute(loc: { uri: string; uriBaseId?: string }, cwd: string, platform: 'posix' | 'win32'): string {
  return loc.uriBaseId === '%SRCROOT%' ? srcRootUri(cwd, platform) + loc.uri : loc.uri;
}

test('win32: a drive letter and the encoding as the LSP side writes them', () => {
  const cwd = 'C:\\Work\\repo';
  assert.equal(srcRootUri(cwd, 'win32'), 'file:///c%3A/Work/repo/');
  const inside = 'C:\\Work\\repo\\My Charts#1\\values.yaml';
  assert.deepEqual(artifactLocation(inside, cwd, 'win32'), {
    uri: 'My%20Charts%231/values.yaml',
    uriBaseId: '%SRCROOT%',
  });
  const outside = 'D:\\other\\a@b+c (1)\\values.yaml';
  assert.deepEqual(artifactLocation(outside, cwd, 'win32'), {
    uri: 'file:///d%3A/other/a%40b%2Bc%20%281%29/values.yaml',
  });
  for (const p of [inside, outside, 'c:\\work\\repo\\x.yaml'])
    assert.equal(absolute(artifactLocation(p, cwd, 'win32'), cwd, 'win32'), pathToFileUri(p, 'win32'), p);
});

test('posix: spaces, # and the characters vscode-uri encodes', () => {
  const cwd = '/home/u/repo';
  for (const p of [
    '/home/u/repo/My Charts#1/x,y/values.yaml',
    '/home/u/a@b+c (1)/values.yaml',
    "/home/u/repo/[x]/y%z?q/(p)*'~/v.yaml",
  ]) {
    assert.equal(absolute(artifactLocation(p, cwd, 'posix'), cwd, 'posix'), pathToFileUri(p, 'posix'), p);
  }
  assert.equal(srcRootUri('/', 'posix'), 'file:///');
});
