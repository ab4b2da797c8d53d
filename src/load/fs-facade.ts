/**
 * The only door to the file system. Loaders and rules ask it about paths as
 * the server would see them; it applies the path map, never throws, and
 * caches what it has seen, so a rule's question costs one syscall per run.
 */
import fs from "node:fs";
import path from "node:path";
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

/** Files larger than this are not read as configuration. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

// ignoreBOM keeps a byte-order mark in the text: the grammars report it, as the servers choke on it.
const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

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
    let k = this.kinds.get(p);
    if (k !== undefined) return k;
    try {
      const st = fs.statSync(p);
      k = st.isDirectory() ? "dir" : st.isFile() ? "file" : null;
    } catch {
      k = null;
    }
    this.kinds.set(p, k);
    return k;
  }

  list(serverPath: string): string[] | null {
    const p = this.local(serverPath);
    let l = this.lists.get(p);
    if (l !== undefined) return l;
    try {
      l = fs.readdirSync(p).sort();
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
      if (st.size > MAX_FILE_BYTES) return { error: `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` };
      return { text: decoder.decode(fs.readFileSync(p)) };
    } catch (e) {
      return { error: describeFsError(e) };
    }
  }
}
