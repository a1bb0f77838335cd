/**
 * Hostile-input fuzzing of the whole rule set: every example file and every rule's bad and good
 * example, mutated at random (wrong types, aliases, deleted and repeated lines, bad indentation,
 * binary junk, truncation), is linted; no rule may throw (the engine would swallow it and the rule
 * would silently check nothing), every fix offered must apply and leave a file that lints, and no
 * rule reads more than its declared `meta.scope` (engine/scope.ts: the reads are recorded).
 *
 * Seeded, so a failure is reproducible: the message prints the seed, the case and the input.
 * SCALEWISE_FUZZ_CASES scales it (default 4,000 here; the fuzzing campaign runs 100,000+).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { applyFixes, emptyWorkspace, lint, RULES_BY_ID, scanCommands, valueFacts } from '../../server/src/engine';
import { withinScope } from '../../server/src/engine/scope';
import { mutate, prng, seeds } from '../helpers/fuzz';
import { yaml } from '../../server/src/engine/template-text';

const CASES = Number(process.env.SCALEWISE_FUZZ_CASES ?? 4000);
const SEED = Number(process.env.SCALEWISE_FUZZ_SEED ?? 20261123);
const TRACE = process.env.SCALEWISE_FUZZ_TRACE;

test(
  `${CASES} mutated inputs: no rule throws, every fix applies and the result lints (seed ${SEED})`,
  { timeout: 60_000 + CASES * 100 },
  () => {
    const all = seeds();
    const rnd = prng(SEED);
    const workspace = scanCommands(
      '/fuzz/deploy.sh',
      yaml`
    docker compose up -d --scale web=3 --scale worker=4 --scale server=4
    docker stack deploy -c stack.yml dl
  `,
      emptyWorkspace(),
    );
    const failures: string[] = [];
    for (let n = 0; n < CASES && failures.length < 5; n++) {
      const seed = all[Math.floor(rnd() * all.length)]!;
      const text = mutate(seed.text, rnd);
      const where = `case ${n} (${seed.uri})`;
      // A crash of the whole process (not an exception) leaves the last input here for a repro.
      if (TRACE) fs.writeFileSync(TRACE, `${where}\n${text}`);
      const errors: string[] = [];
      const onRuleError = (id: string, e: unknown) => errors.push(`${id}: ${(e as Error).stack ?? String(e)}`);
      try {
        const result = lint(text, { uri: seed.uri, workspace, onRuleError, recordReads: true });
        for (const [id, seen] of Object.entries(result.reads ?? {})) {
          const declared = RULES_BY_ID.get(id)!.meta.scope;
          if (!withinScope(seen.scope, declared))
            errors.push(`${id} declares scope "${declared}" but reads at "${seen.scope}" scope: it ${seen.why}`);
        }
        // Hover facts on a few offsets, the way the server asks for them.
        for (let k = 0; k < 3; k++) valueFacts(result.file, result.kind, Math.floor(rnd() * (text.length + 1)));
        for (const f of result.findings) {
          for (const fix of f.fixes) {
            const fixed = applyFixes(text, [fix]).text;
            lint(fixed, { uri: seed.uri, workspace, onRuleError });
          }
        }
      } catch (e) {
        errors.push(`lint threw: ${(e as Error).stack ?? String(e)}`);
      }
      if (errors.length) failures.push(`${where}\n${errors.join('\n')}\n--- input ---\n${text.slice(0, 2000)}`);
    }
    assert.deepEqual(failures, [], `seed ${SEED}`);
  },
);
