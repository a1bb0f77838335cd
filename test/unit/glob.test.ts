/**
 * The bounded glob matcher (server/src/engine/glob.ts): what each dialect means, that adversarial
 * globs cost at most c × pattern length × path length steps (counted, never timed), and that it
 * agrees with picomatch on generated globs and paths that stay out of the known differences.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { compileGlob, globSteps, resetGlobSteps, type GlobOptions } from '../../server/src/engine/glob';

const PATH: GlobOptions = { dialect: 'path' };
const KINDS: GlobOptions = { dialect: 'path', tail: true };
const GIT: GlobOptions = { dialect: 'gitignore' };

/** Rows of [glob, path, matches]. */
function table(options: GlobOptions, rows: [string, string, boolean][]): void {
  for (const [glob, path, want] of rows)
    assert.equal(compileGlob(glob, options).test(path), want, `${JSON.stringify(glob)} on ${JSON.stringify(path)}`);
}

describe('glob dialects', () => {
  test('kinds and CLI globs: ** any folders, * any name part, ? one character, the whole path or its tail', () => {
    table(KINDS, [
      ['*.yml', 'compose.yml', true],
      ['*.yml', '/home/me/repo/deploy/compose.yml', true],
      ['*.yml', 'compose.yaml', false],
      ['compose.yml', '/repo/xcompose.yml', false],
      ['deploy/*.yml', '/repo/deploy/a.yml', true],
      ['deploy/*.yml', '/repo/deploy/prod/a.yml', false],
      ['deploy/**/*.yml', '/repo/deploy/a.yml', true],
      ['deploy/**/*.yml', '/repo/deploy/prod/eu/a.yml', true],
      ['deploy/**/*.yml', '/repo/mydeploy/a.yml', false],
      ['**/stack.yml', 'stack.yml', true],
      ['stack-?.yml', '/r/stack-1.yml', true],
      ['stack-?.yml', '/r/stack-12.yml', false],
      ['stack-?.yml', '/r/stack-/.yml', false],
      // A `**` that does not start a segment crosses folders too, as the regex-based globs did.
      ['deploy**.yml', '/r/deploy/eu/a.yml', true],
      ['*', '/r/.env', true],
    ]);
  });

  test('kinds and CLI globs: classes, braces and escapes', () => {
    table(PATH, [
      ['stack-[0-9].yml', 'stack-7.yml', true],
      ['stack-[!0-9].yml', 'stack-7.yml', false],
      ['stack-[^0-9].yml', 'stack-x.yml', true],
      ['[[:digit:]]x', '5x', true],
      ['a[/]b', 'a/b', false],
      ['[abc', '[abc', true], // unterminated: literal
      ['{compose,stack}*.yml', 'stack-prod.yml', true],
      ['{compose,stack}*.yml', 'values.yml', false],
      ['k8s/{base,overlays/{dev,prod}}/*.yaml', 'k8s/overlays/prod/hpa.yaml', true],
      ['k8s/{base,overlays/{dev,prod}}/*.yaml', 'k8s/overlays/test/hpa.yaml', false],
      ['{**/,}x.yml', 'a/b/x.yml', true],
      ['{a}', '{a}', true], // no comma: literal
      ['a\\*', 'a*', true],
      ['a\\*', 'ab', false],
    ]);
  });

  test('gitignore patterns: wildmatch with WM_PATHNAME', () => {
    table(GIT, [
      ['*.log', 'a.log', true],
      ['*.log', 'x/a.log', false], // the caller matches slashless patterns against the name
      ['a/*/c', 'a/b/c', true],
      ['a/*/c', 'a/b/b/c', false],
      ['**/foo', 'foo', true],
      ['**/foo', 'a/b/foo', true],
      ['a/**/b', 'a/b', true],
      ['a/**/b', 'a/x/y/b', true],
      ['a/**', 'a/x/y', true],
      ['a/**', 'a', false],
      ['a/**b', 'a/x/b', false], // not a whole segment: one `*`
      ['a/**b', 'a/xb', true],
      ['***/b', 'x/y/b', true],
      ['[!a]x', 'bx', true],
      ['[]a]', ']', true], // `]` first is a member
      ['[a-]', '-', true],
      ['[[:upper:]]', 'Q', true],
      ['[[:nope:]]', 'n', false], // unknown class name: git matches nothing
      ['[abc', '[abc', false], // unterminated: git matches nothing
      ['foo\\', 'foo\\', false], // trailing backslash: nothing
      ['\\#x', '#x', true],
      ['{a,b}', '{a,b}', true], // no braces in git
      ['a?c', 'a/c', false],
    ]);
  });
});

