// Glob matching whose cost is bounded by construction, for the `kinds` globs (.scalewise.yaml and
// the `scalewise.kinds` setting), the CLI's glob arguments and .gitignore rules.
//
// Hand-written, although we prefer libraries, because a repository controls both the patterns and
// the paths, and the libraries compile globs to backtracking JavaScript regexes that take
// exponential time on patterns a repository can hold (measured on Node 20):
//   - picomatch 4: '**a'.repeat(10) + '**b' against 'a'.repeat(40) takes 36 s (12 repeats: 167 s);
//     its regex is `[^/]*?a[^/]*?a…`.
//   - ignore 7 is fast on stars within a segment (it emits tempered `(?:(?!a)[^/])*a`), but
//     '**/a/'.repeat(2) + '**/b' against 'a/'.repeat(1000) + 'a' does not finish in 20 s
//     (2 to 12 repeats all time out).
// Either would hang `scalewise lint` and the server's start-up scan. Here a glob compiles to a
// Thompson NFA (one state per token) that is run over the path with the set of live states,
// without backtracking: each character visits each state at most once, so a match costs
// O(pattern length × path length) steps (globSteps() counts them, for the tests).
//
// Two dialects:
//   'gitignore'  git's wildmatch with WM_PATHNAME (git/wildmatch.c): `*` and `?` stop at `/`;
//                `**` is special only as a whole segment (leading `**/`, middle `/**/`, trailing
//                `/**`), elsewhere it is `*`; `[...]` with `!`/`^`, ranges and `[:alpha:]`-style
//                names; `\` escapes. An unterminated `[` or a trailing `\` matches nothing, as in git.
//   'path'       the `kinds` globs and CLI arguments as documented in the README: `**` any folders
//                (a `**` that does not start a segment crosses `/` too, as before), `*` any name
//                part, `?` one character; also `[...]` classes (an unterminated `[` is literal) and
//                `{a,b}` alternatives, nested, compiled as NFA branches (no expansion, so no cap).
//                With `tail`, the glob matches the whole path or any tail after a `/`.
// Characters are code points; git compares bytes, so `?` and classes differ on non-ASCII names.

export type GlobDialect = 'gitignore' | 'path';

export interface GlobOptions {
  dialect: GlobDialect;
  /** Match the whole path or any tail that starts after a `/` (the `kinds` globs). */
  tail?: boolean;
  /**
   * git's match_pathname (dir.c), for a .gitignore pattern with a `/`: it compares the literal
   * prefix and hands wildmatch the rest, so a `**` right after the prefix starts the pattern and
   * counts as a whole segment: `/a**` matches `a/b/c`, and `a**` then `/b` matches `ab`.
   */
  literalPrefixStripped?: boolean;
}

export interface Glob {
  readonly pattern: string;
  test(path: string): boolean;
}

/** Longer globs match nothing: far beyond any real path, and it keeps compiling linear enough. */
export const MAX_GLOB_LENGTH = 4096;

let steps = 0;
/** Matcher steps since the last reset: closure visits, state updates and class items compared. */
export function globSteps(): number {
  return steps;
}
export function resetGlobSteps(): void {
  steps = 0;
}

const CHAR = 0; // one code point, arg
const ONE = 1; // `?`: any code point but `/`
const CLASS = 2; // `[...]`, arg indexes classes; never `/`
const STAR = 3; // `*`: loops on anything but `/`, epsilon to the next state
const ANY = 4; // `**` that crosses folders: loops on anything
const DIRS = 5; // `**/`: epsilon to DIRS_LOOP (some folders) and past it (none)
const DIRS_LOOP = 6; // loops on anything; a `/` also leads to the next state
const SPLIT = 7; // `{`: epsilon to each alternative (alts)
const JUMP = 8; // end of an alternative: epsilon to arg
const MATCH = 9;

const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const STAR_CP = 0x2a;

interface CharClass {
  negated: boolean;
  /** Inclusive ranges as flat pairs: lo, hi, lo, hi… */
  ranges: number[];
  /** POSIX names (`[:alpha:]`…), as predicates. */
  named: ((c: number) => boolean)[];
}

