/**
 * Bytes <-> text, exactly. A fix may only be written back when every byte it did not mean to
 * change comes back as it was, so decoding must be reversible for any input, including files
 * that are not valid UTF-8 (a Latin-1 `# café` in a comment) and UTF-16 files.
 *
 * Hand-written rather than TextDecoder: TextDecoder replaces what it cannot decode with U+FFFD,
 * which is not reversible. Invalid UTF-8 bytes are kept as the lone surrogates U+DC80..U+DCFF
 * (Python's "surrogateescape", PEP 383) and turned back into the same bytes on encoding.
 *
 * Encodings follow what go-yaml (docker compose, kubectl, helm) reads: UTF-8, and UTF-16 by its
 * byte-order mark (go-yaml/yaml v3 readerc.go yaml_parser_determine_encoding). A UTF-32 BOM is
 * recognised only to say the file was not read: go-yaml has no UTF-32 and takes FF FE 00 00 for
 * UTF-16LE followed by a NUL, which it rejects.
 */

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  /** The text, with the byte-order mark (if any) kept as U+FEFF at the start. */
  text: string;
  encoding: TextEncodingName;
  /** Bytes that were not valid UTF-8, kept as U+DC80..U+DCFF. */
  escapedBytes: number;
  /** encodeText(text, encoding) gives the same bytes back (false: an odd UTF-16 length). */
  exact: boolean;
}

export type DecodeResult = DecodedText | { unsupported: string };

const ESCAPE_BASE = 0xdc00;

export function decodeBytes(bytes: Uint8Array): DecodeResult {
  const b = bytes;
  if (
    b.length >= 4 &&
    ((b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) ||
      (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff))
  ) {
    return { unsupported: 'UTF-32 text: docker compose, kubectl and helm (go-yaml) read YAML only as UTF-8 or UTF-16' };
  }
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return decodeUtf16(b, true);
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return decodeUtf16(b, false);
  return decodeUtf8(b);
}

function decodeUtf16(b: Uint8Array, little: boolean): DecodedText {
  const units = Math.floor(b.length / 2);
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < units; start += CHUNK) {
    const end = Math.min(units, start + CHUNK);
    let chunk = '';
    for (let u = start; u < end; u++) {
      const i = u * 2;
      // JS strings are UTF-16 code units: even unpaired surrogates survive, so this is exact.
      chunk += String.fromCharCode(little ? b[i]! | (b[i + 1]! << 8) : (b[i]! << 8) | b[i + 1]!);
    }
    parts.push(chunk);
  }
  return {
    text: parts.join(''),
    encoding: little ? 'utf-16le' : 'utf-16be',
    escapedBytes: 0,
    exact: b.length % 2 === 0,
  };
}

function decodeUtf8(b: Uint8Array): DecodedText {
  // Fast path: valid UTF-8 (nearly every file). ignoreBOM keeps the mark in the text.
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(b);
    return { text, encoding: 'utf-8', escapedBytes: 0, exact: true };
  } catch {
    // falls through to the escaping decoder
  }
  const out: string[] = [];
  let run = '';
  let escaped = 0;
  const flush = () => {
    if (run.length > 0) out.push(run);
    run = '';
  };
  const push = (unit: number) => {
    run += String.fromCharCode(unit);
    if (run.length >= 8192) flush();
  };
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = sequenceLength(b, i);
    if (n === 0) {
      push(ESCAPE_BASE + c);
      escaped++;
      i++;
      continue;
    }
    let cp: number;
    if (n === 1) cp = c;
    else if (n === 2) cp = ((c & 0x1f) << 6) | (b[i + 1]! & 0x3f);
    else if (n === 3) cp = ((c & 0x0f) << 12) | ((b[i + 1]! & 0x3f) << 6) | (b[i + 2]! & 0x3f);
    else cp = ((c & 0x07) << 18) | ((b[i + 1]! & 0x3f) << 12) | ((b[i + 2]! & 0x3f) << 6) | (b[i + 3]! & 0x3f);
    if (cp > 0xffff) {
      const v = cp - 0x10000;
      push(0xd800 + (v >> 10));
      push(0xdc00 + (v & 0x3ff));
    } else push(cp);
    i += n;
  }
  flush();
  return { text: out.join(''), encoding: 'utf-8', escapedBytes: escaped, exact: true };
}

/** Length of the well-formed UTF-8 sequence at i (Unicode 15 table 3-7), or 0 when it is not one. */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0; // no encoded surrogates
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/** The inverse of decodeBytes: the same bytes for every text it produced. */
export function encodeText(text: string, encoding: TextEncodingName): Uint8Array {
  if (encoding !== 'utf-8') {
    const out = new Uint8Array(text.length * 2);
    const little = encoding === 'utf-16le';
    for (let i = 0; i < text.length; i++) {
      const u = text.charCodeAt(i);
      out[i * 2] = little ? u & 0xff : u >> 8;
      out[i * 2 + 1] = little ? u >> 8 : u & 0xff;
    }
    return out;
  }
  if (!/[\uD800-\uDFFF]/.test(text)) return new TextEncoder().encode(text);
  const out = new Uint8Array(text.length * 3);
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (cp >= 0xdc80 && cp <= 0xdcff) {
      out[o++] = cp - ESCAPE_BASE; // an escaped byte goes back as it was
    } else if (cp < 0x80) out[o++] = cp;
    else if (cp < 0x800) {
      out[o++] = 0xc0 | (cp >> 6);
      out[o++] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      // Other lone surrogates never come out of decodeBytes (nor out of a fix); written as WTF-8.
      out[o++] = 0xe0 | (cp >> 12);
      out[o++] = 0x80 | ((cp >> 6) & 0x3f);
      out[o++] = 0x80 | (cp & 0x3f);
    } else {
      out[o++] = 0xf0 | (cp >> 18);
      out[o++] = 0x80 | ((cp >> 12) & 0x3f);
      out[o++] = 0x80 | ((cp >> 6) & 0x3f);
      out[o++] = 0x80 | (cp & 0x3f);
    }
  }
  return out.subarray(0, o);
}