/** 2 × states + class items per column, states ≤ 2 × pattern length + 2 (see glob.ts). */
const STEPS_PER_CELL = 6;

function assertBounded(glob: string, path: string, options: GlobOptions, expected?: boolean): void {
  const g = compileGlob(glob, options);
  resetGlobSteps();
  const got = g.test(path);
  const bound = STEPS_PER_CELL * (glob.length + 1) * (path.length + 1);
  assert.ok(globSteps() <= bound, `${globSteps()} steps > ${bound} for ${glob.slice(0, 40)}… on ${path.slice(0, 40)}…`);
  if (expected !== undefined) assert.equal(got, expected, `${glob.slice(0, 40)}… on ${path.slice(0, 40)}…`);
}

describe('adversarial globs cost at most c × pattern × path steps', () => {
  const dialects: [string, GlobOptions][] = [
    ['path', PATH],
    ['kinds', KINDS],
    ['gitignore', GIT],
  ];
  // The measured hangs of picomatch and ignore (see glob.ts), and their relatives.
  const cases: [string, string, string][] = [
    ['stars within a name (picomatch: 36 s at 10)', '**a'.repeat(30) + '**b', 'a'.repeat(2000)],
    ['… ending with the last literal', '**a'.repeat(30) + '**b', 'a'.repeat(2000) + 'b'],
    ['… one short', '**a'.repeat(30) + '**b', 'a'.repeat(29) + 'b'],
    ['… across folders', '**a'.repeat(30) + '**b', 'a/'.repeat(1000) + 'b'],
    ['globstar segments (ignore: no end at 2)', '**/a/'.repeat(30) + '**/b', 'a/'.repeat(1000) + 'a'],
    ['… ending with b', '**/a/'.repeat(30) + '**/b', 'a/'.repeat(1000) + 'b'],
    ['… one folder short', '**/a/'.repeat(30) + '**/b', 'a/'.repeat(29) + 'b'],
    ['single stars', '*a'.repeat(200) + '*b', 'a'.repeat(3000) + 'b'],
    ['question marks and stars', '?*'.repeat(300) + 'b', 'a'.repeat(3000) + 'b'],
    ['many classes', '[a-z]*'.repeat(200) + '[!a]', 'a'.repeat(3000)],
    ['long classes', ('[' + 'bcdefghijk'.repeat(50) + 'a]*').repeat(5) + 'b', 'a'.repeat(3000) + 'b'],
    ['braces', '{a,*a,**a}'.repeat(60) + 'b', 'a'.repeat(2000) + 'b'],
    ['nested braces', '{a,'.repeat(200) + 'b' + '}'.repeat(200) + '*c', 'a'.repeat(2000) + 'c'],
    ['star slash star', '*/'.repeat(300) + '*b', 'a/'.repeat(1500) + 'b'],
    ['unterminated classes', '['.repeat(1000) + '*b', '['.repeat(1000) + 'b'],
  ];
  for (const [name, glob, path] of cases) {
    test(name, () => {
      for (const [, options] of dialects) assertBounded(glob, path, options);
    });
  }

  test('the answers on the adversarial cases are right', () => {
    const starsA = '**a'.repeat(30) + '**b';
    assertBounded(starsA, 'a'.repeat(2000) + 'b', PATH, true);
    assertBounded(starsA, 'a'.repeat(29) + 'b', PATH, false);
    assertBounded(starsA, 'a/'.repeat(1000) + 'b', PATH, true); // `**` inside a name crosses folders here
    assertBounded(starsA, 'a/'.repeat(1000) + 'b', GIT, false); // and is `*` in git
    const dirs = '**/a/'.repeat(30) + '**/b';
    for (const options of [PATH, GIT]) {
      assertBounded(dirs, 'a/'.repeat(1000) + 'a', options, false);
      assertBounded(dirs, 'a/'.repeat(1000) + 'b', options, true);
      assertBounded(dirs, 'a/'.repeat(30) + 'b', options, true);
      assertBounded(dirs, 'a/'.repeat(29) + 'b', options, false);
    }
  });

  test('the step counter grows with pattern × path, not faster', () => {
    // Doubling both should cost about four times as much; an exponential matcher would explode.
    const cost = (k: number) => {
      resetGlobSteps();
      compileGlob('**a'.repeat(k) + '**b', PATH).test('a'.repeat(20 * k) + 'b');
      return globSteps();
    };
    const [small, large] = [cost(20), cost(40)];
    assert.ok(large <= 5 * small, `${small} steps at 20, ${large} at 40`);
  });
});

