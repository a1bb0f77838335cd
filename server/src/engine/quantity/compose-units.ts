/**
 * Compose byte values and CPU counts, which are NOT Kubernetes quantities.
 * Bytes: compose-go `UnitBytes` -> docker/go-units `RAMInBytes`, regex `(?i)^(\d+(\.\d+)*) ?([kmgtp])?i?b?$`
 * with binary multipliers for every suffix, so `1g` = `1gb` = `1GB` = `1Gi` = 1 GiB and `400m` is 400 MiB.
 * CPUs: compose-go parses with Go's `strconv.ParseFloat`, so `500m` (millicores) is an error.
 * Sources: compose-spec/compose-go@e70e961:types/bytes.go, docker/go-units@2777cf4:size.go,
 * compose-spec/compose-go@e70e961:types/cpus.go.
 */

const RAM = /^(\d+(?:\.\d+)*) ?([kmgtp])?i?b?$/i;
// Without a prototype: a lookup by the text's own suffix meets nothing of Object's.
const MULT: Record<string, number> = Object.assign(Object.create(null), {
  '': 1,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
  p: 2 ** 50,
});

export type ComposeBytes = { ok: true; bytes: number } | { ok: false; error: string };

export function parseComposeBytes(input: string | number): ComposeBytes {
  if (typeof input === 'number') {
    return Number.isInteger(input) && input >= 0
      ? { ok: true, bytes: input }
      : { ok: false, error: `invalid size: '${input}'` };
  }
  const m = RAM.exec(input);
  if (!m) return { ok: false, error: `invalid size: '${input}'` };
  const size = Number(m[1]);
  if (!Number.isFinite(size)) return { ok: false, error: `invalid size: '${input}'` };
  // go-units truncates to int64.
  return { ok: true, bytes: Math.trunc(size * MULT[(m[2] ?? '').toLowerCase()]!) };
}

const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export type ComposeCpus = { ok: true; cores: number } | { ok: false; error: string; millicores?: number };

export function parseComposeCpus(input: string | number): ComposeCpus {
  if (typeof input === 'number')
    return Number.isFinite(input) ? { ok: true, cores: input } : { ok: false, error: 'not a number' };
  const text = input.trim();
  if (FLOAT.test(text)) return { ok: true, cores: Number(text) };
  const milli = /^(\d+)m$/.exec(text);
  if (milli)
    return { ok: false, error: `strconv.ParseFloat: parsing "${input}": invalid syntax`, millicores: Number(milli[1]) };
  return { ok: false, error: `strconv.ParseFloat: parsing "${input}": invalid syntax` };
}