// git's sane_ctype: ASCII only.
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isUpper = (c: number) => c >= 0x41 && c <= 0x5a;
const isLower = (c: number) => c >= 0x61 && c <= 0x7a;
const isAlpha = (c: number) => isUpper(c) || isLower(c);
const isGraph = (c: number) => c >= 0x21 && c <= 0x7e;
/** The string of code points `from`..`to` of a list, one at a time (a spread of a long list overflows the stack). */
function fromCodePoints(list: ArrayLike<number>, from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) out += String.fromCodePoint(list[i]!);
  return out;
}

const POSIX_CLASSES: Record<string, (c: number) => boolean> = {
  alnum: (c) => isAlpha(c) || isDigit(c),
  alpha: isAlpha,
  blank: (c) => c === 0x20 || c === 0x09,
  cntrl: (c) => c < 0x20 || c === 0x7f,
  digit: isDigit,
  graph: isGraph,
  lower: isLower,
  print: (c) => c >= 0x20 && c <= 0x7e,
  punct: (c) => isGraph(c) && !isAlpha(c) && !isDigit(c),
  space: (c) => c === 0x20 || (c >= 0x09 && c <= 0x0d),
  upper: isUpper,
  xdigit: (c) => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66),
};

type ClassParse = { cls: CharClass; end: number } | { error: 'unterminated' | 'unknown-name' };

/** A bracket expression at `cps[start] === '['`, read as git's wildmatch reads it. */
function parseClass(cps: readonly number[], start: number): ClassParse {
  const n = cps.length;
  let p = start + 1;
  let negated = false;
  if (cps[p] === 0x21 || cps[p] === 0x5e) {
    negated = true;
    p++;
  }
  const ranges: number[] = [];
  const named: ((c: number) => boolean)[] = [];
  let prev = -1; // the last single member, start of a possible range
  for (let first = true; ; first = false) {
    if (p >= n) return { error: 'unterminated' };
    let c = cps[p]!;
    if (c === 0x5d && !first) return { cls: { negated, ranges, named }, end: p + 1 }; // `]`; first, it is a member
    if (c === BACKSLASH) {
      if (++p >= n) return { error: 'unterminated' };
      c = cps[p]!;
      ranges.push(c, c);
      prev = c;
      p++;
    } else if (c === 0x2d && prev >= 0 && p + 1 < n && cps[p + 1] !== 0x5d) {
      let hi = cps[++p]!;
      if (hi === BACKSLASH) {
        if (++p >= n) return { error: 'unterminated' };
        hi = cps[p]!;
      }
      ranges.push(prev, hi);
      prev = -1;
      p++;
    } else if (c === 0x5b && cps[p + 1] === 0x3a) {
      let q = p + 2;
      while (q < n && cps[q] !== 0x5d) q++;
      if (q >= n) return { error: 'unterminated' };
      if (q - (p + 2) < 1 || cps[q - 1] !== 0x3a) {
        ranges.push(c, c); // no `:]`: the `[` is a member
        prev = c;
        p++;
      } else {
        const name = fromCodePoints(cps, p + 2, q - 1);
        // Own names only: `[[:constructor:]]` must be an unknown class, not Object's constructor.
        const test = Object.hasOwn(POSIX_CLASSES, name) ? POSIX_CLASSES[name] : undefined;
        if (!test) return { error: 'unknown-name' };
        named.push(test);
        prev = -1;
        p = q + 1;
      }
    } else {
      ranges.push(c, c);
      prev = c;
      p++;
    }
  }
}

interface Brace {
  close: number;
  commas: number[];
}

/** `{…,…}` pairs with their top-level commas; a `{` without a comma or a partner is literal. */
function findBraces(cps: readonly number[]): Map<number, Brace> {
  const out = new Map<number, Brace>();
  const open: { at: number; commas: number[] }[] = [];
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    if (c === BACKSLASH) i++;
    else if (c === 0x5b) {
      const r = parseClass(cps, i);
      if ('end' in r) i = r.end - 1;
    } else if (c === 0x7b) open.push({ at: i, commas: [] });
    else if (c === 0x2c && open.length > 0) open[open.length - 1]!.commas.push(i);
    else if (c === 0x7d && open.length > 0) {
      const b = open.pop()!;
      if (b.commas.length > 0) out.set(b.at, { close: i, commas: b.commas });
    }
  }
  return out;
}

class Nfa {
  readonly op: number[] = [];
  readonly arg: number[] = [];
  readonly alts = new Map<number, number[]>();
  readonly classes: CharClass[] = [];
  /** An unterminated class or a trailing `\` in a gitignore pattern: git matches nothing. */
  never = false;

