/**
 * Writing files without losing them, for --fix and -o.
 *
 * - A file is read once, through an open descriptor (snapshot): its bytes and
 *   its identity (device, inode, size, mtime) come from the same open file.
 * - A symlink is followed: the file it points to is replaced, the link stays.
 * - A regular file is replaced atomically: the new bytes go to a temporary
 *   file created with O_CREAT|O_EXCL (never through a link, never an existing
 *   file) under an unpredictable name in the target's directory, given the
 *   target's owner, group and mode on its descriptor, synced, then renamed
 *   over the target. On any failure the temporary file is removed and the
 *   target is untouched.
 * - A file with several hard links, whose owner this user cannot give to a
 *   new file, or in a directory this user may not create files in, is written
 *   in place instead (so the links and the owner stay); if that write fails,
 *   the original bytes are written back.
 * - Just before the replacement, the target is checked again: if it is not
 *   the file that was read, or its size, mtime or bytes changed, it is refused.
 *
 * Refusals are reported problems (WriteRefused); errors from the system keep
 * their code (EACCES...) for the caller to report.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface Identity {
  dev: bigint;
  ino: bigint;
  size: bigint;
  mtimeNs: bigint;
}

/** A file as read for fixing: the bytes, and which file they came from. */
export interface Snapshot {
  bytes: Buffer;
  identity: Identity;
}

/** A write not done, for a reason to report (not a bug). */
export class WriteRefused extends Error {}

/** Seams for tests: called where another process could interfere. */
export interface WriteHooks {
  /** After the new bytes are ready, before the target is checked and replaced. */
  beforeReplace?(target: string): void;
}

const WORDS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "read-only file system",
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  ENOENT: "no such file or directory",
  ENOTDIR: "a path component is not a directory",
  EISDIR: "is a directory",
  ELOOP: "too many levels of symbolic links",
  ENXIO: "no process is reading it (a socket or a FIFO without a reader)",
  EBUSY: "the file is busy",
  ETXTBSY: "the file is busy",
  EIO: "input/output error",
};

/** Why a write failed, in words, for a refusal or an error from the system; null for anything else (a bug). */
export function describeWriteError(e: unknown): string | null {
  if (e instanceof WriteRefused) return e.message;
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code !== "string" || !/^E[A-Z]+$/.test(code)) return null;
  return `${WORDS[code] ?? (e as Error).message} (${code})`;
}

const identityOf = (st: fs.BigIntStats): Identity => ({ dev: st.dev, ino: st.ino, size: st.size, mtimeNs: st.mtimeNs });

/**
 * Reads a regular file up to `maxBytes` (null when it is larger). Opened
 * non-blocking, so that a FIFO is refused instead of waited on.
 */
export function readSnapshot(file: string, maxBytes: number): Snapshot | null {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const st = fs.fstatSync(fd, { bigint: true });
    if (!st.isFile()) throw new WriteRefused("not a regular file");
    if (st.size > BigInt(maxBytes)) return null;
    const bytes = readAll(fd, maxBytes);
    return bytes ? { bytes, identity: identityOf(st) } : null;
  } finally {
    fs.closeSync(fd);
  }
}

/** Every byte from the start of an open file (it may have grown since its stat); null past `maxBytes`. */
function readAll(fd: number, maxBytes: number): Buffer | null {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(Math.max(64 * 1024, total), 16 * 1024 * 1024));
    const n = fs.readSync(fd, chunk, 0, chunk.length, total);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (total > maxBytes) return null;
  }
  return Buffer.concat(chunks, total);
}

