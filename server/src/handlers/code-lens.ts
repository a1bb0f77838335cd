import { LSPErrorCodes, ResponseError, type CodeLens } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintResult, SizingHint } from '../engine/types';
import { ServerCommands, type SizingDetailsArgs } from '../protocol';
import { toRange } from './convert';

/** The longest lens title: VS Code cuts a longer line of lenses at the editor's edge. */
export const LENS_TITLE_MAX = 60;

/**
 * `title` cut to `max` characters with ` …`: at the last `; `, `: `, `, ` or ` (` before that
 * outside parentheses, else at the last space outside them: the whole title is in the lens's
 * tooltip and in what a click shows.
 */
export function shortTitle(title: string, max = LENS_TITLE_MAX): string {
  if (title.length <= max) return title;
  const room = title.slice(0, max - 2);
  let depth = 0;
  let clause = -1;
  let space = -1;
  for (let i = 0; i < room.length; i++) {
    const c = room[i];
    if (depth === 0 && c === ' ') {
      space = i;
      if (room[i + 1] === '(') clause = i;
    }
    if (depth === 0 && (c === ';' || c === ':' || c === ',') && room[i + 1] === ' ') clause = i;
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
  }
  const at = clause > max / 3 ? clause : space > max / 3 ? space : room.length;
  return `${room.slice(0, at)} …`;
}

/**
 * A hover's Markdown as plain text, for a tooltip and `window/showMessage`: emphasis markers,
 * code span fences and backslash escapes are taken out.
 */
export function markdownToText(md: string): string {
  // One pass, so that a backslash inside a code span stays.
  return md.replace(
    /(`+) ?([^`]|[^`][\s\S]*?[^`]) ?\1(?!`)|\\([!-/:-@[-`{-~])|\*\*/g,
    (_all, _fence: string | undefined, code: string | undefined, escaped: string | undefined) => code ?? escaped ?? '',
  );
}

/** What a click on a sizing lens shows: its whole title, then the detail the hover has. */
export function sizingDetails(h: Pick<SizingHint, 'title' | 'detail'>): SizingDetailsArgs {
  return { title: h.title, ...(h.detail ? { detail: markdownToText(h.detail) } : {}) };
}

/**
 * Sizing summaries where they say something (not for a service at one replica without limits:
 * its hover still has it), at most `LENS_TITLE_MAX` characters. A click shows the whole summary
 * and the detail (`ServerCommands.showSizing`, `window/showMessage`, for any editor); the tooltip
 * has the same text. Scaling is the scale lens's beside it (handlers/scale.ts).
 */
export function codeLenses(doc: TextDocument, result: LintResult): CodeLens[] {
  return result.hints
    .filter((h) => h.lens && !h.plain)
    .map((h) => {
      const r = toRange(doc, h.range);
      const args = sizingDetails(h);
      return {
        range: { start: r.start, end: r.start },
        command: {
          title: shortTitle(h.title),
          tooltip: args.detail ? `${args.title}\n\n${args.detail}` : args.title,
          command: ServerCommands.showSizing,
          arguments: [args],
        },
      };
    });
}

/**
 * What a lens sent without its command carries: the answer it belongs to and its place in it, as
 * `[answer, index]`. Short on purpose: a 5,000-service file has 10,000 lenses, and a uri in each
 * would be most of the answer.
 */
export type LensData = [answer: number, index: number];

function isLensData(x: unknown): x is LensData {
  return Array.isArray(x) && x.length === 2 && Number.isInteger(x[0]) && Number.isInteger(x[1]);
}

interface Answer {
  id: number;
  version: number;
  result: LintResult;
  stamp: number;
  lenses: CodeLens[];
  bare: CodeLens[];
}

/**
 * The lenses of the last answer per document. `textDocument/codeLens` sends them without their
 * commands and `codeLens/resolve` fills in one: VS Code builds a widget (DOM, layout on every
 * keystroke) for each lens that has a command, but resolves only the lenses in view, so a file of
 * 2,000 services no longer carries 4,000 rendered lenses. An answer is kept while its lint result
 * is the cached one: the same version answers with the same lenses without computing them again.
 */
export class LensStore {
  private readonly answers = new Map<string, Answer>();
  /** The uri of each answer still kept, by its id. */
  private readonly uris = new Map<number, string>();
  /** Bumped when what lenses read beside the lint result changes (the scale handler's contexts). */
  private stamp = 0;
  private answered = 0;

  /**
   * The lenses of `result` (the lint of `doc.version`), without commands. `compute` gives them with
   * their commands. Kubernetes lenses are computed for every request: their scale lenses read the
   * cluster's workloads, which the scale handler keeps briefly and reads again on the first request
   * after that.
   */
  lenses(doc: TextDocument, result: LintResult, compute: () => CodeLens[]): CodeLens[] {
    const last = this.answers.get(doc.uri);
    if (
      last &&
      last.result === result &&
      last.version === doc.version &&
      last.stamp === this.stamp &&
      result.kind !== 'kubernetes'
    )
      return last.bare;
    const lenses = compute();
    const id = ++this.answered;
    const bare = lenses.map((l, index): CodeLens => {
      const data: LensData = [id, index];
      return { range: l.range, data };
    });
    if (last) this.uris.delete(last.id);
    this.answers.set(doc.uri, { id, version: doc.version, result, stamp: this.stamp, lenses, bare });
    this.uris.set(id, doc.uri);
    return bare;
  }

  /**
   * The lens with its command, from the answer it came from. A lens of an answer since replaced (an
   * older version, or the same one after a context changed) gets ContentModified: the editor asks
   * for the lenses again.
   */
  resolve(lens: CodeLens): CodeLens {
    if (lens.command || !isLensData(lens.data)) return lens;
    const [id, index] = lens.data;
    const uri = this.uris.get(id);
    const answer = uri === undefined ? undefined : this.answers.get(uri);
    const full = answer?.id === id ? answer.lenses[index] : undefined;
    if (!full?.command)
      throw new ResponseError(LSPErrorCodes.ContentModified, 'the lenses changed; ask again for them');
    return { range: lens.range, command: full.command };
  }

  /** What the lenses show changed beside the lint (a context, a trust): no answer so far holds. */
  invalidate(): void {
    this.stamp++;
  }

  forget(uri: string): void {
    const last = this.answers.get(uri);
    if (last) this.uris.delete(last.id);
    this.answers.delete(uri);
  }
}