// Generated globs in the common ground of our `path` dialect and picomatch: `**` only as a whole
// segment and never last (picomatch's `a/**` also matches `a`), no escapes, no `!` (picomatch
// does not negate `[!a]`), no `[:alpha:]` names (picomatch 4 turns `[[:alpha:]]..` into `[a-zA-Z]\..`),
// brace alternatives of literals and `?` only; segmentTokens says the rest. Paths are
// instantiations of the glob (so many match) or random, over a small alphabet, without `.` and
// `..` segments.
type Token =
  | { kind: 'lit'; text: string }
  | { kind: 'star' }
  | { kind: 'one' }
  | { kind: 'class'; text: string; members: string }
  | { kind: 'brace'; alts: string[] };
type Segment = Token[] | 'globstar';

const LETTERS = ['a', 'b', '.', '-'];
const letter = fc.constantFrom(...LETTERS);
const token: fc.Arbitrary<Token> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.string({ unit: letter, minLength: 1, maxLength: 3 }).map((text) => ({ kind: 'lit' as const, text })),
  },
  { weight: 2, arbitrary: fc.constant({ kind: 'star' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'one' as const }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      { kind: 'class' as const, text: '[ab]', members: 'ab' },
      { kind: 'class' as const, text: '[^b.]', members: 'a-' },
      { kind: 'class' as const, text: '[a-b]', members: 'ab' },
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.string({ unit: fc.constantFrom('a', 'b', '?'), minLength: 1, maxLength: 2 }), {
        minLength: 2,
        maxLength: 3,
      })
      .map((alts) => ({ kind: 'brace' as const, alts })),
  },
);
const textOf = (t: Token | undefined) => (t?.kind === 'lit' ? t.text : '');
/**
 * A segment's tokens: no two stars in a row (that would be `**` inside a name), no star after a
 * `.` (picomatch's `*.*` does not match `a.`), not `.` or `..` alone (picomatch drops a leading `./`).
 */
const segmentTokens = fc
  .array(token, { minLength: 1, maxLength: 4 })
  .map((ts) => ts.filter((t, i) => !(t.kind === 'star' && ts[i - 1]?.kind === 'star')))
  .filter((ts) => !ts.some((t, i) => t.kind === 'star' && textOf(ts[i - 1]).endsWith('.')))
  .filter((ts) => !(ts.length === 1 && ts[0]!.kind === 'lit' && /^\.\.?$/.test(ts[0]!.text)));
const segment: fc.Arbitrary<Segment> = fc.oneof(
  { weight: 4, arbitrary: segmentTokens },
  { weight: 1, arbitrary: fc.constant('globstar' as const) },
);
const globSegments = fc.array(segment, { minLength: 1, maxLength: 4 }).filter((s) => s[s.length - 1] !== 'globstar');

