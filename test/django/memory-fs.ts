/** An in-memory file system for the Django readers' tests: server paths to file contents. */
import path from "node:path";
import { notText, type FsFacade, type Kind, type ReadResult } from "../../src/load/fs-facade.js";

export class MemoryFs implements FsFacade {
  readonly reads: string[] = [];
  constructor(private files: Record<string, string | Uint8Array>) {}
  local(p: string): string {
    return p;
  }
  kind(p: string): Kind {
    if (p in this.files) return "file";
    const prefix = p.endsWith("/") ? p : p + "/";
    return Object.keys(this.files).some((f) => f.startsWith(prefix)) ? "dir" : null;
  }
  list(p: string): string[] | null {
    if (this.kind(p) !== "dir") return null;
    const prefix = p.endsWith("/") ? p : p + "/";
    const names = new Set(
      Object.keys(this.files)
        .filter((f) => f.startsWith(prefix))
        .map((f) => f.slice(prefix.length).split("/")[0]),
    );
    return [...names].sort();
  }
  read(p: string): ReadResult {
    this.reads.push(p);
    const v = this.files[p];
    if (v === undefined) return { error: this.kind(p) === "dir" ? "is a directory" : "no such file or directory" };
    if (typeof v === "string") return { text: v };
    const refused = notText(v);
    return refused ? { error: refused } : { text: new TextDecoder().decode(v) };
  }
}

export const dirOf = (p: string) => path.posix.dirname(p);
