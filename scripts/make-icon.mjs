// Draws media/icon.png, the extension's 128×128 icon: three replicas (bars of rising height) on a
// teal rounded square. A PNG written by hand (zlib for IDAT, a CRC-32 of our own), so no image
// library is needed; 4×4 samples per pixel smooth the edges.
//
//   node scripts/make-icon.mjs           writes media/icon.png
//   node scripts/make-icon.mjs --check   exit 1 when media/icon.png is not what this draws
import { readFileSync, writeFileSync } from 'node:fs';
import { deflateSync, inflateSync } from 'node:zlib';

const SIZE = 128;
const OUT = new URL('../media/icon.png', import.meta.url);

/** Inside a rectangle with rounded corners (x0, y0)-(x1, y1), radius r. */
function inRoundRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

const BARS = [
  { x0: 26, top: 70, color: [204, 251, 241] },
  { x0: 54, top: 48, color: [240, 253, 250] },
  { x0: 82, top: 26, color: [255, 255, 255] },
];

/** The colour at a point: [r, g, b, a], 0-255. */
function sample(x, y) {
  if (!inRoundRect(x, y, 0, 0, SIZE, SIZE, 26)) return [0, 0, 0, 0];
  for (const b of BARS) if (inRoundRect(x, y, b.x0, b.top, b.x0 + 20, 102, 5)) return [...b.color, 255];
  // A base line under the bars.
  if (inRoundRect(x, y, 20, 108, 108, 113, 2.5)) return [153, 246, 228, 255];
  // Top-left to bottom-right: teal-600 to teal-800.
  const t = (x + y) / (2 * SIZE);
  const mix = (a, b) => Math.round(a + (b - a) * t);
  return [mix(13, 17), mix(148, 94), mix(136, 89), 255];
}

function pixels() {
  const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
  const n = 4;
  for (let y = 0; y < SIZE; y++) {
    const row = y * (SIZE * 4 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < n; sy++)
        for (let sx = 0; sx < n; sx++) {
          const c = sample(x + (sx + 0.5) / n, y + (sy + 0.5) / n);
          // Premultiplied, so transparent samples do not darken the edge.
          for (let i = 0; i < 3; i++) acc[i] += (c[i] * c[3]) / 255;
          acc[3] += c[3];
        }
      const a = acc[3] / (n * n);
      const at = row + 1 + x * 4;
      for (let i = 0; i < 3; i++) raw[at + i] = a === 0 ? 0 : Math.round((acc[i] / (n * n)) * (255 / a));
      raw[at + 3] = Math.round(a);
    }
  }
  return raw;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function iconPng() {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(SIZE, 0);
  ihdr.writeUInt32BE(SIZE, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(pixels(), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The IHDR and the inflated image data of a PNG: what it shows, whatever zlib compressed it. */
function decoded(png) {
  let ihdr;
  const idat = [];
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + len;
  }
  return { ihdr, pixels: inflateSync(Buffer.concat(idat)) };
}

const png = iconPng();
if (process.argv.includes('--check')) {
  let same = false;
  try {
    const want = decoded(png);
    const have = decoded(readFileSync(OUT));
    same = have.ihdr.equals(want.ihdr) && have.pixels.equals(want.pixels);
  } catch {}
  if (!same) {
    console.error('media/icon.png is not what scripts/make-icon.mjs draws: run node scripts/make-icon.mjs');
    process.exit(1);
  }
} else writeFileSync(OUT, png);
