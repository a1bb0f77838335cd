/**
 * The code lenses VS Code is handed in a file with many (client/src/lens-lines.ts): those near the
 * viewport, and a new answer once the editor scrolls past the window.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ALL_LENSES_UP_TO, lensesNear, lensWindow, needsNewWindow, WINDOW_MARGIN } from '../../client/src/lens-lines';

const lensAt = (line: number) => ({ range: { start: { line } }, line });
const lenses = (n: number, every = 14) => Array.from({ length: n }, (_, i) => lensAt(i * every));

test('a file with few lenses gets all of them, wherever the editor is', () => {
  const few = lenses(ALL_LENSES_UP_TO);
  assert.equal(lensesNear(few, lensWindow([{ start: 2000, end: 2040 }])).length, ALL_LENSES_UP_TO);
});

test('no editor shows the document: all lenses (nothing is known of the viewport)', () => {
  assert.equal(lensesNear(lenses(2001), []).length, 2001);
});

test('a 2,001-lens file gets the lenses of the visible lines and the margin around them only', () => {
  const all = lenses(2001);
  const shown = lensesNear(all, lensWindow([{ start: 14_000, end: 14_040 }]));
  const lines = shown.map((l) => l.line);
  assert.ok(lines.length > 0 && lines.length < 40, `${lines.length} lenses`);
  assert.ok(lines.every((l) => l >= 14_000 - WINDOW_MARGIN && l <= 14_040 + WINDOW_MARGIN));
  // Every lens of the visible lines is there.
  assert.deepEqual(
    lines.filter((l) => l >= 14_000 && l <= 14_040),
    all.map((l) => l.line).filter((l) => l >= 14_000 && l <= 14_040),
  );
});

test('two editors on one document: the lenses of both viewports', () => {
  const shown = lensesNear(
    lenses(2001),
    lensWindow([
      { start: 0, end: 40 },
      { start: 20_000, end: 20_040 },
    ]),
  );
  assert.ok(shown.some((l) => l.line < 200) && shown.some((l) => l.line > 19_800));
});

test('scrolling inside the window asks nothing; scrolling past it asks for the new window', () => {
  const answered = lensWindow([{ start: 1000, end: 1040 }]);
  assert.equal(needsNewWindow(answered, [{ start: 1010, end: 1050 }]), false);
  assert.equal(needsNewWindow(answered, [{ start: 1100, end: 1140 }]), true);
  assert.equal(needsNewWindow(answered, [{ start: 5000, end: 5040 }]), true);
  // At the top of the file the window cannot reach above line 0: no new answer while it still covers.
  assert.equal(needsNewWindow(lensWindow([{ start: 0, end: 40 }]), [{ start: 0, end: 40 }]), false);
});
