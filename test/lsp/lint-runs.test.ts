/**
 * The server's stoppable lints (server/src/lint-runs.ts) on their own: `drive` lets the event
 * loop in between steps and stops when told; `SharedRuns` starts one run per key and stops it
 * only when every waiter has cancelled.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver/node';
import { drive, SharedRuns, Stopped } from '../../server/src/lint-runs';

/** Busy for about `ms` per step, `steps` times, then returns `done`. */
function* busy(steps: number, ms: number, log: string[]): Generator<void, string, void> {
  try {
    for (let i = 0; i < steps; i++) {
      const until = performance.now() + ms;
      while (performance.now() < until);
      log.push(`step ${i}`);
      yield;
    }
    return 'done';
  } finally {
    log.push('closed');
  }
}

describe('drive', () => {
  test('gives the event loop a turn between slices, and runs to the end', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('other work'));
    assert.equal(await drive(busy(6, 4, log), () => undefined, 10), 'done');
    const other = log.indexOf('other work');
    assert.ok(other > 0 && other < log.indexOf('step 5'), log.join(', '));
    assert.equal(log.at(-1), 'closed');
  });

  test('stops mid-way when `stop` says so, and closes the generator', async () => {
    const log: string[] = [];
    let asked = 0;
    await assert.rejects(
      drive(busy(100, 4, log), () => (++asked === 2 ? 'modified' : undefined), 5),
      (e: unknown) => e instanceof Stopped && e.reason === 'modified',
    );
    assert.ok(log.length < 20, `stopped early: ${log.length} entries`);
    assert.equal(log.at(-1), 'closed');
  });
});

describe('SharedRuns', () => {
  const deferred = () => {
    let resolve!: (v: string) => void;
    const promise = new Promise<string>((r) => (resolve = r));
    return { promise, resolve };
  };

  test('one run per key; another key starts another', async () => {
    const runs = new SharedRuns<string>();
    let started = 0;
    const d = deferred();
    const start = () => {
      started++;
      return d.promise;
    };
    const a = runs.join('u', 'v1', start);
    const b = runs.join('u', 'v1', start);
    d.resolve('r1');
    assert.deepEqual(await Promise.all([a, b]), ['r1', 'r1']);
    assert.equal(started, 1);
    assert.equal(await runs.join('u', 'v2', async () => 'r2'), 'r2');
  });

  test('a cancelled waiter gets Stopped("cancelled"); the run is abandoned only when every waiter cancelled', async () => {
    const runs = new SharedRuns<string>();
    let abandoned: () => boolean = () => false;
    const d = deferred();
    const first = new CancellationTokenSource();
    const second = new CancellationTokenSource();
    const a = runs.join(
      'u',
      'v1',
      (isAbandoned) => {
        abandoned = isAbandoned;
        return d.promise;
      },
      first.token,
    );
    const b = runs.join('u', 'v1', () => assert.fail('joins the run in flight'), second.token);
    first.cancel();
    await assert.rejects(a, (e: unknown) => e instanceof Stopped && e.reason === 'cancelled');
    assert.equal(abandoned(), false, 'the second waiter still waits');
    second.cancel();
    await assert.rejects(b, (e: unknown) => e instanceof Stopped);
    assert.equal(abandoned(), true);
    // A new request does not join the abandoned run.
    assert.equal(await runs.join('u', 'v1', async () => 'fresh'), 'fresh');
    d.resolve('late');
  });
});