function writeAll(fd: number, bytes: Uint8Array, position: number | null = null): void {
  let done = 0;
  while (done < bytes.length) {
    try {
      done += fs.writeSync(fd, bytes, done, bytes.length - done, position === null ? null : position + done);
    } catch (e) {
      // A non-blocking pipe that is full (standard output): wait for the reader.
      if ((e as NodeJS.ErrnoException).code !== "EAGAIN") throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

/**
 * Replaces the file `target` names (through its links) with `bytes`.
 * `expect`: the snapshot the new bytes were made from; the target must still
 * be that file with those bytes. `same`: the target must be this file.
 */
export interface ReplaceOptions {
  expect?: Snapshot;
  same?: { dev: bigint; ino: bigint };
  hooks?: WriteHooks;
}

export function replaceFile(target: string, bytes: Uint8Array, opts: ReplaceOptions = {}): void {
  const real = fs.realpathSync(target);
  const st = fs.statSync(real, { bigint: true });
  if (!st.isFile()) throw new WriteRefused("not a regular file");
  const same = opts.expect?.identity ?? opts.same;
  if (same && (st.dev !== same.dev || st.ino !== same.ino)) throw changed("it was replaced by another file");
  if (opts.expect) checkUnchanged(st, opts.expect);
  if (st.nlink > 1n) return writeInPlace(real, bytes, opts);
  const tmp = writeTemp(real, bytes, st);
  if (tmp === null) return writeInPlace(real, bytes, opts);
  try {
    opts.hooks?.beforeReplace?.(real);
    const now = fs.statSync(real, { bigint: true });
    if (same && (now.dev !== same.dev || now.ino !== same.ino)) throw changed("it was replaced by another file");
    if (opts.expect) {
      checkUnchanged(now, opts.expect);
      if (!fs.readFileSync(real).equals(opts.expect.bytes)) throw changed("its content changed");
    }
    fs.renameSync(tmp, real);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  syncDir(path.dirname(real));
}

function changed(what: string): WriteRefused {
  return new WriteRefused(`${what} on disk while djlint-conf was fixing it, so it was left alone (run again to fix it)`);
}

function checkUnchanged(st: fs.BigIntStats, expect: Snapshot): void {
  const was = expect.identity;
  if (st.dev !== was.dev || st.ino !== was.ino) throw changed("it was replaced by another file");
  if (st.size !== was.size || BigInt(expect.bytes.length) !== st.size) throw changed(`its size changed (${was.size} bytes when read, ${st.size} now)`);
  if (st.mtimeNs !== was.mtimeNs) throw changed("it was modified");
}

/**
 * A temporary file beside `real` with `bytes` and `real`'s owner and mode;
 * null when this user cannot give it that owner or may not create files in
 * that directory (a file one may write in a directory one may not).
 */
function writeTemp(real: string, bytes: Uint8Array, st: fs.BigIntStats): string | null {
  const tmp = tempName(real);
  let fd: number;
  try {
    // "wx" is O_CREAT|O_EXCL: fails on any existing path, a symlink included, instead of following it.
    fd = fs.openSync(tmp, "wx", 0o600);
  } catch (e) {
    if (["EACCES", "EPERM"].includes((e as NodeJS.ErrnoException).code ?? "")) return null;
    throw e;
  }
  try {
    const own = fs.fstatSync(fd, { bigint: true });
    if (own.uid !== st.uid || own.gid !== st.gid) {
      try {
        fs.fchownSync(fd, Number(st.uid), Number(st.gid));
      } catch (e) {
        if (!["EPERM", "EINVAL"].includes((e as NodeJS.ErrnoException).code ?? "")) throw e;
        fs.closeSync(fd);
        fs.rmSync(tmp, { force: true });
        return null;
      }
    }
    // After the chown, which clears set-id bits.
    fs.fchmodSync(fd, Number(st.mode & 0o7777n));
    writeAll(fd, bytes);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  } catch (e) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return tmp;
}

/** `.NAME.<random>.djlint-conf.tmp` in the same directory: the rename stays on one file system. */
export function tempName(file: string): string {
  const base = path.basename(file).slice(0, 100);
  return path.join(path.dirname(file), `.${base}.${crypto.randomBytes(8).toString("hex")}.djlint-conf.tmp`);
}

/**
 * Writing over the file itself (hard links, an owner this user cannot give):
 * opened without following a link, checked to be the file read and unchanged;
 * if the write fails, the original bytes are put back.
 */
function writeInPlace(real: string, bytes: Uint8Array, opts: ReplaceOptions): void {
  const fd = fs.openSync(real, fs.constants.O_RDWR | fs.constants.O_NOFOLLOW);
  try {
    opts.hooks?.beforeReplace?.(real);
    const st = fs.fstatSync(fd, { bigint: true });
    if (!st.isFile()) throw new WriteRefused("not a regular file");
    const same = opts.expect?.identity ?? opts.same;
    if (same && (st.dev !== same.dev || st.ino !== same.ino)) throw changed("it was replaced by another file");
    if (opts.expect) {
      checkUnchanged(st, opts.expect);
      if (!readAll(fd, Number(st.size) + 1)?.equals(opts.expect.bytes)) throw changed("its content changed");
    }
    try {
      writeAll(fd, bytes, 0);
      fs.ftruncateSync(fd, bytes.length);
      fs.fsyncSync(fd);
    } catch (e) {
      if (opts.expect) restore(fd, opts.expect.bytes);
      throw e;
    }
  } finally {
    fs.closeSync(fd);
  }
}

function restore(fd: number, original: Buffer): void {
  try {
    writeAll(fd, original, 0);
    fs.ftruncateSync(fd, original.length);
  } catch {
    // Nothing more to try: the caller reports the first error.
  }
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not every file system syncs a directory; the rename is done either way.
  }
}

/**
 * Writing a report to `file` (-o): what is there decides how. A regular file
 * (links followed) is replaced atomically, keeping owner and mode; a missing
 * one is created the same way; anything else (a device such as /dev/null, a
 * FIFO) is opened and written, never replaced. A path that is this
 * process's own standard output or error (/dev/stdout) is written through it.
 */
export function writeOutput(file: string, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const st = fs.statSync(file, { throwIfNoEntry: false });
  if (!st) {
    if (fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) throw new WriteRefused("it is a symbolic link to a missing file");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return createFile(file, bytes);
  }
  if (st.isDirectory()) throw new WriteRefused("it is a directory");
  const own = ownStream(st);
  if (own !== null) return writeAll(own, bytes);
  if (st.isFile() && !/^\/(proc|dev\/fd)\//.test(path.resolve(file))) {
    // Opening it for writing through the path as given lets the kernel say whether this user may follow its links and write it.
    const fd = fs.openSync(file, fs.constants.O_WRONLY);
    let id: fs.BigIntStats;
    try {
      id = fs.fstatSync(fd, { bigint: true });
    } finally {
      fs.closeSync(fd);
    }
    return replaceFile(file, bytes, { same: { dev: id.dev, ino: id.ino } });
  }
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_APPEND);
  try {
    writeAll(fd, bytes);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writing a file of the linter's own (the --cache file): a regular file (links
 * followed) is replaced atomically, keeping its owner and mode; a missing one
 * is created the same way, readable by this user only (`mode`); anything
 * else (a directory, a device, a FIFO) is refused, never written to.
 */
export function writeOwnFile(file: string, data: string | Uint8Array, mode = 0o600): void {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const st = fs.statSync(file, { throwIfNoEntry: false });
  if (!st) {
    if (fs.lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) throw new WriteRefused("it is a symbolic link to a missing file");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return createFile(file, bytes, mode);
  }
  if (!st.isFile()) throw new WriteRefused(st.isDirectory() ? "it is a directory" : "it is not a regular file");
  replaceFile(file, bytes);
}

/**
 * The descriptor (1 or 2) when `st` is the file, pipe, socket or terminal this
 * process's standard output or error writes to (-o /dev/stdout, -o out.txt > out.txt):
 * written through it, neither replaced nor opened again (a socket cannot be).
 */
function ownStream(st: fs.Stats): number | null {
  for (const fd of [1, 2]) {
    try {
      const s = fs.fstatSync(fd);
      if (s.dev === st.dev && s.ino === st.ino) return fd;
    } catch {
      // closed
    }
  }
  return null;
}

function createFile(file: string, bytes: Uint8Array, mode = 0o666): void {
  const tmp = tempName(file);
  const fd = fs.openSync(tmp, "wx", mode);
  try {
    writeAll(fd, bytes);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  syncDir(path.dirname(file));
}
