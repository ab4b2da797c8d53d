/**
 * Which files a run leaves out, as ESLint and Ruff users expect: the
 * configurations' `ignorePatterns` (each relative to its own file),
 * `--ignore-pattern` (relative to the working directory), and, inside a git
 * work tree, what its `.gitignore` files (each relative to its directory,
 * deeper ones winning) and `.git/info/exclude` leave out. All use .gitignore
 * syntax, read by the `ignore` package. `--no-ignore` turns every one off.
 */
import fs from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "ignore";
import type { ConfigLayer, FoundConfig } from "./discover.js";

export interface IgnoreSettings {
  /** false: --no-ignore. */
  enabled: boolean;
  /** --ignore-pattern values, relative to `cwd`. */
  patterns?: string[];
  cwd?: string;
  /** Read .gitignore files (default true). */
  gitignore?: boolean;
}

/** `file` relative to `dir` with forward slashes, or null when it is not below `dir`. */
function below(dir: string, file: string): string | null {
  const rel = path.relative(dir, file);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join("/");
}

const readText = (file: string): string | null => {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null; // missing or unreadable: no patterns
  }
};

export class FileIgnores {
  private cli: Ignore | null;
  private byLayer = new WeakMap<ConfigLayer["config"], Ignore | null>();
  private gitRoots = new Map<string, string | null>();
  private gitignores = new Map<string, Ignore | null>();

  constructor(private settings: IgnoreSettings) {
    this.cli = settings.patterns?.length ? ignore().add(settings.patterns) : null;
  }

  /** Why `file` is left out (for messages), or null when it is linted. */
  why(file: string, found: FoundConfig | null): string | null {
    if (!this.settings.enabled) return null;
    for (const layer of found ? (found.layers ?? [found]) : []) {
      const rel = below(layer.dir, file);
      if (rel !== null && this.layerIgnore(layer)?.ignores(rel)) return `ignorePatterns in ${layer.file}`;
    }
    const fromCwd = this.cli && below(this.settings.cwd ?? process.cwd(), file);
    if (fromCwd && this.cli?.ignores(fromCwd)) return "--ignore-pattern";
    if (this.settings.gitignore !== false && this.gitIgnored(file)) return ".gitignore";
    return null;
  }

  private layerIgnore(layer: ConfigLayer): Ignore | null {
    let ig = this.byLayer.get(layer.config);
    if (ig === undefined) {
      const patterns = [...(layer.config.ignorePatterns ?? []), ...(layer.config.ignore ?? [])];
      this.byLayer.set(layer.config, (ig = patterns.length ? ignore().add(patterns) : null));
    }
    return ig;
  }

  /** The work tree holding `dir` (the nearest directory with a `.git` directory or file), or null. */
  private gitRoot(dir: string): string | null {
    let hit = this.gitRoots.get(dir);
    if (hit === undefined) {
      const parent = path.dirname(dir);
      hit = fs.existsSync(path.join(dir, ".git")) ? dir : parent === dir ? null : this.gitRoot(parent);
      this.gitRoots.set(dir, hit);
    }
    return hit;
  }

  /** A directory's .gitignore (at the work tree's top, with .git/info/exclude before it), or null. */
  private gitignoreOf(dir: string, top: boolean): Ignore | null {
    let ig = this.gitignores.get(dir);
    if (ig === undefined) {
      const texts = [top ? readText(path.join(dir, ".git", "info", "exclude")) : null, readText(path.join(dir, ".gitignore"))].filter(
        (t): t is string => t !== null,
      );
      this.gitignores.set(dir, (ig = texts.length ? ignore().add(texts.join("\n")) : null));
    }
    return ig;
  }

  /** As git decides: each .gitignore from the top of the work tree down to the file's directory, a deeper one overriding (`!pattern`). */
  private gitIgnored(file: string): boolean {
    const abs = path.resolve(file);
    const root = this.gitRoot(path.dirname(abs));
    if (!root) return false;
    const dirs: string[] = [];
    for (let d = path.dirname(abs); ; d = path.dirname(d)) {
      dirs.push(d);
      if (d === root || path.dirname(d) === d) break;
    }
    let ignored = false;
    for (const d of dirs.reverse()) {
      const ig = this.gitignoreOf(d, d === root);
      const rel = below(d, abs);
      if (!ig || rel === null) continue;
      const t = ig.test(rel);
      if (t.ignored) ignored = true;
      else if (t.unignored) ignored = false;
    }
    return ignored;
  }
}
