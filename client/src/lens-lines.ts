/**
 * Which code lenses to hand VS Code: the ones near what the editor shows, in a file with many.
 * No `vscode` import, so the unit tests run it in Node.
 *
 * Why: VS Code keeps a view zone for every lens line of a file and updates each of them on every
 * keystroke (`CodeLensContribution`, src/vs/editor/contrib/codelens/browser/codelensController.ts,
 * `lens.update(viewZoneAccessor)` for all symbols). In a 2,000-service Compose file (2,001 lens
 * lines) typing with our lenses on took about 6 x as long per keystroke as without the extension
 * (bench/vscode-typing.mjs). Lenses far from the viewport are never seen before the next answer,
 * so a window of lines around the visible ranges shows the same lenses at a fraction of the cost.
 */

/** A 0-based line range, both ends included (VS Code's visible ranges). */
export interface LineSpan {
  start: number;
  end: number;
}

/** Below this many lenses a file gets all of them: the editor keeps up, and scrolling never waits. */
export const ALL_LENSES_UP_TO = 300;

/** Lines kept above and below each visible range: a page or two of scrolling shows lenses at once. */
export const WINDOW_MARGIN = 150;

/** The spans the lenses are answered for: each visible range widened by the margin. */
export function lensWindow(visible: readonly LineSpan[], margin = WINDOW_MARGIN): LineSpan[] {
  return visible.map((v) => ({ start: Math.max(0, v.start - margin), end: v.end + margin }));
}

/**
 * The lenses to show: all of them when there are few or no editor shows the document (nothing is
 * known of the viewport), else those whose line is inside one of the windows.
 */
export function lensesNear<L extends { range: { start: { line: number } } }>(
  lenses: readonly L[],
  windows: readonly LineSpan[],
  allUpTo = ALL_LENSES_UP_TO,
): L[] {
  if (lenses.length <= allUpTo || windows.length === 0) return [...lenses];
  return lenses.filter((l) => windows.some((w) => l.range.start.line >= w.start && l.range.start.line <= w.end));
}

/**
 * Whether the editor scrolled far enough that the answered windows no longer cover what it shows
 * with half a margin to spare: then the lenses are asked for again.
 */
export function needsNewWindow(
  answered: readonly LineSpan[],
  visible: readonly LineSpan[],
  margin = WINDOW_MARGIN,
): boolean {
  const slack = Math.floor(margin / 2);
  const covered = (v: LineSpan) =>
    answered.some((w) => Math.max(0, v.start - slack) >= w.start && v.end + slack <= w.end);
  return !visible.every(covered);
}
