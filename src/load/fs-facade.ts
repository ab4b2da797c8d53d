/**
 * The only door to the file system. Loaders and rules ask it about paths as
 * the server would see them; it applies the path map, never throws, and
 * caches what it has seen, so a rule's question costs one syscall per run.
 */
import fs from "node:fs";
import path from "node:path";
import { decodeBytes } from "../source/decode.js";
import type { PathMap } from "./path-map.js";

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
}

/**
 * Files larger than this are not read as configuration: real ones are far
 * smaller, and the AST of a dense 16 MB file already takes ~1 GB.
 */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

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
    case "ENOENT": return "no such file or directory";
    case "EACCES": case "EPERM": return "permission denied";
    case "EISDIR": return "is a directory";
    case "ELOOP": return "too many levels of symbolic links";
    case "ENOTDIR": return "a path component is not a directory";
    default: return code ? code : String((e as Error)?.message ?? e);
  }
}

export class DiskFs implements FsFacade {
  private kinds = new Map<string, Kind>();
  private lists = new Map<string, string[] | null>();

  constructor(private map: PathMap, private overlay?: Map<string, string>) {}

  local(serverPath: string): string {
    return path.resolve(this.map.apply(serverPath));
  }

  kind(serverPath: string): Kind {
    const p = this.local(serverPath);
    if (this.overlay?.has(p)) return "file";
    return this.localKind(p);
  }

  private localKind(p: string): Kind {
    let k = this.kinds.get(p);
    if (k !== undefined) return k;
    // Inside a directory that is not there, nothing is: one stat answers for all
    // (rules ask about thousands of paths under one unmapped /srv).
    const up = path.dirname(p);
    if (up !== p && this.localKind(up) !== "dir") {
      this.kinds.set(p, null);
      return null;
    }
    try {
      // No exception for a missing path: building one costs more than the stat.
      const st = fs.statSync(p, { throwIfNoEntry: false });
      k = st === undefined ? null : st.isDirectory() ? "dir" : st.isFile() ? "file" : null;
    } catch (e) {
      // A symlink loop is there but cannot be read: taken as a file, so that reading it says why.
      k = (e as NodeJS.ErrnoException).code === "ELOOP" ? "file" : null;
    }
    this.kinds.set(p, k);
    return k;
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
    try {
      const st = fs.statSync(p);
      if (st.isDirectory()) return { error: "is a directory" };
      if (st.size > MAX_FILE_BYTES) return { error: `the file is ${(st.size / 1024 / 1024).toFixed(1)} MB, larger than the ${MAX_FILE_BYTES / 1024 / 1024} MB a configuration is read up to` };
      const bytes = fs.readFileSync(p);
      const refused = notText(bytes);
      // The decoder --fix maps offsets back to bytes with (a BOM stays in the text: the grammars report it).
      return refused ? { error: refused } : { text: decodeBytes(bytes).text };
    } catch (e) {
      return { error: describeFsError(e) };
    }
  }
}
