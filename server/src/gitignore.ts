/**
 * .gitignore rules as git reads them (gitignore(5), git/dir.c), over the bounded matcher of
 * engine/glob.ts. Pure: files.ts reads the files and walks the folders; this parses one file's
 * text and answers for one path. A folder that is ignored is not walked, which is how "it is not
 * possible to re-include a file if a parent directory of that file is excluded" holds.
 */
import { compileGlob, type Glob } from './engine/glob';
import { prose } from './engine/template-text';

/** Patterns read per .gitignore file; the rest are skipped with a note. Real files have hundreds. */
export const MAX_PATTERNS_PER_FILE = 1000;
/** Longer patterns are skipped with a note (a path component is at most 255 bytes on most systems). */
export const MAX_PATTERN_LENGTH = 1024;
/**
 * Characters of patterns read per .gitignore. Matching costs patterns × path length per entry,
 * so this bounds the walk: at 1,000 crafted patterns of 1,024 characters a folder entry took about
 * a second; 64 KiB is several times GitHub's largest template (VisualStudio.gitignore, ~7 KB).
 */
export const MAX_PATTERN_CHARS_PER_FILE = 64 * 1024;

export interface IgnoreRule {
  /** The pattern as the matcher sees it: without `!`, the trailing `/` and an anchoring `/`. */
  readonly pattern: string;
  readonly line: number;
  readonly negate: boolean;
  /** A trailing `/`: only folders. */
  readonly dirOnly: boolean;
  /** No `/` before the end: matched against the name, at any depth below the file's folder. */
  readonly anyDepth: boolean;
  readonly glob: Glob;
}

/** Something the reader skipped, for the CLI to print as `file:line: message`. */
export interface IgnoreNote {
  file: string;
  line: number;
  message: string;
}

export interface ParsedIgnore {
  rules: IgnoreRule[];
  notes: IgnoreNote[];
}

/** One .gitignore file's text; `file` only names it in the notes. */
export function parseGitignore(text: string, file: string): ParsedIgnore {
  const rules: IgnoreRule[] = [];
  const notes: IgnoreNote[] = [];
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split('\n');
  let chars = 0;
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '' || line.startsWith('#')) continue;
    line = trimTrailingSpaces(line);
    if (line === '') continue;
    if (rules.length >= MAX_PATTERNS_PER_FILE) {
      notes.push({
        file,
        line: n + 1,
        message: prose`
        only the first ${MAX_PATTERNS_PER_FILE} patterns of a .gitignore are read; this one and the rest are
        not applied
      `,
      });
      break;
    }
    if (line.length > MAX_PATTERN_LENGTH) {
      notes.push({ file, line: n + 1, message: `pattern longer than ${MAX_PATTERN_LENGTH} characters, not applied` });
      continue;
    }
    chars += line.length;
    if (chars > MAX_PATTERN_CHARS_PER_FILE) {
      notes.push({
        file,
        line: n + 1,
        message: prose`
        only the first ${MAX_PATTERN_CHARS_PER_FILE / 1024} KiB of patterns of a .gitignore are read; this one
        and the rest are not applied
      `,
      });
      break;
    }
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    // A `/` at the start or in the middle anchors the pattern to the file's folder.
    const anyDepth = !line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    const glob = compileGlob(line, { dialect: 'gitignore', literalPrefixStripped: !anyDepth });
    rules.push({ pattern: line, line: n + 1, negate, dirOnly, anyDepth, glob });
  }
  return { rules, notes };
}

/** git's trim_trailing_spaces: spaces only (not tabs), unless the last one is escaped with `\`. */
function trimTrailingSpaces(line: string): string {
  let lastSpace = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === ' ') {
      if (lastSpace < 0) lastSpace = i;
    } else {
      if (c === '\\' && ++i >= line.length) return line;
      lastSpace = -1;
    }
  }
  return lastSpace < 0 ? line : line.slice(0, lastSpace);
}

/**
 * What the last matching rule of one file says about a path relative to the file's folder
 * (`/`-separated): true ignored, false re-included by a `!` rule, undefined no rule matched
 * (ask the .gitignore of the folder above). `name` is the last segment, if the caller has it.
 */
export function matchIgnore(
  rules: readonly IgnoreRule[],
  relPath: string,
  isDir: boolean,
  name = relPath.slice(relPath.lastIndexOf('/') + 1),
): boolean | undefined {
  for (let i = rules.length - 1; i >= 0; i--) {
    const r = rules[i]!;
    if (r.dirOnly && !isDir) continue;
    if (r.glob.test(r.anyDepth ? name : relPath)) return !r.negate;
  }
  return undefined;
}
