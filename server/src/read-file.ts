/**
 * The one way the CLI and the server read a file from disk: regular files only, never more than
 * a cap. A repository can hold a symlink to /dev/zero (which grows without end), a FIFO (a read
 * blocks forever) or a device where a script or `.gitignore` should be; those are refused with a
 * reason instead of hanging or exhausting memory. Opening with O_NONBLOCK makes even a FIFO
 * return at once, and the type is checked on the opened descriptor, so nothing can be swapped in
 * between the check and the read.
 */
import * as fs from 'node:fs';
import { decodeBytes, type DecodedText } from './engine/encoding';

export type ReadBytes =
  | { ok: true; bytes: Buffer; stat: fs.Stats }
  /** `io`: the file exists but could not be read (permissions, I/O), as opposed to "not ours to read". */
  | { ok: false; reason: string; io: boolean };

export type ReadText = ({ ok: true; stat: fs.Stats } & DecodedText) | { ok: false; reason: string; io: boolean };

/** Config files, `.gitignore`: a megabyte is far beyond any real one. */
export const MAX_SMALL_FILE_BYTES = 1024 * 1024;

function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function readRegularFile(file: string, maxBytes: number): ReadBytes {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return {
      ok: false,
      reason: e.code === 'ENOENT' ? 'no such file' : `cannot open it (${e.code ?? e.message})`,
      io: e.code !== 'ENOENT',
    };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: `${kindOf(stat)}, not a regular file`, io: false };
    if (stat.size > maxBytes)
      return {
        ok: false,
        reason: `${stat.size.toLocaleString('en-US')} bytes is above the ${maxBytes.toLocaleString('en-US')}-byte limit`,
        io: false,
      };
    // Read up to one byte past the cap: a file can grow after fstat, or report a size of 0 (procfs).
    let buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, stat.size + 1));
    let length = 0;
    for (;;) {
      if (length === buf.length) {
        if (length > maxBytes)
          return { ok: false, reason: `more than the ${maxBytes.toLocaleString('en-US')}-byte limit`, io: false };
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(buf.length * 2, 64 * 1024)));
        buf.copy(bigger, 0, 0, length);
        buf = bigger;
      }
      const n = fs.readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return { ok: true, bytes: buf.subarray(0, length), stat };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { ok: false, reason: `cannot read it (${e.code ?? e.message})`, io: true };
  } finally {
    fs.closeSync(fd);
  }
}

/** A regular file decoded as go-yaml reads it (UTF-8, or UTF-16 by its byte-order mark). */
export function readTextFile(file: string, maxBytes: number): ReadText {
  const read = readRegularFile(file, maxBytes);
  if (!read.ok) return read;
  const decoded = decodeBytes(read.bytes);
  if ('unsupported' in decoded) return { ok: false, reason: decoded.unsupported, io: false };
  return { ok: true, stat: read.stat, ...decoded };
}

/** The text of a small file (config, ignore file), or undefined when it cannot be read as one. */
export function readSmallText(file: string): string | undefined {
  const r = readTextFile(file, MAX_SMALL_FILE_BYTES);
  return r.ok ? r.text : undefined;
}