  emit(op: number, arg = 0): number {
    this.op.push(op);
    this.arg.push(arg);
    return this.op.length - 1;
  }
}

function build(cps: readonly number[], options: GlobOptions): Nfa {
  const { dialect } = options;
  const nfa = new Nfa();
  const braces = dialect === 'path' ? findBraces(cps) : new Map<number, Brace>();
  // git/dir.c simple_length: the literal prefix ends at the first `*`, `?`, `[` or `\`.
  const special = options.literalPrefixStripped
    ? cps.findIndex((c) => c === STAR_CP || c === 0x3f || c === 0x5b || c === BACKSLASH)
    : -1;
  const emitRange = (from: number, to: number, startsSegment: boolean): void => {
    const segmentStart = (i: number) => (i === from ? startsSegment : cps[i - 1] === SLASH || i === special);
    let i = from;
    while (i < to) {
      const c = cps[i]!;
      if (c === BACKSLASH) {
        if (i + 1 >= to) {
          if (dialect === 'gitignore') nfa.never = true;
          else nfa.emit(CHAR, c);
          i++;
        } else {
          nfa.emit(CHAR, cps[i + 1]!);
          i += 2;
        }
      } else if (c === STAR_CP) {
        let j = i;
        while (j < to && cps[j] === STAR_CP) j++;
        // How many characters of `/` (or `\/`) follow the stars; -1: something else.
        const slash = j === to ? 0 : cps[j] === SLASH ? 1 : cps[j] === BACKSLASH && cps[j + 1] === SLASH ? 2 : -1;
        if (j - i === 1) nfa.emit(STAR);
        else if (dialect === 'gitignore') {
          // wildmatch: `**` between slashes (or the ends) crosses folders; elsewhere it is `*`.
          if (!segmentStart(i) || slash < 0) nfa.emit(STAR);
          else if (slash === 0) nfa.emit(ANY);
          else {
            nfa.emit(DIRS);
            nfa.emit(DIRS_LOOP);
            j += slash;
          }
        } else if (segmentStart(i) && slash === 1) {
          nfa.emit(DIRS);
          nfa.emit(DIRS_LOOP);
          j++;
        } else nfa.emit(ANY);
        i = j;
      } else if (c === 0x3f) {
        nfa.emit(ONE);
        i++;
      } else if (c === 0x5b) {
        const r = parseClass(cps, i);
        if ('end' in r && r.end <= to) {
          nfa.emit(CLASS, nfa.classes.push(r.cls) - 1);
          i = r.end;
        } else {
          if (dialect === 'gitignore') nfa.never = true;
          else nfa.emit(CHAR, c);
          i++;
        }
      } else if (c === 0x7b && braces.has(i)) {
        const b = braces.get(i)!;
        const split = nfa.emit(SPLIT);
        const starts: number[] = [];
        const jumps: number[] = [];
        const alternativeStartsSegment = segmentStart(i);
        let s = i + 1;
        for (const e of [...b.commas, b.close]) {
          starts.push(nfa.op.length);
          emitRange(s, e, alternativeStartsSegment);
          jumps.push(nfa.emit(JUMP));
          s = e + 1;
        }
        nfa.alts.set(split, starts);
        for (const j of jumps) nfa.arg[j] = nfa.op.length;
        i = b.close + 1;
      } else {
        nfa.emit(CHAR, c);
        i++;
      }
    }
  };
  emitRange(0, cps.length, true);
  nfa.emit(MATCH);
  return nfa;
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let k = 0; k < s.length;) {
    const cp = s.codePointAt(k)!;
    out.push(cp);
    k += cp > 0xffff ? 2 : 1;
  }
  return out;
}

/** The literal characters every match starts (or ends) with, for a quick refusal. */
function literalEdges(nfa: Nfa): { prefix: string; suffix: string; literal: boolean } {
  const { op, arg } = nfa;
  const last = op.length - 1; // MATCH
  let a = 0;
  while (a < last && op[a] === CHAR) a++;
  let z = last;
  // Only the states after the last branch target: an alternative may jump past earlier ones.
  let lowest = 0;
  for (let k = 0; k < last; k++) if (op[k] === JUMP) lowest = Math.max(lowest, arg[k]!);
  while (z > lowest && op[z - 1] === CHAR) z--;
  const text = (from: number, to: number) => fromCodePoints(arg, from, to);
  return { prefix: text(0, a), suffix: text(z, last), literal: a === last };
}

