/**
 * The production paths rules wanted to look at and could not: absolute
 * paths of the deployed tree that no `--map` covers and that are not on this
 * machine (`/srv/mysite`, `/var/www/shop`). Checks that read the deployed
 * files stay silent then; the run ends with one note naming these paths and
 * how to map them, so that the silence is not taken for a clean bill.
 *
 * What is recorded is the outermost path that is missing here (`/srv/mysite`
 * for a question about `/srv/mysite/app/wsgi.py`, when `/srv` exists), and
 * only when the question needed more than that one entry: a file that is
 * simply absent from a directory that is here is an answer, not a gap.
 */
import path from "node:path";
import { isOpaque } from "../template/placeholder.js";
import type { FsFacade, Kind, ReadResult } from "./fs-facade.js";

export class LookingFs implements FsFacade {
  private missing = new Set<string>();

  /** `within`: directories whose paths are local anyway (the working directory: a repository's own files). */
  constructor(
    private inner: FsFacade,
    private within: string[] = [],
  ) {}

  local(serverPath: string): string {
    return this.inner.local(serverPath);
  }

  kind(serverPath: string): Kind {
    const k = this.inner.kind(serverPath);
    if (k === null) this.note(serverPath, false);
    return k;
  }

  list(serverPath: string): string[] | null {
    const l = this.inner.list(serverPath);
    if (l === null) this.note(serverPath, true);
    return l;
  }

  read(serverPath: string): ReadResult {
    const r = this.inner.read(serverPath);
    if (r.error !== undefined) this.note(serverPath, false);
    return r;
  }

  identity(serverPath: string): string | null {
    return this.inner.identity?.(serverPath) ?? null;
  }

  serverPath(localPath: string): string {
    return this.inner.serverPath?.(localPath) ?? localPath;
  }

  danglingLink(serverPath: string): string | null {
    return this.inner.danglingLink?.(serverPath) ?? null;
  }

  /** The paths recorded, sorted (none lies inside another: each is the outermost missing one). */
  get unreadable(): string[] {
    return [...this.missing].sort();
  }

  /** Paths already weighed (as directories: "d" + path, else "f" + path): rules ask about the same ones many times. */
  private noted = new Set<string>();

  private note(serverPath: string, wantedDirectory: boolean) {
    const key = (wantedDirectory ? "d" : "f") + serverPath;
    if (this.noted.has(key)) return;
    this.noted.add(key);
    if (!path.posix.isAbsolute(serverPath) || isOpaque(serverPath) || serverPath.includes("${") || serverPath.includes("%{")) return;
    const p = path.posix.normalize(serverPath);
    // Under a path already recorded: that one is still the outermost missing (the walk below would end there).
    for (let up = path.posix.dirname(p), prev = p; up !== prev; prev = up, up = path.posix.dirname(up)) if (this.missing.has(up)) return;
    // Mapped (the user pointed it at a copy), inside such a copy (a path the map's production side resolved
    // to, met again: the project root a map gave), or a path of this machine's own tree: an answer.
    if (this.inner.local(p) !== path.resolve(p) || (this.inner.serverPath?.(p) ?? p) !== p || this.within.some((d) => p === d || p.startsWith(d + "/"))) return;
    let top = p;
    for (let up = path.posix.dirname(top); up !== top && this.inner.kind(up) === null; up = path.posix.dirname(top)) top = up;
    if (top === "/" || (top === p && !wantedDirectory)) return;
    this.missing.add(top);
  }
}

/** The note a run ends with when rules could not read the deployed tree. */
export function unreadableNote(paths: string[]): string {
  const shown = paths.slice(0, 3).join(", ") + (paths.length > 3 ? ` and ${paths.length - 3} more` : "");
  const [first] = paths;
  return `${paths.length === 1 ? "A production path" : `${paths.length} production paths`} the configuration names ${paths.length === 1 ? "is" : "are"} not on this machine (${shown}): the checks that read the deployed files skipped ${paths.length === 1 ? "it" : "them"}; map ${paths.length === 1 ? "it" : "each"} to a local copy, e.g. --map ${first}=./${first.replace(/^\/+/, "")}`;
}
