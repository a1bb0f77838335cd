/**
 * The byte <-> text codec that --fix writes through: decoding and encoding again gives the same
 * bytes for every input (any byte string as UTF-8, UTF-16 with either byte-order mark), and
 * UTF-32 is said, not misread.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { decodeBytes, encodeText, type DecodedText } from '../../server/src/engine/encoding';

const RUNS = Number(process.env.SCALEWISE_PROPERTY_RUNS ?? 2000);

function decoded(bytes: Uint8Array): DecodedText {
  const d = decodeBytes(bytes);
  assert.ok(!('unsupported' in d), `unsupported: ${JSON.stringify(d)}`);
  return d;
}

const bytesOf = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

describe('encoding', () => {
  test('any byte string round-trips exactly (read as UTF-8, invalid bytes kept)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        // A UTF-16 or UTF-32 byte-order mark picks another decoder; those are covered below.
        fc.pre(
          !(b[0] === 0xff && b[1] === 0xfe) &&
            !(b[0] === 0xfe && b[1] === 0xff) &&
            !(b[0] === 0 && b[1] === 0 && b[2] === 0xfe),
        );
        const d = decoded(b);
        assert.equal(d.exact, true);
        assert.deepEqual(Buffer.from(encodeText(d.text, d.encoding)), Buffer.from(b));
      }),
      { numRuns: RUNS },
    );
  });

  test('valid UTF-8 text decodes to the same string TextDecoder gives, with nothing escaped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
        const b = new TextEncoder().encode(s);
        const d = decoded(b);
        assert.equal(d.text, s);
        assert.equal(d.escapedBytes, 0);
      }),
      { numRuns: RUNS },
    );
  });

  test('UTF-16 with a byte-order mark round-trips, unpaired surrogates included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 100 }), fc.boolean(), (units, little) => {
        const b = new Uint8Array(2 + units.length * 2);
        b.set(little ? [0xff, 0xfe] : [0xfe, 0xff]);
        units.forEach((u, i) => {
          b[2 + i * 2] = little ? u & 0xff : u >> 8;
          b[3 + i * 2] = little ? u >> 8 : u & 0xff;
        });
        // FF FE 00 00 is the UTF-32LE mark: a UTF-16LE file cannot start with U+0000 after its mark.
        fc.pre(!(little && units[0] === 0));
        const d = decoded(b);
        assert.equal(d.encoding, little ? 'utf-16le' : 'utf-16be');
        assert.equal(d.text.charCodeAt(0), 0xfeff, 'the mark stays in the text');
        assert.deepEqual(Buffer.from(encodeText(d.text, d.encoding)), Buffer.from(b));
      }),
      { numRuns: RUNS },
    );
  });

  test('a Latin-1 byte in a comment is kept as it was, and counted', () => {
    const b = bytesOf('services:\n  web:  # caf', [0xe9], '\n    image: nginx\n');
    const d = decoded(b);
    assert.equal(d.escapedBytes, 1);
    assert.match(d.text, /image: nginx/);
    assert.deepEqual(
      Buffer.from(encodeText(d.text.replace('nginx', 'nginx:1'), d.encoding)),
      Buffer.from(bytesOf('services:\n  web:  # caf', [0xe9], '\n    image: nginx:1\n')),
    );
  });

  test('PowerShell 5 UTF-16LE is read', () => {
    const b = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('services:\r\n  web:\r\n', 'utf16le')]);
    const d = decoded(b);
    assert.equal(d.encoding, 'utf-16le');
    assert.equal(d.text, '\uFEFFservices:\r\n  web:\r\n');
  });

  test('UTF-32 is refused with the reason, not misread', () => {
    for (const mark of [
      [0xff, 0xfe, 0, 0],
      [0, 0, 0xfe, 0xff],
    ]) {
      const d = decodeBytes(Uint8Array.from([...mark, 0x61, 0, 0, 0]));
      assert.ok('unsupported' in d);
      assert.match(d.unsupported, /UTF-32.*go-yaml/);
    }
  });

  test('an odd UTF-16 length is marked as not exact, so --fix will not write it', () => {
    const d = decoded(Uint8Array.from([0xff, 0xfe, 0x61, 0x00, 0x62]));
    assert.equal(d.exact, false);
  });
});
