import type { CodeLens } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintResult } from '../engine/types';
import { toRange } from './convert';

/** Sizing summaries. The command is empty: a lens that only informs. */
export function codeLenses(doc: TextDocument, result: LintResult): CodeLens[] {
  return result.hints
    .filter((h) => h.lens)
    .map((h) => {
      const r = toRange(doc, h.range);
      return { range: { start: r.start, end: r.start }, command: { title: h.title, command: '' } };
    });
}