export function compileGlob(pattern: string, options: GlobOptions): Glob {
  const tail = options.tail === true;
  if (pattern.length > MAX_GLOB_LENGTH) return { pattern, test: () => false };
  const nfa = build(codePoints(pattern), options);
  if (nfa.never) return { pattern, test: () => false };
  const { op, arg, alts, classes } = nfa;
  const size = op.length;
  const { prefix, suffix, literal } = literalEdges(nfa);

  if (literal) {
    return {
      pattern,
      test(path) {
        steps += 1 + prefix.length;
        return (
          path === prefix ||
          (tail && path.endsWith(prefix) && path.charCodeAt(path.length - prefix.length - 1) === SLASH)
        );
      },
    };
  }

  const mark = new Uint32Array(size);
  let generation = 0;
  let current = new Int32Array(size);
  let next = new Int32Array(size);
  let count = 0; // live states in `next` while adding
  const pending: number[] = [];

  /** Adds `s` and what it reaches without a character to `next`. */
  const add = (s: number): void => {
    pending.push(s);
    while (pending.length > 0) {
      const t = pending.pop()!;
      if (mark[t] === generation) continue;
      mark[t] = generation;
      steps++;
      switch (op[t]) {
        case SPLIT:
          for (const alt of alts.get(t)!) pending.push(alt);
          break;
        case JUMP:
          pending.push(arg[t]!);
          break;
        case DIRS:
          pending.push(t + 1, t + 2);
          break;
        case STAR:
        case ANY:
          next[count++] = t;
          pending.push(t + 1);
          break;
        default:
          next[count++] = t;
      }
    }
  };
  const nextGeneration = (): void => {
    if (++generation === 0xffffffff) {
      mark.fill(0);
      generation = 1;
    }
  };
  const inClass = (cls: CharClass, c: number): boolean => {
    let hit = false;
    const r = cls.ranges;
    for (let k = 0; k < r.length && !hit; k += 2) {
      steps++;
      hit = c >= r[k]! && c <= r[k + 1]!;
    }
    for (let k = 0; k < cls.named.length && !hit; k++) {
      steps++;
      hit = cls.named[k]!(c);
    }
    return hit !== cls.negated;
  };

  return {
    pattern,
    test(path) {
      steps++;
      if (!path.endsWith(suffix)) return false;
      if (!tail && !path.startsWith(prefix)) return false;
      nextGeneration();
      count = 0;
      add(0);
      let live = count;
      [current, next] = [next, current];
      for (let k = 0; k < path.length;) {
        if (live === 0) {
          if (!tail) return false;
          // Nothing is alive: skip to the next tail.
          const slash = path.indexOf('/', k);
          if (slash < 0) return false;
          k = slash;
        }
        const c = path.codePointAt(k)!;
        k += c > 0xffff ? 2 : 1;
        nextGeneration();
        count = 0;
        for (let m = 0; m < live; m++) {
          const s = current[m]!;
          steps++;
          switch (op[s]) {
            case CHAR:
              if (c === arg[s]) add(s + 1);
              break;
            case ONE:
              if (c !== SLASH) add(s + 1);
              break;
            case CLASS:
              if (c !== SLASH && inClass(classes[arg[s]!]!, c)) add(s + 1);
              break;
            case STAR:
              if (c !== SLASH) add(s);
              break;
            case ANY:
              add(s);
              break;
            case DIRS_LOOP:
              add(s);
              if (c === SLASH) add(s + 1);
              break;
          }
        }
        if (tail && c === SLASH) add(0);
        live = count;
        [current, next] = [next, current];
      }
      for (let m = 0; m < live; m++) if (op[current[m]!] === MATCH) return true;
      return false;
    },
  };
}

const cache = new Map<string, Glob>();
/** compileGlob, remembered: detection tests every `kinds` glob against every file. */
export function cachedGlob(pattern: string, options: GlobOptions): Glob {
  const key = `${options.dialect}${options.tail ? '+tail' : ''}\0${pattern}`;
  let glob = cache.get(key);
  if (!glob) {
    if (cache.size >= 1000) cache.clear();
    glob = compileGlob(pattern, options);
    cache.set(key, glob);
  }
  return glob;
}
