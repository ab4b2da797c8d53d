/**
 * The only door to the file system. Loaders and rules ask it about paths as
 * the server would see them; it applies the path map, never throws, and
 * caches what it has seen, so a rule's question costs one syscall per run.
 */
import fs from "node:fs";
import path from "node:path";
import { decodeBytes } from "../source/decode.js";
import type { PathMap } from "./path-map.js";

/**
 * "file" is anything there that is not a directory: a regular file, or a
 * device, FIFO or socket, which `read` refuses saying what it is (an include
 * of one is reported, not taken for a missing file).
 */
export type Kind = "file" | "dir" | null;

export interface ReadResult {
  text?: string;
  error?: string;
}

export interface FsFacade {
  /** The local path a server path is read from. */
  local(serverPath: string): string;
  kind(serverPath: string): Kind;
  list(serverPath: string): string[] | null;
  read(serverPath: string): ReadResult;
  /**
   * What identifies a directory whichever path reaches it (device and inode,
   * symbolic links followed), so that a walk can tell it is going round a
   * loop; null (or no method) when it cannot be known.
   */
  identity?(serverPath: string): string | null;
  /** A local path as the server sees it (through the path map backwards), for messages; absent: as it is. */
  serverPath?(localPath: string): string;
  /**
   * When a server path is a symbolic link whose target cannot be read (a site removed from sites-available, its
   * link left in sites-enabled), the link's target; null otherwise, or when it cannot be known (no method).
   */
  danglingLink?(serverPath: string): string | null;
}

/**
 * Files larger than this are not read as configuration: real ones are far
 * smaller, and the AST of a dense 16 MB file already takes ~1 GB.
 */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** Linux's PATH_MAX: a longer path names nothing (the system calls refuse it). */
const PATH_MAX = 4096;

/**
 * Why bytes are not a configuration to read as text, or null: a UTF-16 file
 * (the servers read bytes and stop at the first line) or a binary one (a NUL
 * byte in the first 8,000, as git decides). Other invalid UTF-8 is read, each
 * bad byte as U+FFFD: Latin-1 comments are common and the servers do not care.
 */
export function notText(bytes: Uint8Array): string | null {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return "the file is UTF-16 (it starts with a UTF-16 byte-order mark), which the servers cannot read: save it as UTF-8";
  }
  const nul = bytes.subarray(0, 8000).indexOf(0);
  return nul >= 0 ? `a binary file (a NUL byte at offset ${nul}), not a configuration` : null;
}

export function describeFsError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    case "ELOOP":
      return "too many levels of symbolic links";
    case "ENOTDIR":
      return "a path component is not a directory";
    case "EAGAIN":
      return "reading it would block (a file that is not there yet, like /proc/kmsg)";
    case "ENAMETOOLONG":
      return "the path is too long";
    default:
      return code ? code : String((e as Error)?.message ?? e);
  }
}

export class DiskFs implements FsFacade {
  private kinds = new Map<string, Kind>();
  private askedKinds = new Map<string, Kind>();
  private ids = new Map<string, string | null>();
  private lists = new Map<string, string[] | null>();
  /** Each local path's link target (null: not a link; undefined: nothing there), for PathMap.resolve. */
  private links = new Map<string, string | null | undefined>();
  private locals = new Map<string, string>();
  /**
   * Each local file's read, once a run: several rules read the same WSGI script, URLconf or unit (an Apache tree of
   * 600 sites read each WSGI script four times). A run sees one state of the disk, as for kinds and listings.
   */
  private reads = new Map<string, ReadResult>();

  constructor(
    private map: PathMap,
    private overlay?: Map<string, string>,
  ) {}

  local(serverPath: string): string {
    if (!this.map.size) return path.resolve(serverPath);
    let p = this.locals.get(serverPath);
    if (p === undefined) this.locals.set(serverPath, (p = this.map.resolve(serverPath, (q) => this.readLink(q))));
    return p;
  }