const globText = (segments: Segment[]) =>
  segments
    .map((s) =>
      s === 'globstar'
        ? '**'
        : s
            .map((t) =>
              t.kind === 'lit'
                ? t.text
                : t.kind === 'star'
                  ? '*'
                  : t.kind === 'one'
                    ? '?'
                    : t.kind === 'class'
                      ? t.text
                      : `{${t.alts.join(',')}}`,
            )
            .join(''),
    )
    .join('/');

/** A path the glob is meant to match, from random choices (which may still miss). */
function instantiate(segments: Segment[], pick: (n: number) => number): string {
  const any = () => LETTERS[pick(LETTERS.length)]!;
  const out: string[] = [];
  for (const s of segments) {
    if (s === 'globstar') {
      for (let n = pick(3); n > 0; n--) out.push(any() + 'a');
      continue;
    }
    out.push(
      s
        .map((t) => {
          if (t.kind === 'lit') return t.text;
          if (t.kind === 'star') return Array.from({ length: pick(3) }, any).join('');
          if (t.kind === 'one') return any();
          if (t.kind === 'class') return t.members[pick(t.members.length)]!;
          return t.alts[pick(t.alts.length)]!.replace(/\?/g, any);
        })
        .join(''),
    );
  }
  return out.join('/');
}

const pathSegment = fc.string({ unit: letter, minLength: 1, maxLength: 4 }).filter((s) => s !== '.' && s !== '..');
const randomPath = fc.array(pathSegment, { minLength: 1, maxLength: 5 }).map((s) => s.join('/'));

describe('agrees with picomatch on generated globs', () => {
  test('path dialect, whole path', () => {
    const globAndPath = globSegments.chain((segments) =>
      fc.tuple(
        fc.constant(globText(segments)),
        fc.oneof(
          randomPath,
          fc
            .array(fc.nat(), { minLength: 64, maxLength: 64 })
            .map((r) => instantiate(segments, (n) => r[r.push(r.shift()!) - 1]! % n)),
        ),
      ),
    );
    let matched = 0;
    fc.assert(
      fc.property(globAndPath, ([glob, path]) => {
        fc.pre(!path.split('/').some((s) => s === '.' || s === '..' || s === ''));
        const ours = compileGlob(glob, PATH).test(path);
        if (ours) matched++;
        assert.equal(ours, picomatch.isMatch(path, glob, { dot: true }), `${glob} on ${path}`);
      }),
      { seed: 7, numRuns: 4000 },
    );
    assert.ok(matched > 500, `only ${matched} matches: the generator should hit more often`);
  });

  test('kinds globs match a tail as picomatch does with **/ in front', () => {
    fc.assert(
      fc.property(globSegments, randomPath, (segments, path) => {
        const glob = globText(segments);
        assert.equal(
          compileGlob(glob, KINDS).test(path),
          picomatch.isMatch(path, `**/${glob}`, { dot: true }),
          `${glob} on ${path}`,
        );
      }),
      { seed: 11, numRuns: 3000 },
    );
  });

  test('known differences from picomatch', () => {
    // picomatch's `a/**` matches `a` itself; a `**` inside a name is `*` there and crosses folders here.
    assert.equal(picomatch.isMatch('a', 'a/**'), true);
    assert.equal(compileGlob('a/**', PATH).test('a'), false);
    assert.equal(picomatch.isMatch('a/b/c.yml', 'a/**.yml'), false);
    assert.equal(compileGlob('a/**.yml', PATH).test('a/b/c.yml'), true);
    // picomatch 4 reads `[!a]` as "`[!a]` or one of `!`, `a`"; here (as in git and POSIX) it is "not a".
    assert.equal(picomatch.isMatch('ba', '[!a]a'), false);
    assert.equal(compileGlob('[!a]a', PATH).test('ba'), true);
  });
});

describe('class names are the POSIX ones only', () => {
  test('[[:constructor:]] and other Object.prototype names are unknown classes (match nothing), as git treats them', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const g = compileGlob(`[[:${name}:]]`, { dialect: 'gitignore' });
      assert.equal(g.test('a'), false, name);
    }
    assert.equal(compileGlob('[[:alpha:]]', { dialect: 'gitignore' }).test('a'), true);
  });
});
