/**
 * "Is there a Django project here?" and "where is the project of this path?",
 * answered once, through the file-system facade (server paths, path map
 * applied). One marker list for every caller:
 *
 * - `manage.py` (a file): the project root Django's own tools start from;
 * - a settings file: `settings.py`, `local_settings.py`, `settings_prod.py`,
 *   `prod_settings.py`, `settings.dist.py`...;
 * - a `settings/` package: a directory `settings` holding a `.py` file.
 *
 * Searches are breadth first with bounded depth and directory count, skip
 * hidden directories and those that never hold the project's own code
 * (`node_modules`, `__pycache__`, `site-packages`, `dist-packages`), and list
 * each directory once.
 */
import path from "node:path";
import type { FsFacade } from "../../load/fs-facade.js";

export type MarkerKind = "manage.py" | "settings-file" | "settings-package";

export interface Marker {
  kind: MarkerKind;
  /** The marker's name in its directory (`settings/` for a package). */
  name: string;
  /** Server path of the marker. */
  path: string;
}

/** `settings.py`, `settings_prod.py`, `local_settings.py`, `settings.dist.py`. */
export const SETTINGS_FILE = /^(?:\w*_)?settings(?:[_.-]?\w*)?\.py$/i;

/** Directories that never hold the project itself. */
export const SKIP_DIR = /^(?:\..*|node_modules|__pycache__|site-packages|dist-packages)$/;

/** The Django markers directly in `dir`, in name order; null when the directory cannot be listed. */
export function djangoMarkers(fs: FsFacade, dir: string): Marker[] | null {
  const names = fs.list(dir);
  if (!names) return null;
  const out: Marker[] = [];
  for (const n of names) {
    const p = path.posix.join(dir, n);
    if (n === "manage.py" && fs.kind(p) === "file") out.push({ kind: "manage.py", name: n, path: p });
    else if (SETTINGS_FILE.test(n) && fs.kind(p) === "file") out.push({ kind: "settings-file", name: n, path: p });
    else if (n === "settings" && fs.kind(p) === "dir" && (fs.list(p) ?? []).some((f) => f.endsWith(".py")))
      out.push({ kind: "settings-package", name: "settings/", path: p });
  }
  return out;
}

export interface FoundProject {
  /** The directory holding the markers. */
  dir: string;
  /** Its path relative to where the search started ("" for the start itself). */
  relative: string;
  markers: Marker[];
}

export interface SearchLimits {
  /** Levels below the start that are searched (0: the start only). */
  maxDepth: number;
  /** Directories listed at most. */
  maxDirs: number;
  /** Directories with more entries than this are not descended into (a data directory, not a project). */
  maxEntries?: number;
  /** Only these marker kinds count (all by default). */
  kinds?: MarkerKind[];
}

export const DEFAULT_LIMITS: SearchLimits = { maxDepth: 2, maxDirs: 200 };

/** The first directory at or below `root` (breadth first) that holds a Django marker; null when none within the limits. */
export function findProjectBelow(
  fs: FsFacade,
  root: string,
  limits: SearchLimits = DEFAULT_LIMITS,
  accept: (dir: string) => boolean = () => true,
): FoundProject | null {
  const start = root.length > 1 ? root.replace(/\/+$/, "") : root;
  if (fs.kind(start) !== "dir") return null;
  const queue: { dir: string; depth: number }[] = [{ dir: start, depth: 0 }];
  let listed = 0;
  for (let q = 0; q < queue.length && listed < limits.maxDirs; q++) {
    const { dir, depth } = queue[q];
    const names = fs.list(dir);
    listed++;
    if (!names) continue;
    const markers = (djangoMarkers(fs, dir) ?? []).filter((m) => !limits.kinds || limits.kinds.includes(m.kind));
    if (markers.length && accept(dir)) return { dir, relative: dir === start ? "" : dir.slice(start === "/" ? 1 : start.length + 1), markers };
    if (depth >= limits.maxDepth || (limits.maxEntries !== undefined && names.length > limits.maxEntries)) continue;
    for (const n of names) {
      if (SKIP_DIR.test(n)) continue;
      const sub = path.posix.join(dir, n);
      if (fs.kind(sub) === "dir") queue.push({ dir: sub, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * The project a path belongs to: the nearest directory at or above it that
 * holds `manage.py` (Django's project root, the directory put on sys.path),
 * or null. `stopAt` bounds the walk (a repository root, `/`).
 */
export function findProjectAbove(fs: FsFacade, from: string, stopAt = "/"): FoundProject | null {
  let dir = fs.kind(from) === "file" ? path.posix.dirname(from) : from.replace(/(?<=.)\/+$/, "");
  for (let i = 0; i < 64; i++) {
    const manage = path.posix.join(dir, "manage.py");
    if (fs.kind(manage) === "file") return { dir, relative: "", markers: [{ kind: "manage.py", name: "manage.py", path: manage }] };
    if (dir === stopAt || path.posix.dirname(dir) === dir) return null;
    dir = path.posix.dirname(dir);
  }
  return null;
}