  /** A link's target, null for anything else, undefined when nothing is there. */
  private readLink(p: string): string | null | undefined {
    if (this.links.has(p)) return this.links.get(p);
    let target: string | null | undefined;
    try {
      const st = fs.lstatSync(p, { throwIfNoEntry: false });
      target = st === undefined ? undefined : st.isSymbolicLink() ? fs.readlinkSync(p) : null;
      // lstat differs from stat only on a link: for anything else its answer is the path's kind, kept so that asking
      // it costs no second call (a tree of 340 sites tied to their projects made 17,000 calls, half of them twice).
      if (typeof target !== "string" && !this.kinds.has(p)) this.kinds.set(p, st === undefined ? null : this.kindOf(p, st));
    } catch {
      target = undefined;
    }
    this.links.set(p, target);
    return target;
  }

  /** The target of a symbolic link at a server path that leads nowhere readable, or null (see FsFacade). */
  danglingLink(serverPath: string): string | null {
    const p = this.local(serverPath);
    if (this.localKind(p) !== null) return null;
    return this.readLink(p) ?? null;
  }

  serverPath(localPath: string): string {
    return this.map.unapply(localPath);
  }

  kind(serverPath: string): Kind {
    // By the path as asked, too: rules ask about the same paths many times, and resolving one costs more than the lookup.
    let k = this.askedKinds.get(serverPath);
    if (k !== undefined) return k;
    const p = this.local(serverPath);
    k = this.overlay?.has(p) ? "file" : this.localKind(p);
    this.askedKinds.set(serverPath, k);
    return k;
  }

  identity(serverPath: string): string | null {
    const p = this.local(serverPath);
    if (this.localKind(p) === null) return null;
    return this.ids.get(p) ?? null;
  }

  /**
   * Inside a directory that is not there, nothing is: the nearest ancestor
   * whose kind is known answers for the rest (rules ask about thousands of
   * paths under one unmapped /srv). A loop, not a recursion: a path may have
   * thousands of segments.
   */
  private localKind(p: string): Kind {
    const known = this.kinds.get(p);
    if (known !== undefined) return known;
    // Longer than PATH_MAX: nothing can be there (and its prefixes would cost quadratic memory).
    if (p.length > PATH_MAX) return null;
    const todo: string[] = [];
    let k: Kind = "dir";
    for (let q = p; ;) {
      const hit = this.kinds.get(q);
      if (hit !== undefined) {
        k = hit;
        break;
      }
      todo.push(q);
      const up = path.dirname(q);
      if (up === q) break;
      q = up;
    }
    // From the outermost unknown path in: each answers from its parent's kind, or a stat.
    for (let i = todo.length - 1; i >= 0; i--) {
      k = k === "dir" ? this.stat(todo[i]) : null;
      this.kinds.set(todo[i], k);
    }
    return k;
  }

  private stat(p: string): Kind {
    try {
      // No exception for a missing path: building one costs more than the stat.
      const st = fs.statSync(p, { throwIfNoEntry: false });
      return st === undefined ? null : this.kindOf(p, st);
    } catch (e) {
      // A symlink loop is there but cannot be read: taken as a file, so that reading it says why.
      return (e as NodeJS.ErrnoException).code === "ELOOP" ? "file" : null;
    }
  }

  private kindOf(p: string, st: fs.Stats): Kind {
    if (!st.isDirectory()) return "file";
    this.ids.set(p, `${st.dev}:${st.ino}`);
    return "dir";
  }

  list(serverPath: string): string[] | null {
    const p = this.local(serverPath);
    let l = this.lists.get(p);
    if (l !== undefined) return l;
    try {
      l = !this.overlay?.size && this.localKind(p) !== "dir" ? null : fs.readdirSync(p).sort();
    } catch {
      l = null;
    }
    this.lists.set(p, l);
    return l;
  }

