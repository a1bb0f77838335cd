/**
 * Kubernetes resource quantities (k8s.io/apimachinery `resource.ParseQuantity`).
 * `400m` is 0.4 of the unit: 0.4 cores for CPU, 0.4 bytes for memory. Decimal suffixes are
 * powers of 1000 (`k` lower-case only), binary ones powers of 1024; `GB`, `Gb`, `K` are invalid.
 * Source: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */

/** Powers of ten. Negative ones divide (`700m` = 700 / 1000 = 0.7), as 0.001 has no exact double. */
// Without a prototype, so that `suffix in DECIMAL` is true only for these suffixes.
const DECIMAL: Record<string, number> = Object.assign(Object.create(null), {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
});
const BINARY: Record<string, number> = Object.assign(Object.create(null), {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
});

const NUMBER = '[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)';
const STRICT = new RegExp(`^(${NUMBER})(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?[0-9]+)?$`);
/**
 * What the API server's scanner (`parseQuantityString`) reads before it looks the suffix up: one
 * optional `.`, then suffix letters, a sign and digits. Outside it the error is ErrFormatWrong
 * (`1.2.3`, `1GB`), inside it an unknown suffix is ErrSuffix (`1K`). The regular expression the
 * error message quotes is looser than the scanner.
 */
const SCANNABLE = /^[+-]?[0-9]*(?:\.[0-9]*)?[eEinumkKMGTP]*[-+]?[0-9]*$/;

export type K8sQuantity =
  | { ok: true; value: number; number: string; suffix: string; format: 'BinarySI' | 'DecimalSI' | 'DecimalExponent' }
  | { ok: false; error: string };

export const K8S_QUANTITY_FORMAT_ERROR =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const K8S_QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

export function parseK8sQuantity(input: string | number): K8sQuantity {
  if (typeof input === 'number') {
    return Number.isFinite(input)
      ? { ok: true, value: input, number: String(input), suffix: '', format: 'DecimalSI' }
      : { ok: false, error: K8S_QUANTITY_FORMAT_ERROR };
  }
  const text = input.trim();
  const m = STRICT.exec(text);
  if (!m) {
    return {
      ok: false,
      error: text !== '' && SCANNABLE.test(text) ? K8S_QUANTITY_SUFFIX_ERROR : K8S_QUANTITY_FORMAT_ERROR,
    };
  }
  const number = m[1]!;
  const suffix = m[2] ?? '';
  const base = Number(number);
  if (suffix in BINARY) return { ok: true, value: base * BINARY[suffix]!, number, suffix, format: 'BinarySI' };
  if (suffix in DECIMAL)
    return { ok: true, value: scale10(base, DECIMAL[suffix]!), number, suffix, format: 'DecimalSI' };
  const exponent = Number(suffix.slice(1));
  return { ok: true, value: scale10(base, exponent), number, suffix, format: 'DecimalExponent' };
}

function scale10(base: number, exponent: number): number {
  return exponent >= 0 ? base * 10 ** exponent : base / 10 ** -exponent;
}

/** CPU in cores as Kubernetes writes it: whole cores plain, otherwise millicores. */
export function formatK8sCpu(cores: number): string {
  if (Number.isInteger(cores)) return String(cores);
  return `${Math.round(cores * 1000)}m`;
}

