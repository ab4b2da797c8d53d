/**
 * Configs name production paths (/usr/local/django/mysite); a path map points
 * a production prefix at a local directory so the linter reads the repository's
 * copy. The longest matching prefix wins; a prefix matches whole path segments.
 */
import path from "node:path";
import { UsageError } from "../core/errors.js";

export interface PathMapEntry {
  from: string;
  to: string;
}

export class PathMap {
  private entries: PathMapEntry[];

  constructor(entries: PathMapEntry[], cwd: string) {
    this.entries = entries.map((e) => ({ from: trimSlash(e.from), to: path.resolve(cwd, e.to) })).sort((a, b) => b.from.length - a.from.length);
  }

  /** `FROM=TO` as given on the command line. */
  static parseSpec(spec: string): PathMapEntry {
    const eq = spec.indexOf("=");
    if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--map expects FROM=TO (e.g. /usr/local/django=./deploy), got '${spec}'`);
    return { from: spec.slice(0, eq), to: spec.slice(eq + 1) };
  }

  get size(): number {
    return this.entries.length;
  }

  /** The local path for a path as the server sees it. */
  apply(p: string): string {
    for (const e of this.entries) {
      if (p === e.from) return e.to;
      if (p.startsWith(e.from + "/") || e.from === "") return path.join(e.to, p.slice(e.from.length));
    }
    return p;
  }

  /** The path the server sees for a local one (the inverse of apply, by the longest local prefix), or the path itself. */
  unapply(local: string): string {
    let best: PathMapEntry | null = null;
    for (const e of this.entries)
      if ((local === e.to || local.startsWith(e.to.endsWith("/") ? e.to : e.to + "/")) && (!best || e.to.length > best.to.length)) best = e;
    if (!best) return local;
    const rest = local.slice(best.to.length).replace(/^\/+/, "");
    return rest ? path.posix.join(best.from || "/", rest) : best.from || "/";
  }
}

function trimSlash(p: string): string {
  return p.length > 1 && p.endsWith("/") ? p.replace(/\/+$/, "") : p;
}