  read(serverPath: string): ReadResult {
    const p = this.local(serverPath);
    const over = this.overlay?.get(p);
    if (over !== undefined) return { text: over };
    let r = this.reads.get(p);
    if (r === undefined) this.reads.set(p, (r = readConfigFile(p)));
    return r;
  }
}

/** What a file that is neither a regular file nor a directory is, for messages. */
export function specialKind(st: fs.Stats): string {
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}

let devNull: { dev: number; rdev: number } | null | undefined;
/** /dev/null, under whatever name: an empty file. */
export function isDevNull(st: fs.Stats): boolean {
  if (!st.isCharacterDevice()) return false;
  if (devNull === undefined) {
    try {
      const n = fs.statSync("/dev/null");
      devNull = n.isCharacterDevice() ? { dev: n.dev, rdev: n.rdev } : null;
    } catch {
      devNull = null;
    }
  }
  return devNull !== null && st.rdev === devNull.rdev;
}

const tooLarge = (bytes: number) =>
  `the file is ${(bytes / 1024 / 1024).toFixed(1)} MB, larger than the ${MAX_FILE_BYTES / 1024 / 1024} MB a configuration is read up to`;

/**
 * A configuration file's text, or why it is not read. Only a regular file is
 * opened (a FIFO would block the linter, a device may never end or may act on
 * being opened): the type is checked before the open, and again on the open
 * descriptor, which is opened non-blocking, in case the path changed between
 * the two. At most MAX_FILE_BYTES are read, whatever size the file claims
 * (files in /proc claim 0), and a binary file is refused from its first bytes.
 */
export function readConfigFile(p: string): ReadResult {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch (e) {
    return { error: describeFsError(e) };
  }
  if (st.isDirectory()) return { error: "is a directory" };
  if (isDevNull(st)) return { text: "" };
  if (!st.isFile()) return { error: `${specialKind(st)}, not a regular file: never read` };
  if (st.size > MAX_FILE_BYTES) return { error: tooLarge(st.size) };
  let fd: number;
  try {
    fd = fs.openSync(p, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
  } catch (e) {
    return { error: describeFsError(e) };
  }
  try {
    const now = fs.fstatSync(fd);
    if (!now.isFile()) return { error: `${specialKind(now)}, not a regular file: never read` };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // The size it claims (plus one byte, to see the end) in one read; 64 KB at a time past it.
      const chunk = Buffer.allocUnsafe(Math.min(MAX_FILE_BYTES + 1 - total, Math.max(now.size - total + 1, 64 * 1024)));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > MAX_FILE_BYTES) return { error: tooLarge(total) };
      if (chunks.length === 1) {
        // A binary file is told from its first bytes: not read to its end.
        const refused = notText(chunks[0]);
        if (refused) return { error: refused };
      }
    }
    const bytes = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
    const refused = notText(bytes);
    // The decoder --fix maps offsets back to bytes with (a BOM stays in the text: the grammars report it).
    return refused ? { error: refused } : { text: decodeBytes(bytes).text };
  } catch (e) {
    return { error: describeFsError(e) };
  } finally {
    fs.closeSync(fd);
  }
}

/** A file system with some files' text given (the library's `texts`): those are files, whatever `base` says. */
export function withOverlay(base: FsFacade, overlay: Map<string, string> | undefined): FsFacade {
  if (!overlay?.size) return base;
  return {
    local: (p) => base.local(p),
    kind: (p) => (overlay.has(base.local(p)) ? "file" : base.kind(p)),
    list: (p) => base.list(p),
    read: (p) => {
      const text = overlay.get(base.local(p));
      return text !== undefined ? { text } : base.read(p);
    },
    identity: base.identity ? (p) => (base.identity as (q: string) => string | null)(p) : undefined,
    serverPath: base.serverPath ? (p) => (base.serverPath as (q: string) => string)(p) : undefined,
    danglingLink: base.danglingLink ? (p) => (overlay.has(base.local(p)) ? null : (base.danglingLink as (q: string) => string | null)(p)) : undefined,
  };
}
