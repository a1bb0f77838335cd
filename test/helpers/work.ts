/**
 * Work counted, never timed: how many characters the String and RegExp built-ins read while a
 * function runs. A cost test runs an input at two sizes and asserts that this count grows like
 * the input, which holds on a loaded machine where a stopwatch does not (speed itself is
 * measured in bench/, as ratios).
 *
 * What one call counts: a search (`indexOf`, `includes`, `lastIndexOf`, RegExp `exec`, and
 * through it `test`, `match`, `replace`, `split` with a RegExp) reads from where it starts to
 * where it stops, the end of its match or of the string (a sticky RegExp that fails reads one
 * character); `slice`, `substring` and `substr` copy what they return; `split`, `replace`,
 * `replaceAll`, `match`, `matchAll` and `search` with a string argument read the whole string.
 * It is an upper bound: V8 may share a slice's characters instead of copying them. Work whose
 * bound grows linearly grows at most linearly.
 */

type Method = (this: unknown, ...args: unknown[]) => unknown;

export function charactersRead(fn: () => void): number {
  const S = String.prototype as unknown as Record<string, Method>;
  const R = RegExp.prototype as unknown as Record<string, Method>;
  const original = {
    indexOf: S.indexOf!,
    includes: S.includes!,
    lastIndexOf: S.lastIndexOf!,
    exec: R.exec!,
  };
  let read = 0;
  const saved: [Record<string, Method>, string, Method][] = [];
  const replace = (proto: Record<string, Method>, name: string, method: Method) => {
    saved.push([proto, name, proto[name]!]);
    proto[name] = method;
  };
  const clamp = (n: unknown, length: number, fallback: number) =>
    n === undefined ? fallback : Math.max(0, Math.min(length, Math.trunc(Number(n)) || 0));

  replace(S, 'indexOf', function (this: unknown, ...args: unknown[]) {
    const self = String(this);
    const at = original.indexOf.apply(self, args) as number;
    read += (at === -1 ? self.length : at + String(args[0]).length) - clamp(args[1], self.length, 0);
    return at;
  });
  replace(S, 'includes', function (this: unknown, ...args: unknown[]) {
    const self = String(this);
    const at = original.indexOf.apply(self, args) as number;
    read += (at === -1 ? self.length : at + String(args[0]).length) - clamp(args[1], self.length, 0);
    return at !== -1;
  });
  replace(S, 'lastIndexOf', function (this: unknown, ...args: unknown[]) {
    const self = String(this);
    const at = original.lastIndexOf.apply(self, args) as number;
    const from = Math.min(self.length, clamp(args[1], self.length, self.length) + String(args[0]).length);
    read += Math.max(0, from - (at === -1 ? 0 : at));
    return at;
  });
  for (const name of ['slice', 'substring', 'substr']) {
    const m = S[name]!;
    replace(S, name, function (this: unknown, ...args: unknown[]) {
      const result = m.apply(this, args) as string;
      read += result.length;
      return result;
    });
  }
  for (const name of ['split', 'replace', 'replaceAll', 'match', 'matchAll', 'search']) {
    const m = S[name]!;
    replace(S, name, function (this: unknown, ...args: unknown[]) {
      if (!(args[0] instanceof RegExp)) read += String(this).length;
      return m.apply(this, args);
    });
  }
  replace(R, 'exec', function (this: unknown, ...args: unknown[]) {
    const re = this as RegExp;
    const subject = String(args[0]);
    const start = re.global || re.sticky ? Math.min(subject.length, re.lastIndex) : 0;
    const m = original.exec.apply(re, args) as RegExpExecArray | null;
    read += m ? Math.max(1, m.index + m[0].length - start) : re.sticky ? 1 : subject.length - start;
    return m;
  });

  try {
    fn();
  } finally {
    for (const [proto, name, method] of saved.reverse()) proto[name] = method;
  }
  return read;
}

/**
 * A parsed file whose YAML nodes count every property read on them, and the count: the work a
 * reader does on the tree, whatever it reads with (our helpers, `yaml`'s own `visit` and
 * `Alias.resolve`). Every node, pair and item list reached from a document is a counting proxy of
 * it (the same proxy each time, so identity holds); the rules run on the returned file.
 */
export function countingNodeReads<F extends { documents: readonly { doc: object; root: unknown; range: unknown }[] }>(
  file: F,
): { file: F; reads: () => number } {
  let reads = 0;
  const proxies = new WeakMap<object, object>();
  const wrap = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const known = proxies.get(value);
    if (known) return known;
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        reads++;
        const v = Reflect.get(target, key, receiver);
        // A non-configurable, non-writable property must read as itself (a Proxy invariant).
        const d = Object.getOwnPropertyDescriptor(target, key);
        if (d && !d.configurable && !d.writable && 'value' in d) return v;
        return typeof v === 'function' ? v : wrap(v);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };
  const documents = file.documents.map((d) => ({ ...d, doc: wrap(d.doc) as object, root: wrap(d.root) }));
  return { file: { ...file, documents }, reads: () => reads };
}