/** Memory in bytes as a quantity: the largest binary suffix that divides exactly, else bytes. */
export function formatK8sMemory(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0 || !Number.isInteger(bytes)) return String(bytes);
  for (const suffix of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) {
    const unit = BINARY[suffix]!;
    if (bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return String(bytes);
}

/** Human-readable bytes for hovers and lenses: `1.5 GiB`. */
export function humanBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const abs = Math.abs(bytes);
  if (abs < 1) return `${+bytes.toPrecision(3)} bytes`;
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let i = 0;
  let v = bytes;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? Math.round(v) : +v.toFixed(2)} ${units[i]}`;
}

export function humanCores(cores: number): string {
  return `${+cores.toFixed(3)} ${cores === 1 ? 'core' : 'cores'}`;
}

/**
 * A quantity as the API server holds it: an exact decimal (`mantissa` × 10^`exponent`, the
 * mantissa non-negative) with its sign and format, after `ParseQuantity`'s rounding: values
 * finer than 1n are rounded up (away from zero) to 1n, a BinarySI value below 1 becomes DecimalSI.
 * kubernetes/apimachinery pkg/api/resource/quantity.go (`ParseQuantity`, `CanonicalizeBytes`).
 */
export interface ExactK8sQuantity {
  negative: boolean;
  mantissa: bigint;
  exponent: number;
  format: 'BinarySI' | 'DecimalSI' | 'DecimalExponent';
}

/** Exponents beyond this are left to the float path (`1e999` is a valid quantity, but not worth a BigInt of 1000 digits). */
const MAX_EXACT_EXPONENT = 200;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

export function parseK8sQuantityExact(input: string | number): ExactK8sQuantity | null {
  const text = typeof input === 'number' ? (Number.isFinite(input) ? numberText(input) : '') : input.trim();
  const m = STRICT.exec(text);
  if (!m) return null;
  const [, number, suffix = ''] = m;
  const unsigned = number!.replace(/^[+-]/, '');
  const [whole = '', fraction = ''] = unsigned.split('.');
  let mantissa = BigInt(`${whole}${fraction}` || '0');
  let exponent = -fraction.length;
  let format: ExactK8sQuantity['format'] = 'DecimalSI';
  if (suffix in BINARY) {
    mantissa *= 1n << BigInt(10 * (['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'].indexOf(suffix) + 1));
    format = 'BinarySI';
  } else if (suffix in DECIMAL) {
    exponent += DECIMAL[suffix]!;
  } else {
    exponent += Number(suffix.slice(1));
    format = 'DecimalExponent';
  }
  if (Math.abs(exponent) > MAX_EXACT_EXPONENT) return null;
  // Round up to the nano (inf.RoundUp on the absolute value).
  if (exponent < -9 && mantissa !== 0n) {
    const d = pow10(-9 - exponent);
    mantissa = mantissa / d + (mantissa % d === 0n ? 0n : 1n);
    exponent = -9;
  }
  if (format === 'BinarySI') {
    // maxAllowed caps BinarySI at 2^63-1; below 1 it is DecimalSI.
    const max = (1n << 63n) - 1n;
    if (compareScaled(mantissa, exponent, max, 0) > 0) {
      mantissa = max;
      exponent = 0;
    }
    if (mantissa !== 0n && compareScaled(mantissa, exponent, 1n, 0) < 0) format = 'DecimalSI';
  }
  return { negative: number!.startsWith('-') && mantissa !== 0n, mantissa, exponent, format };
}

/** A JS number as decimal text without an exponent where possible (`1e21` stays `1e21`). */
function numberText(n: number): string {
  const s = String(n);
  return /e/i.test(s) ? s.replace('e+', 'e') : s;
}

/** Compares a×10^ea with b×10^eb (non-negative mantissas). */
function compareScaled(a: bigint, ea: number, b: bigint, eb: number): number {
  const e = Math.min(ea, eb);
  const x = a * pow10(ea - e);
  const y = b * pow10(eb - e);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Exact comparison as the API server's `Quantity.Cmp`; undefined when either is not a quantity. */
export function compareK8sQuantities(a: string | number, b: string | number): number | undefined {
  const x = parseK8sQuantityExact(a);
  const y = parseK8sQuantityExact(b);
  if (!x || !y) {
    const fx = parseK8sQuantity(a);
    const fy = parseK8sQuantity(b);
    if (!fx.ok || !fy.ok) return undefined;
    return Math.sign(fx.value - fy.value);
  }
  if (x.negative !== y.negative) return x.negative ? -1 : 1;
  const c = compareScaled(x.mantissa, x.exponent, y.mantissa, y.exponent);
  return x.negative && c !== 0 ? -c : c;
}

const DECIMAL_SUFFIX_OF: Record<number, string> = {
  [-9]: 'n',
  [-6]: 'u',
  [-3]: 'm',
  0: '',
  3: 'k',
  6: 'M',
  9: 'G',
  12: 'T',
  15: 'P',
  18: 'E',
};

/**
 * The canonical text the API server writes back for a quantity (`Quantity.String()`):
 * `0.1` -> `100m`, `1024Mi` -> `1Gi`, `1.5Gi` -> `1536Mi`, `1000M` -> `1G`, `1500` -> `1500`,
 * `0.5e6` -> `500e3`. Undefined when the text is not a quantity. Decimal values of 10^21 and more
 * are written with `E` (the API server has no suffix for them either).
 */
export function canonicalK8sQuantity(input: string | number): string | undefined {
  const q = parseK8sQuantityExact(input);
  if (!q) return undefined;
  if (q.mantissa === 0n) return '0';
  const sign = q.negative ? '-' : '';
  let { mantissa, exponent } = q;
  if (q.format === 'BinarySI') {
    const below1024 = compareScaled(mantissa, exponent, 1024n, 0) < 0;
    const integer = exponent >= 0 || mantissa % pow10(-exponent) === 0n;
    if (!below1024 && integer) {
      let n = exponent >= 0 ? mantissa * pow10(exponent) : mantissa / pow10(-exponent);
      let k = 0;
      while (n % 1024n === 0n && k < 6) {
        n /= 1024n;
        k++;
      }
      return `${sign}${n}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][k]}`;
    }
  }
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  const r = ((exponent % 3) + 3) % 3;
  if (r === 1) {
    mantissa *= 10n;
    exponent -= 1;
  } else if (r === 2) {
    mantissa *= 100n;
    exponent -= 2;
  }
  if (q.format === 'DecimalExponent') return `${sign}${mantissa}${exponent === 0 ? '' : `e${exponent}`}`;
  if (exponent > 18) {
    mantissa *= pow10(exponent - 18);
    exponent = 18;
  }
  return `${sign}${mantissa}${DECIMAL_SUFFIX_OF[exponent]}`;
}
