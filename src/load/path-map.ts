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

  /**
   * The local path for a server path, with the symbolic links inside mapped trees followed as the server follows
   * them. A link whose target is absolute (`sites-enabled/shop -> /etc/nginx/sites-available/shop`, what Debian's
   * `ln -s` instructions make, and what a copy or an etckeeper repository of /etc keeps) names a path of the server's
   * file system, which the map points at the local copy again; the operating system would follow it to this
   * machine's own /etc. A relative target (`../sites-available/shop`) leads where it led on the server, and is
   * followed here too, so that a file is known by the path where it is written whichever kind of link reaches it
   * (findings, fixes and the files an editor watches name `sites-available/shop`, not the link). A local path inside
   * a copy (a file of it named on the command line) is read the same way.
   * `readLink` gives a local path's target when it is a link, null when it is something else, and
   * undefined when nothing is there (nothing below it can be a link). After 40 links (Linux's limit) the path is
   * given as reached, which reading then refuses.
   */
  resolve(serverPath: string, readLink: (local: string) => string | null | undefined): string {
    let server = serverPath;
    /** `server` is a local path inside a copy (a file of it named on the command line, or a relative link's target there). */
    let inCopy = false;
    for (let hops = 0; ;) {
      let e = inCopy ? undefined : this.entries.find((x) => server === x.from || server.startsWith(x.from + "/") || x.from === "");
      // A map of the root (`/=./host`, a whole server's copy) takes every path, the copy's own too: a path inside the
      // copy named on the command line is a local one.
      if (e?.from === "" && hops === 0 && this.entries.some((x) => server === x.to || server.startsWith(x.to.endsWith("/") ? x.to : x.to + "/"))) e = undefined;
      if (!e && (hops === 0 || inCopy)) {
        // A local path inside a copy: the copy's links are the server's too.
        const copy = this.entries.find((x) => server === x.to || server.startsWith(x.to.endsWith("/") ? x.to : x.to + "/"));
        if (copy) e = { from: copy.to, to: copy.to };
        inCopy = !!copy;
      }
      if (!e) return path.resolve(server);
      const rest = server.slice(e.from.length).split("/").filter(Boolean);
      let local = e.to;
      let followed = false;
      for (let i = 0; i < rest.length; i++) {
        local = path.join(local, rest[i]);
        const target = readLink(local);
        if (target === undefined) return path.join(local, ...rest.slice(i + 1));
        if (target === null) continue;
        if (++hops > 40) return path.join(local, ...rest.slice(i + 1));
        if (path.posix.isAbsolute(target)) {
          server = path.posix.join(target, ...rest.slice(i + 1));
          inCopy = false;
        } else {
          // Beside the link, as the server sees it (the map's side), or in the copy when that is where the walk is.
          const beside = path.posix.join(e.from || "/", ...rest.slice(0, i));
          server = path.posix.join(beside, target, ...rest.slice(i + 1));
        }
        followed = true;
        break;
      }
      if (!followed) return local;
    }
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

/** A prefix without its trailing slashes; the root (`/`) is "", the prefix of every path. */
function trimSlash(p: string): string {
  return p.endsWith("/") ? p.replace(/\/+$/, "") : p;
}

/** A Windows path (`C:/sites/shop`, `D:\\www`): a Windows server's, whose files the Django side does not read. */
export function isWindowsPath(p: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(p);
}
