/**
 * Numbers as go-yaml reads an unquoted scalar. docker compose (compose-go), kubectl and helm
 * (sigs.k8s.io/yaml), k3s and Prometheus all decode YAML with go-yaml, whose resolver differs
 * from the YAML 1.2 core schema the `yaml` parser follows: `017` is octal 15 (core: 17), `1_000`
 * is 1000 and `0b11` is 3 (core: strings), and `1e999` is a string (core: Infinity).
 *
 * go-yaml/yaml@0d383ff995a5c6f47dd6148a6d01cc195d47af78:resolve.go `resolve()`: a scalar whose
 * first character is a digit or a sign has its `_` removed, then is tried as
 * `strconv.ParseInt(s, 0, 64)` (prefixes 0x, 0o, 0b, and a leading 0 for octal), then
 * `strconv.ParseUint(s, 0, 64)`, then, if it matches `yamlStyleFloat`, `strconv.ParseFloat`; one
 * that starts with `.` is tried as ParseFloat as it is; `.inf`, `.nan` and the like come from a
 * table. ParseFloat fails on a value out of range, so the scalar stays a string. Anything else is
 * a string (or a bool, null or timestamp, which are not numbers).
 */

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** resolve.go `resolveMapList`: the numbers among the fixed spellings. */
const SPECIAL = new Map<string, number>([
  ['.nan', NaN],
  ['.NaN', NaN],
  ['.NAN', NaN],
  ['.inf', Infinity],
  ['.Inf', Infinity],
  ['.INF', Infinity],
  ['+.inf', Infinity],
  ['+.Inf', Infinity],
  ['+.INF', Infinity],
  ['-.inf', -Infinity],
  ['-.Inf', -Infinity],
  ['-.INF', -Infinity],
]);

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** `strconv.ParseInt(s, 0, 64)`, else `strconv.ParseUint(s, 0, 64)` (no sign), as a number. */
function parseGoInt(s: string): number | undefined {
  const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
  const body = s.slice(sign.length);
  let digits: RegExp;
  let prefix: string;
  let rest: string;
  const p = body.slice(0, 2).toLowerCase();
  if (p === '0x' || p === '0b' || p === '0o') {
    prefix = p;
    rest = body.slice(2);
    digits = p === '0x' ? /^[0-9a-fA-F]+$/ : p === '0b' ? /^[01]+$/ : /^[0-7]+$/;
  } else if (body.length > 1 && body[0] === '0') {
    // Base 0 reads a leading 0 as octal (Go's strconv, and YAML 1.1).
    prefix = '0o';
    rest = body.slice(1);
    digits = /^[0-7]+$/;
  } else {
    prefix = '';
    rest = body;
    digits = /^[0-9]+$/;
  }
  if (!digits.test(rest)) return undefined;
  const magnitude = BigInt(`${prefix}${rest}`);
  const value = sign === '-' ? -magnitude : magnitude;
  if (value >= INT64_MIN && value <= INT64_MAX) return Number(value);
  // ParseUint takes no sign.
  if (sign === '' && value <= UINT64_MAX) return Number(value);
  return undefined;
}

/** The number go-yaml reads an unquoted, untagged scalar as, or undefined when it reads something else. */
export function goYamlNumber(plain: string): number | undefined {
  const special = SPECIAL.get(plain);
  if (special !== undefined) return special;
  const first = plain[0];
  if (first === '.') {
    // ParseFloat on the text as it is: `.5`, `.5e3` (no `_`: ParseFloat takes them only after a base prefix).
    if (!/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(plain)) return undefined;
    const f = Number(plain);
    return Number.isFinite(f) ? f : undefined;
  }
  if (first === undefined || !/[0-9+-]/.test(first)) return undefined;
  const s = plain.replace(/_/g, '');
  const int = parseGoInt(s);
  if (int !== undefined) return int;
  if (YAML_STYLE_FLOAT.test(s)) {
    const f = Number(s);
    // ParseFloat reports a value out of range as an error: go-yaml then keeps the string.
    return Number.isFinite(f) ? f : undefined;
  }
  return undefined;
}

/**
 * `strconv.Atoi`: how compose-go turns a quoted value into a count (deploy.replicas, scale,
 * ports; compose-spec/compose-go@162cc24e186e1454404a60ab9fcf7504fd36e822:loader/interpolate.go
 * `toInt`). Decimal only: a quoted "017" is 17.
 */
export function atoi(text: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(text) ? Number.parseInt(text, 10) : undefined;
}
