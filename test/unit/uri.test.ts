/**
 * File URIs to paths and back, as vscode-uri's `URI.parse(u).fsPath` and `URI.file(p).toString()`
 * give them (the editor's URIs are vscode-uri's). The platform is a parameter, so the Windows
 * cases run on any machine. `file:///c%3A/…` used to become `/c:/…`, so on Windows the
 * `Chart.yaml` beside a `values.yaml` was looked for in `\c:\…`.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { filePathOf } from '../../server/src/engine/detect';
import { fileUriToPath, pathToFileUri } from '../../server/src/engine/uri';

describe('file URIs and paths', () => {
  const win: [string, string][] = [
    ['file:///c%3A/Users/x/values.yaml', 'c:\\Users\\x\\values.yaml'],
    ['file:///C:/Users/x/values.yaml', 'c:\\Users\\x\\values.yaml'],
    ['file:///c%3A/My%20Charts/a%23b/values.yaml', 'c:\\My Charts\\a#b\\values.yaml'],
    ['file://server/share/chart/values.yaml', '\\\\server\\share\\chart\\values.yaml'],
  ];
  for (const [uri, expected] of win) {
    test(`win32: ${uri}`, () => {
      assert.equal(fileUriToPath(uri, 'win32'), expected);
      assert.equal(filePathOf(uri, 'win32'), expected);
    });
  }

  test('win32: the Chart.yaml beside a values file is in the same folder', () => {
    const values = filePathOf('file:///c%3A/Users/x/values.yaml', 'win32');
    assert.equal(path.win32.join(path.win32.dirname(values), 'Chart.yaml'), 'c:\\Users\\x\\Chart.yaml');
  });

  const posix: [string, string][] = [
    ['file:///home/u/values.yaml', '/home/u/values.yaml'],
    ['file:///home/u/My%20Charts/a%23b%25/values.yaml', '/home/u/My Charts/a#b%/values.yaml'],
  ];
  for (const [uri, expected] of posix) {
    test(`posix: ${uri}`, () => {
      assert.equal(fileUriToPath(uri, 'posix'), expected);
      assert.equal(filePathOf(uri, 'posix'), expected);
    });
  }

  test('paths to URIs (vscode-uri URI.file().toString())', () => {
    assert.equal(pathToFileUri('c:\\Users\\x\\values.yaml', 'win32'), 'file:///c%3A/Users/x/values.yaml');
    assert.equal(
      pathToFileUri('C:\\My Charts\\a#b\\values.yaml', 'win32'),
      'file:///c%3A/My%20Charts/a%23b/values.yaml',
    );
    assert.equal(pathToFileUri('\\\\server\\share\\values.yaml', 'win32'), 'file://server/share/values.yaml');
    assert.equal(
      pathToFileUri('/home/u/My Charts/a#b/values.yaml', 'posix'),
      'file:///home/u/My%20Charts/a%23b/values.yaml',
    );
    for (const [uri, p] of win) assert.equal(fileUriToPath(pathToFileUri(p, 'win32'), 'win32'), p, `${uri} round trip`);
    for (const [, p] of posix) assert.equal(fileUriToPath(pathToFileUri(p, 'posix'), 'posix'), p);
  });

  test('not a file URI', () => {
    assert.equal(fileUriToPath('untitled:Untitled-1', 'posix'), null);
    assert.equal(filePathOf('untitled:Untitled-1', 'posix'), 'untitled:Untitled-1');
    assert.equal(filePathOf('/plain/path.yaml', 'posix'), '/plain/path.yaml');
  });
});
