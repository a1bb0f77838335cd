/**
 * Snippets as completion items, only those for the kind of file at hand (Compose resource blocks
 * in a Compose or stack file, container resources and the HPA in a manifest, RunaiConfig groups
 * in a RunaiConfig, ...). snippets/yaml.json is the one source: each entry names its `kinds`.
 * package.json contributes no snippets, so VS Code does not offer all of them in every file.
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { KindOrNone } from '../engine/types';
import SNIPPETS from '../../../snippets/yaml.json';

export interface Snippet {
  name: string;
  prefix: string[];
  kinds: string[];
  /** A whole file (an HPA, a k3s config): offered in an empty file that is no kind yet, too. */
  wholeFile: boolean;
  description: string;
  body: string[];
}

/** The entries of snippets/yaml.json, in its order. */
export const SNIPPET_LIST: readonly Snippet[] = Object.entries(
  SNIPPETS as Record<
    string,
    { prefix: string | string[]; kinds: string[]; wholeFile?: boolean; description: string; body: string[] }
  >,
).map(([name, s]) => ({
  name,
  prefix: Array.isArray(s.prefix) ? s.prefix : [s.prefix],
  kinds: s.kinds,
  wholeFile: s.wholeFile === true,
  description: s.description,
  body: s.body,
}));

/** The text a snippet inserts with every placeholder at its default: for a client without snippet support. */
export function expandDefaults(body: string): string {
  let text = body.replace(/\\\$/g, '\u0000').replace(/\\\}/g, '\u0001');
  for (let before = ''; before !== text;) {
    before = text;
    text = text
      .replace(/\$\{\d+:([^${}]*)\}/g, '$1')
      .replace(/\$\{\d+\|([^,|]*)[^|]*\|\}/g, '$1')
      .replace(/\$\{\d+\}/g, '')
      .replace(/\$\d+/g, '');
  }
  return text.replace(/\u0000/g, '$').replace(/\u0001/g, '}');
}

/**
 * The snippets for `kind` where a key can start: the line holds only indentation and the word
 * being typed. In an empty YAML file of no kind yet, the whole-file ones. The item replaces that
 * word (VS Code's words stop at `-`, and the prefixes have some); its label is the short prefix,
 * its detail the snippet's name.
 */
export function snippetCompletions(
  doc: TextDocument,
  kind: KindOrNone,
  position: Position,
  snippetSupport: boolean,
): CompletionItem[] {
  const lineStart = doc.offsetAt({ line: position.line, character: 0 });
  const before = doc.getText().slice(lineStart, doc.offsetAt(position));
  const m = /^(\s*)[\w-]*$/.exec(before);
  if (!m) return [];
  const range = { start: { line: position.line, character: m[1]!.length }, end: position };
  // A new, empty file has no kind yet: the snippets that are a whole file start one.
  const text = doc.getText();
  const yaml = doc.languageId === 'yaml' || doc.languageId === 'dockercompose' || /\.ya?ml$/i.test(doc.uri);
  const empty =
    kind === 'none' && yaml && `${text.slice(0, lineStart)}${text.slice(doc.offsetAt(position))}`.trim() === '';
  const offered = SNIPPET_LIST.filter((s) => s.kinds.includes(kind) || (empty && s.wholeFile));
  return offered.map((s, i): CompletionItem => {
    const byLength = [...s.prefix].sort((a, b) => a.length - b.length);
    const body = s.body.join('\n');
    return {
      label: byLength[0]!,
      kind: CompletionItemKind.Snippet,
      detail: s.name,
      documentation: { kind: MarkupKind.PlainText, value: s.description },
      // The short prefix for the label, the long one too, so that either, typed, finds it.
      filterText: `${byLength[0]!} ${byLength[byLength.length - 1]!}`,
      sortText: `scalewise-${String(i).padStart(2, '0')}`,
      insertTextFormat: snippetSupport ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range, newText: snippetSupport ? body : expandDefaults(body) },
    };
  });
}
