/**
 * Hostile-input generation shared by the fuzz tests (test/unit/fuzz-rules.test.ts, engine level;
 * test/lsp/fuzz-server.test.ts, the real server over stdio): seeds from examples/ and every rule's
 * bad and good example, and seeded mutations of them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../server/src/engine';
import { repoRoot } from './lsp-client';

export { prng } from './prng';

export interface Seed {
  uri: string;
  text: string;
}

export function seeds(): Seed[] {
  const root = repoRoot();
  const out: Seed[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ya?ml|sh|mk)$|^Makefile$|\.md$/.test(e.name)) out.push({ uri: p, text: fs.readFileSync(p, 'utf8') });
    }
  };
  walk(path.join(root, 'examples'));
  for (const r of RULES) {
    const file = r.meta.docs.exampleFile ?? 'compose.yaml';
    const dir = `/fuzz/${r.meta.id.replace('/', '-')}`;
    for (const text of [r.meta.docs.bad, r.meta.docs.good]) out.push({ uri: `${dir}/${file}`, text });
  }
  return out;
}

const VALUES = [
  '[]',
  '{}',
  'null',
  '~',
  '-1',
  '0',
  '1e309',
  '-0.0',
  '.nan',
  '"x"',
  "''",
  'true',
  'yes',
  '*nope',
  '&a [1]',
  '!!binary AAAA',
  '!!str 5',
  '"${VAR}"',
  '1:2:3',
  '500m',
  '1GB',
  '99999999999999999999',
  '"\\u0000"',
  '|\n  block',
  '? complex\n: key',
  'x'.repeat(5000),
];
/** Object.prototype's names: a lookup table of ours keyed by them must not answer from the prototype. */
const PROTOTYPE_NAMES = [...Object.getOwnPropertyNames(Object.prototype), 'prototype', 'length'];
const JUNK = [
  '\u0000',
  '\uFFFD',
  '\t',
  '\r',
  '\u2028',
  '%YAML 1.1\n',
  '---\n',
  '...\n',
  '- ',
  ': ',
  '{',
  '[',
  '#',
  '&x ',
  '*x',
  '<<: *x\n',
  '\x1b[31m',
  '\uD800',
];

export function mutate(text: string, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  let lines = text.split('\n');
  const steps = 1 + Math.floor(rnd() * 3);
  for (let s = 0; s < steps; s++) {
    const i = Math.floor(rnd() * Math.max(lines.length, 1));
    const line = lines[i] ?? '';
    switch (Math.floor(rnd() * 10)) {
      case 0: // replace a value with another type
        lines[i] = /:\s*\S/.test(line) ? line.replace(/:\s*.*$/, `: ${pick(VALUES)}`) : `${line} ${pick(VALUES)}`;
        break;
      case 1: // delete a line
        lines.splice(i, 1);
        break;
      case 2: // repeat a line (duplicate keys, repeated items)
        lines.splice(i, 0, line);
        break;
      case 3: // break the indentation
        lines[i] = rnd() < 0.5 ? line.replace(/^ {1,2}/, '') : `  ${line}`;
        break;
      case 4: // junk inside a line
        lines[i] =
          line.slice(0, Math.floor(rnd() * (line.length + 1))) +
          pick(JUNK) +
          line.slice(Math.floor(rnd() * (line.length + 1)));
        break;
      case 5: // a map becomes a sequence item, or the reverse
        lines[i] = line.includes('- ') ? line.replace('- ', '') : line.replace(/^(\s*)/, '$1- ');
        break;
      case 6: // truncate the file
        lines = lines.slice(0, i);
        break;
      case 7: // a whole value replaced by a block of the wrong shape
        lines.splice(
          i + 1,
          0,
          `${line.match(/^\s*/)![0]}  - ${pick(VALUES)}`,
          `${line.match(/^\s*/)![0]}  k: ${pick(VALUES)}`,
        );
        break;
      case 8: // a key, or a value, named like a property of Object.prototype (`constructor:`, `__proto__:`)
        lines[i] =
          rnd() < 0.7
            ? line.replace(/^(\s*(?:- )?)[^\s:#][^:#]*:/, `$1${pick(PROTOTYPE_NAMES)}:`)
            : line.replace(/:\s+\S.*$/, `: ${pick(PROTOTYPE_NAMES)}`);
        break;
      default: // numbers become huge, negative or fractional
        lines[i] = line.replace(/\d+/g, () => pick(['-1', '0', '1.5', '4294967297', '1e6', '070']));
    }
  }
  return lines.join('\n');
}
