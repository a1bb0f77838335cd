/**
 * File URIs to paths and back, the one place that converts them, built on vscode-uri (the parser
 * VS Code itself uses, so `file:///c%3A/Users/x/values.yaml` means what the editor meant by it).
 * vscode-uri's own `fsPath` picks `\` or `/` by the platform it runs on; here the platform is a
 * parameter, so the Windows cases are tested anywhere. What stays hand-written is only that choice
 * of separator, as vscode-uri's `uriToFsPath` makes it (microsoft/vscode-uri src/uri.ts).
 */
import { URI } from 'vscode-uri';

export type PathPlatform = 'posix' | 'win32';

/** The platform this process runs on: the default of the functions here and their callers'. */
export const HOST_PLATFORM: PathPlatform = process.platform === 'win32' ? 'win32' : 'posix';

/** The path of a `file:` URI, or null for another scheme (`untitled:`, `vscode-notebook-cell:`). */
export function fileUriToPath(uri: string, platform: PathPlatform = HOST_PLATFORM): string | null {
  let parsed: URI;
  try {
    parsed = URI.parse(uri, true);
  } catch {
    return null;
  }
  if (parsed.scheme !== 'file') return null;
  const p = parsed.path || '/';
  let value: string;
  if (parsed.authority && p.length > 1)
    value = `//${parsed.authority}${p}`; // UNC: file://server/share/x
  else if (/^\/[A-Za-z]:/.test(p))
    value = p.charAt(1).toLowerCase() + p.slice(2); // file:///c:/x
  else value = p;
  return platform === 'win32' ? value.replace(/\//g, '\\') : value;
}

/** The `file:` URI of a path, as the editor spells it (a lower-case, encoded drive letter). */
export function pathToFileUri(fsPath: string, platform: PathPlatform = HOST_PLATFORM): string {
  // URI.file reads `\` as a separator only on Windows hosts; say it for the platform asked for.
  return URI.file(platform === 'win32' ? fsPath.replace(/\\/g, '/') : fsPath).toString();
}
