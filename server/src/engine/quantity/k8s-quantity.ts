/**
 * Kubernetes resource quantities (k8s.io/apimachinery `resource.ParseQuantity`).
 * `400m` is 0.4 of the unit: 0.4 cores for CPU, 0.4 bytes for memory. Decimal suffixes are
 * powers of 1000 (`k` lower-case only), binary ones powers of 1024; `GB`, `Gb`, `K` are invalid.
 * Source: https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
 */

/** Powers of ten. Negative ones divide (`700m` = 700 / 1000 = 0.7), as 0.001 has no exact double. */
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

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
    return { ok: false, error: text !== '' && SCANNABLE.test(text) ? K8S_QUANTITY_SUFFIX_ERROR : K8S_QUANTITY_FORMAT_ERROR };
  }
  const number = m[1]!;
  const suffix = m[2] ?? '';
  const base = Number(number);
  if (suffix in BINARY) return { ok: true, value: base * BINARY[suffix]!, number, suffix, format: 'BinarySI' };
  if (suffix in DECIMAL) return { ok: true, value: scale10(base, DECIMAL[suffix]!), number, suffix, format: 'DecimalSI' };
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
