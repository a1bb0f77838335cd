/**
 * Writing a fixed file for `scalewise lint --fix`: all or nothing. The new bytes go to a
 * temporary file beside the original (same folder, so the rename cannot cross file systems),
 * with the original's mode and owner, and are renamed over it; a crash leaves the original or
 * the new file, never half of one. It refuses, with the reason, rather than write through a
 * symbolic link (the target may be anywhere), over a read-only file, or over a file that
 * changed since it was read.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type WriteResult = { ok: true } | { ok: false; reason: string };

export function writeFileAtomically(file: string, bytes: Uint8Array, read: fs.Stats): WriteResult {
  let now: fs.Stats;
  try {
    now = fs.lstatSync(file);
  } catch (err) {
    return { ok: false, reason: `it is gone (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
  if (now.isSymbolicLink()) {
    let target = '?';
    try {
      target = fs.realpathSync(file);
    } catch {
      // a dangling link: the reason still says what it is
    }
    return { ok: false, reason: `it is a symbolic link to ${target}; fix the target itself` };
  }
  if (now.ino !== read.ino || now.size !== read.size || now.mtimeMs !== read.mtimeMs)
    return { ok: false, reason: 'it changed while it was being linted' };
  // The mode says read-only even to root, who could write anyway: the owner asked for it.
  const mode = (now.mode & 0o777).toString(8).padStart(4, '0');
  if ((now.mode & 0o222) === 0) return { ok: false, reason: `it is read-only (mode ${mode})` };
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch {
    return { ok: false, reason: `it is not writable for this user (mode ${mode})` };
  }
  // A file with several hard links keeps them only if written in place (a rename would detach it).
  if (now.nlink > 1) {
    try {
      fs.writeFileSync(file, bytes);
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: `writing failed (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
    }
  }
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.scalewise-${process.pid}-${Date.now().toString(36)}.tmp`,
  );
  try {
    fs.writeFileSync(tmp, bytes, { flag: 'wx', mode: now.mode & 0o7777 });
    fs.chmodSync(tmp, now.mode & 0o7777); // the umask may have narrowed it
    if (typeof process.getuid === 'function' && process.getuid() === 0) fs.chownSync(tmp, now.uid, now.gid);
    fs.renameSync(tmp, file);
    return { ok: true };
  } catch (err) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      // nothing was created
    }
    return { ok: false, reason: `writing failed (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  }
}
