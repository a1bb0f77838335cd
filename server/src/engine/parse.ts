import { parseAllDocuments } from 'yaml';
import type { ParsedDocument, ParsedFile } from './types';

/** Files above this size are not parsed: a diagnostic says so instead of freezing the editor. */
export const MAX_LINT_BYTES = 8 * 1024 * 1024;

export function looksLikeShell(uri: string, text: string): boolean {
  if (/\.(sh|bash|zsh|ksh)$/i.test(uri) || /(^|\/)(Makefile|Dockerfile)$/i.test(uri)) return true;
  // Other command sources (make fragments, Justfiles, READMEs) are read as text, never as YAML.
  if (/\.(mk|md|markdown)$/i.test(uri) || /(^|\/)(GNUmakefile|Justfile)$/.test(uri)) return true;
  return /^#!.*\b(ba|z|k|da)?sh\b/.test(text);
}

/**
 * Parses a YAML stream keeping exact ranges. Never throws: syntax errors stay on each
 * document's `errors` and become findings of `yaml/syntax-error`.
 */
export function parseFile(uri: string, text: string): ParsedFile {
  if (looksLikeShell(uri, text) || text.length > MAX_LINT_BYTES) {
    return { uri, text, documents: [], isYaml: !looksLikeShell(uri, text) };
  }
  let documents: ParsedDocument[] = [];
  try {
    const docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: true });
    const list = Array.isArray(docs) ? docs : [];
    documents = list.map((doc) => ({
      doc,
      root: (doc.contents as ParsedDocument['root']) ?? null,
      range: { start: doc.range[0], end: doc.range[2] },
    }));
  } catch {
    // The parser is total in practice; a throw here is a bug in it, not in the user's file.
    documents = [];
  }
  return { uri, text, documents, isYaml: true };
}
