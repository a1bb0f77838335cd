/**
 * Fixing a whole file (`scalewise lint --fix`, "Fix All", source.fixAll on save): the safe fix
 * of each finding, in passes until nothing is left, each pass checked before it is kept.
 *
 * A pass is kept only when the fixed text parses at least as well, changes nothing outside the
 * nodes its edits mean to change (fix-guard.ts), and every fixed finding is gone. A fix that fails
 * is refused with the reason and never retried, so fixing twice gives what fixing once gave.
 */
import { decodeBytes, encodeText, type DecodedText } from './encoding';
import { applyEdits, nonOverlapping } from './fixes';
import { checkEdits, shapeOf, type GuardVerdict, type Shape } from './fix-guard';
import { parseFile } from './parse';
import type { Edit, Finding, Fix, LintResult, ParsedFile } from './types';

export interface AppliedFix {
  ruleId: string;
  title: string;
}

export interface RefusedFix {
  ruleId: string;
  title: string;
  reason: string;
  /** Where the finding is in the returned text. */
  offset: number;
}

export interface FixOutcome {
  text: string;
  /** The lint of `text`. */
  result: LintResult;
  applied: AppliedFix[];
  refused: RefusedFix[];
  /** Safe fixes were still being found when the passes ran out. */
  unsettled: boolean;
  /** Edits that turn the input into `text` (the kept passes' edits, or one edit around what changed). */
  edits: Edit[];
  /** The edits of each kept pass, each against the text the pass started from. */
  passes: Edit[][];
}

export interface FixOptions {
  /** The lint of the input text, when the caller has it. */
  initial?: LintResult;
  maxPasses?: number;
}

interface Candidate {
  finding: Finding;
  fix: Fix;
}

const key = (ruleId: string, messageId: string, title: string, offset: number) =>
  `${ruleId}\u0000${messageId}\u0000${title}\u0000${offset}`;

export function fixFile(input: string, relint: (text: string) => LintResult, opts: FixOptions = {}): FixOutcome {
  const maxPasses = opts.maxPasses ?? 10;
  let text = input;
  let result = opts.initial ?? relint(text);
  let shape: Shape = shapeOf(result.file);
  const applied: AppliedFix[] = [];
  let refused: (RefusedFix & { messageId: string })[] = [];
  const passes: Edit[][] = [];
  let unsettled = false;

  const tryEdits = (
    batch: Candidate[],
  ): { ok: true; edits: Edit[]; text: string; result: LintResult; shape: Shape } | { ok: false; reason: string } => {
    const edits = batch.flatMap((c) => c.fix.edits);
    const next = applyEdits(text, edits);
    const nextResult = relint(next);
    const nextShape = shapeOf(nextResult.file);
    const verdict = checkEdits(shape, nextShape, edits);
    return verdict.ok
      ? { ok: true, edits, text: next, result: nextResult, shape: nextShape }
      : { ok: false, reason: verdict.reason! };
  };
  const refuse = (c: Candidate, reason: string) =>
    refused.push({
      ruleId: c.finding.ruleId,
      messageId: c.finding.messageId,
      title: c.fix.title,
      reason,
      offset: c.finding.range.start,
    });

  // A refused fix refuses at least one candidate, so only kept passes need counting to end.
  for (;;) {
    const refusedKeys = new Set(refused.map((r) => key(r.ruleId, r.messageId, r.title, r.offset)));
    const candidates = safeCandidates(result).filter(
      (c) => !refusedKeys.has(key(c.finding.ruleId, c.finding.messageId, c.fix.title, c.finding.range.start)),
    );
    if (candidates.length === 0) break;
    if (passes.length >= maxPasses) {
      unsettled = true;
      break;
    }
    let batch = nonOverlapping(candidates, (c) => c.fix.edits);
    let attempt = tryEdits(batch);
    if (!attempt.ok) {
      if (batch.length === 1) {
        refuse(batch[0]!, attempt.reason);
        continue;
      }
      // Which fix is at fault? Each alone, parsed (not linted): only a failed pass costs this.
      const culprits = batch.filter((c) => {
        const v = checkFix(result.file, c.fix.edits, shape);
        if (!v.ok) refuse(c, v.reason!);
        return !v.ok;
      });
      if (culprits.length > 0) continue; // the pass is redone without them
      // Each is fine alone but not with the others: this pass keeps only the first.
      batch = batch.slice(0, 1);
      attempt = tryEdits(batch);
      if (!attempt.ok) {
        refuse(batch[0]!, attempt.reason);
        continue;
      }
    }
    const done = attempt;
    const stay = staying(batch, done.edits, done.result);
    if (stay.length > 0) {
      for (const c of stay) refuse(c, 'the finding is still reported after the fix');
      continue;
    }
    const map = offsetMapper(done.edits);
    refused = refused.map((r) => ({ ...r, offset: map(r.offset) }));
    text = done.text;
    result = done.result;
    shape = done.shape;
    for (const c of batch) applied.push({ ruleId: c.finding.ruleId, title: c.fix.title });
    passes.push(done.edits);
  }
  return {
    text,
    result,
    applied,
    refused: refused.map(({ messageId: _m, ...r }) => r),
    unsettled,
    edits: passes.length === 1 ? passes[0]! : passes.length === 0 ? [] : [diffEdit(input, text)],
    passes,
  };
}

