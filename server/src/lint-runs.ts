/**
 * Lints the server can stop (issue item 20): `lintSteps()` driven a step at a time with a turn
 * of the event loop every few milliseconds, so that `$/cancelRequest` and a newer version of
 * the document get in; and one run per document version, shared by every request that waits for it.
 */
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';

export type StopReason = 'cancelled' | 'modified';

/** Thrown out of a run that was told to stop. */
export class Stopped extends Error {
  constructor(readonly reason: StopReason) {
    super(reason === 'cancelled' ? 'cancelled' : 'a newer version of the document');
  }
}

/** How long a run keeps the event loop before it lets messages in. */
export const SLICE_MS = 10;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs `steps` to the end, giving the event loop a turn whenever a slice of `sliceMs` is used
 * up; after each turn `stop` says whether to go on.
 */
export async function drive<T>(
  steps: Generator<void, T, void>,
  stop: () => StopReason | undefined,
  sliceMs = SLICE_MS,
): Promise<T> {
  let since = performance.now();
  try {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() - since < sliceMs) continue;
      await nextTurn();
      const why = stop();
      if (why) throw new Stopped(why);
      since = performance.now();
    }
  } finally {
    steps.return(undefined as never);
  }
}

/** The LSP answer for a stopped run. */
export function stoppedError(s: Stopped): ResponseError<void> {
  return s.reason === 'cancelled'
    ? new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled')
    : new ResponseError(LSPErrorCodes.ContentModified, 'the document changed; ask again for the new version');
}

export function isContentModified(err: unknown): boolean {
  return err instanceof ResponseError && err.code === LSPErrorCodes.ContentModified;
}

interface Run<T> {
  key: string;
  promise: Promise<T>;
  waiters: number;
  /** Every request waiting for it was cancelled: the run stops at its next turn. */
  abandoned: boolean;
}

/**
 * At most one run per document and key (its version and what else it depends on): a request
 * for the same key joins the run in flight instead of starting its own.
 */
export class SharedRuns<T> {
  private readonly runs = new Map<string, Run<T>>();
  private idleWaiters: (() => void)[] = [];

  /** Resolves when no run is in flight (background work waits for requests this way). */
  idle(): Promise<void> {
    if (this.runs.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * The result of the run for `uri` and `key`, started with `start` when none is in flight.
   * `start` is given `abandoned()`, true once every waiter with a token has cancelled. A
   * cancelled token rejects with Stopped('cancelled') at once.
   */
  join(
    uri: string,
    key: string,
    start: (abandoned: () => boolean) => Promise<T>,
    token?: CancellationToken,
  ): Promise<T> {
    if (token?.isCancellationRequested) return Promise.reject(new Stopped('cancelled'));
    let run = this.runs.get(uri);
    if (!run || run.key !== key || run.abandoned) {
      const created: Run<T> = { key, waiters: 0, abandoned: false, promise: Promise.resolve(undefined as T) };
      created.promise = start(() => created.abandoned).finally(() => {
        if (this.runs.get(uri) === created) this.runs.delete(uri);
        if (this.runs.size === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      });
      created.promise.catch(() => undefined); // its waiters observe it
      this.runs.set(uri, created);
      run = created;
    }
    return this.wait(run, token);
  }

  private wait(run: Run<T>, token: CancellationToken | undefined): Promise<T> {
    run.waiters++;
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        sub?.dispose();
        run.waiters--;
        fn();
      };
      const sub = token?.onCancellationRequested(() =>
        settle(() => {
          if (run.waiters === 0) run.abandoned = true;
          reject(new Stopped('cancelled'));
        }),
      );
      run.promise.then(
        (value) => settle(() => resolve(value)),
        (err: unknown) => settle(() => reject(err)),
      );
    });
  }
}
