/**
 * File URIs to paths and back, the one place that converts them. Editors send URIs made by
 * vscode-uri (`file:///c%3A/Users/x/values.yaml` for `c:\Users\x\values.yaml`); these give what
 * its `URI.parse(uri).fsPath` and `URI.file(path).toString()` give (microsoft/vscode-uri
 * src/uri.ts: `uriToFsPath`, `_asFormatted`, `encodeURIComponentFast`), so a later switch to the
 * package changes nothing. The platform is a parameter so that tests run the Windows cases anywhere.
 */

export type PathPlatform = 'posix' | 'win32';

const HOST: PathPlatform = process.platform === 'win32' ? 'win32' : 'posix';

/** `%XX` runs decoded, a run that is not UTF-8 kept as written (vscode-uri `percentDecode`). */
function percentDecode(s: string): string {
  return s.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** The path of a `file:` URI, or null for another scheme (`untitled:`, `vscode-notebook-cell:`). */
export function fileUriToPath(uri: string, platform: PathPlatform = HOST): string | null {
  // RFC 3986 appendix B, as vscode-uri parses.
  const m = /^(([^:/?#]+?):)?(\/\/([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?/.exec(uri);
  if (!m || m[2]?.toLowerCase() !== 'file') return null;
  const authority = percentDecode(m[4] ?? '');
  let p = percentDecode(m[5] ?? '');
  if (!p.startsWith('/')) p = `/${p}`;
  let value: string;
  if (authority && p.length > 1) value = `//${authority}${p}`; // UNC: file://server/share/x
  else if (/^\/[A-Za-z]:/.test(p)) value = p[1]!.toLowerCase() + p.slice(2); // file:///c:/x
  else value = p;
  return platform === 'win32' ? value.replace(/\//g, '\\') : value;
}

/** `encodeURIComponent`, and also the characters vscode-uri encodes that it leaves (`!'()*`). */
function encodeComponent(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The `file:` URI of a path, as the editor spells it (a lower-case, encoded drive letter). */
export function pathToFileUri(fsPath: string, platform: PathPlatform = HOST): string {
  let p = platform === 'win32' ? fsPath.replace(/\\/g, '/') : fsPath;
  let authority = '';
  if (p.startsWith('//')) {
    const slash = p.indexOf('/', 2);
    authority = slash < 0 ? p.slice(2) : p.slice(2, slash);
    p = slash < 0 ? '/' : p.slice(slash) || '/';
  }
  if (!p.startsWith('/')) p = `/${p}`;
  if (/^\/[A-Za-z]:/.test(p)) p = `/${p[1]!.toLowerCase()}${p.slice(2)}`;
  return `file://${encodeComponent(authority.toLowerCase())}${p.split('/').map(encodeComponent).join('/')}`;
}
