import { composeWithin, nestingLimit } from './nesting';
import type { ParsedDocument, ParsedFile } from './types';
import { anchorIndex } from './yaml-ast';

/** Files above this size are not parsed: a diagnostic says so instead of freezing the editor. */
export const MAX_LINT_BYTES = 8 * 1024 * 1024;

/**
 * Scripts, Makefiles and READMEs above this size are not read for commands (`script/too-large`
 * says so): unbounded, a 20 MB script took 33 s and 2.5 GB. Real ones are kilobytes; the k3s
 * install script itself (k3s-io/k3s@0136cf2:install.sh, what get.k3s.io serves) is 36 KB, so
 * 2 MB leaves fifty times that. It is also where the CLI's workspace scan already stopped reading
 * command sources (files.ts MAX_COMMAND_SOURCE_BYTES).
 */
export const MAX_SCRIPT_BYTES = 2 * 1024 * 1024;

export function looksLikeShell(uri: string, text: string): boolean {
  if (/\.(sh|bash|zsh|ksh)$/i.test(uri) || /(^|\/)(Makefile|Dockerfile)$/i.test(uri)) return true;
  // Other command sources (make fragments, Justfiles, READMEs) are read as text, never as YAML.
  if (/\.(mk|md|markdown)$/i.test(uri) || /(^|\/)(GNUmakefile|Justfile)$/.test(uri)) return true;
  return /^#!.*\b(ba|z|k|da)?sh\b/.test(text);
}

/** The line break a file uses most: new lines written by a fix use it too. */
export type LineBreak = '\n' | '\r\n' | '\r';

export function dominantLineBreak(text: string): LineBreak {
  let lf = 0;
  let crlf = 0;
  let cr = 0;
  for (let i = text.indexOf('\r'); i !== -1; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) === 10) crlf++;
    else cr++;
  }
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lf++;
  lf -= crlf;
  if (cr > lf && cr > crlf) return '\r';
  return crlf > lf ? '\r\n' : '\n';
}

/**
 * A lone CR is a line break in YAML 1.2 (b-break) and for go-yaml, but the `yaml` parser only
 * breaks lines at LF. Each lone CR becomes an LF: the same length, so every offset into the
 * normalised text is an offset into the original too, and fixes apply to the original unchanged.
 */
export function normaliseLoneCr(text: string): string {
  if (!text.includes('\r')) return text;
  return text.replace(/\r(?!\n)/g, '\n');
}

/**
 * TOML and INI files (DRAKVUF Sandbox's config.toml and config.ini) are not YAML: an INI line
 * `host=localhost` would read as a YAML scalar and `[redis]` as a sequence. Their own readers
 * (model/drakrun.ts) parse them; here they are text.
 */
export function looksLikeConfigText(uri: string): boolean {
  return /\.(toml|ini)$/i.test(uri);
}

export interface ParseOptions {
  /** `limits.maxNestingDepth`; clamped by nestingLimit. */
  maxNestingDepth?: number;
}

/**
 * Parses a YAML stream keeping exact ranges. Never throws: syntax errors stay on each
 * document's `errors` and become findings of `yaml/syntax-error`. `file.text` is the text with
 * lone CRs read as line breaks (see normaliseLoneCr), offset for offset the text given. A text
 * that nests deeper than the limit is not parsed (`file.tooDeep`), see nesting.ts.
 */
export function parseFile(uri: string, original: string, options: ParseOptions = {}): ParsedFile {
  const text = normaliseLoneCr(original);
  const eol = lineBreakOf(original, text);
  if (looksLikeShell(uri, text) || looksLikeConfigText(uri) || text.length > MAX_LINT_BYTES) {
    return { uri, text, eol, documents: [], isYaml: !looksLikeShell(uri, text) && !looksLikeConfigText(uri) };
  }
  let documents: ParsedDocument[] = [];
  try {
    const composed = composeWithin(text, nestingLimit(options.maxNestingDepth), COMPOSE_OPTIONS);
    if (composed.overflow) return { uri, text, eol, documents: [], isYaml: true, tooDeep: composed.overflow };
    documents = composed.documents.map(parsedDocument);
    // Aliases resolved once per document, so that readers without the document at hand (getPair
    // through a `<<` merge key) see what they refer to. No `*` in the text: no alias to resolve.
    if (text.includes('*')) for (const d of documents) anchorIndex(d.doc);
  } catch {
    // The parser is total in practice; a throw here is a bug in it, not in the user's file.
    documents = [];
  }
  return { uri, text, eol, documents, isYaml: true };
}

/** How every YAML text of a lint is composed (incremental.ts parses slices the same way). */
export const COMPOSE_OPTIONS = { uniqueKeys: false, strict: true } as const;

export function parsedDocument(doc: ParsedDocument['doc']): ParsedDocument {
  return {
    doc,
    root: (doc.contents as ParsedDocument['root']) ?? null,
    range: { start: doc.range[0], end: doc.range[2] },
  };
}

/** The line break of `original`, whose lone CRs `text` reads as LFs. */
export function lineBreakOf(original: string, text: string): LineBreak {
  return text === original ? (text.includes('\r\n') ? dominantLineBreak(text) : '\n') : dominantLineBreak(original);
}