/**
 * Whether one fix, applied alone to `file`, passes the guard (fix-guard.ts): what --fix checks of
 * each pass, a quick fix is checked with before it is offered, and the rule tests check of every fix.
 * Parsed, not linted. `before` is the file's shape when the caller has it.
 */
export function checkFix(file: ParsedFile, edits: readonly Edit[], before: Shape = shapeOf(file)): GuardVerdict {
  return checkEdits(before, shapeOf(parseFile(file.uri, applyEdits(file.text, edits))), edits);
}

function safeCandidates(result: LintResult): Candidate[] {
  const out: Candidate[] = [];
  for (const finding of result.findings) {
    const fix = finding.fixes.find((x) => x.safety === 'safe');
    if (fix && fix.edits.length > 0) out.push({ finding, fix });
  }
  return out;
}

/**
 * Maps offsets of the text before `edits` to the text after them (inside a replaced range: to
 * where the replacement starts). Built once per pass; each lookup is a binary search.
 */
export function offsetMapper(edits: readonly Edit[]): (offset: number) => number {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  // shiftBefore[i]: how much the edits before sorted[i] moved the text.
  const shiftBefore: number[] = [0];
  for (const e of sorted) shiftBefore.push(shiftBefore[shiftBefore.length - 1]! + e.text.length - (e.end - e.start));
  return (offset) => {
    // The number of edits that end at or before the offset.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.end <= offset) lo = mid + 1;
      else hi = mid;
    }
    const next = sorted[lo];
    if (next && next.start < offset) return next.start + shiftBefore[lo]!;
    return offset + shiftBefore[lo]!;
  };
}

export function mapOffset(offset: number, edits: readonly Edit[]): number {
  return offsetMapper(edits)(offset);
}

/** The candidates whose finding is still reported where it was (mapped through the pass's edits). */
function staying(batch: readonly Candidate[], edits: readonly Edit[], after: LintResult): Candidate[] {
  const map = offsetMapper(edits);
  const reported = new Set(after.findings.map((g) => `${g.ruleId}\u0000${g.messageId}\u0000${g.range.start}`));
  return batch.filter((c) =>
    reported.has(`${c.finding.ruleId}\u0000${c.finding.messageId}\u0000${map(c.finding.range.start)}`),
  );
}

/** One edit from the first to the last character that differ. */
export function diffEdit(before: string, after: string): Edit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < max - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end))
    end++;
  return { start, end: before.length - end, text: after.slice(start, after.length - end) };
}

export type FixBytesOutcome =
  | { ok: true; outcome: FixOutcome; decoded: DecodedText; /** Undefined when nothing changed. */ bytes?: Uint8Array }
  | { ok: false; reason: string; outcome?: FixOutcome };

/**
 * `fixFile` on a file's bytes, as `scalewise lint --fix` writes them: decoded exactly
 * (encoding.ts), fixed, encoded in the file's own encoding, and checked to decode back to the
 * fixed text. Refused (with the reason) when the bytes cannot be written back exactly.
 */
export function fixBytes(
  bytes: Uint8Array,
  relint: (text: string) => LintResult,
  initial?: LintResult,
): FixBytesOutcome {
  const decoded = decodeBytes(bytes);
  if ('unsupported' in decoded) return { ok: false, reason: decoded.unsupported };
  const outcome = fixFile(decoded.text, relint, initial ? { initial } : {});
  if (outcome.text === decoded.text) return { ok: true, outcome, decoded };
  if (!decoded.exact)
    return {
      ok: false,
      outcome,
      reason: 'its bytes could not be decoded and written back exactly (an odd number of bytes in a UTF-16 file)',
    };
  const out = encodeText(outcome.text, decoded.encoding);
  const back = decodeBytes(out);
  if ('unsupported' in back || back.text !== outcome.text)
    return { ok: false, outcome, reason: 'the fixed text would not be written back exactly' };
  return { ok: true, outcome, decoded, bytes: out };
}
