import type { Finding, Fix, KindOrNone, SizingHint } from '../engine/types';
import type { LineIndex } from '../engine/positions';

/** Something the CLI says about a file beside its findings: a fix it refused, a write that failed. */
export interface FileNote {
  /** `error`: the run could not do what it was asked for this file (exit 2). */
  level: 'error' | 'note';
  message: string;
  /** Where in the (possibly fixed) text, when it is about one place. */
  offset?: number;
}

/** One file, as the formatters see it. Paths are relative to the working folder. */
export interface FileReport {
  path: string;
  kind: KindOrNone;
  kindReason: string;
  findings: Finding[];
  hints: SizingHint[];
  index: LineIndex;
  /** Safe fixes applied by --fix. */
  fixed: number;
  notes: FileNote[];
  /** The file was not linted, and why (a symlink in a folder, too large, not a regular file, unreadable). */
  skipped?: string;
  /**
   * The safe fix of each finding that has one and passes, alone, the guard `--fix` checks each pass
   * with (engine/fix-guard.ts): what SARIF offers as the result's fix. Set for `--format sarif`.
   */
  safeFixes?: ReadonlyMap<Finding, Fix>;
}

/** 1-based line and column, as every output format reports them. */
export function lineCol(index: LineIndex, offset: number): { line: number; column: number } {
  const p = index.position(offset);
  return { line: p.line + 1, column: p.character + 1 };
}

export function region(index: LineIndex, f: { range: { start: number; end: number } }) {
  const s = lineCol(index, f.range.start);
  const e = lineCol(index, Math.max(f.range.end, f.range.start));
  return { startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
}
