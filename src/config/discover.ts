/**
 * Finding a linted file's configuration: the nearest `package.json` with a
 * `djlint-conf` key, `.djlint-conf.json`, `.djlint-confrc(.json|.yaml|.yml)` or
 * `djlint-conf.config.(js|mjs|cjs)`, from the file's directory upward, never
 * above the project root: the first directory holding a `.git`, a
 * `package.json`, or a configuration with `root: true` (the search already
 * ends at the nearest configuration). There is no user-wide configuration.
 *
 * We walk the directories ourselves and use cosmiconfig only for its loaders:
 * its explorer also runs a "meta" configuration from the working directory
 * (`.config/config.js`), follows `$import` in JSON and YAML files to any file
 * (JavaScript included) and searches up to the home directory and a global
 * directory. A JavaScript configuration runs only when `whyUntrusted` finds
 * nothing wrong with it; a discovered one that fails is skipped with a warning,
 * a named one (`--config`) is a usage error. YAML is read with js-yaml's
 * default schema, which has no tags that run code.
 */
import { defaultLoaders } from "cosmiconfig";
import fs from "node:fs";
import path from "node:path";
import { UsageError } from "../core/errors.js";
import { validateConfig, type ConfigFile } from "./schema.js";
import { TRUST_RULE, whyUntrusted } from "./trust.js";

export interface FoundConfig {
  file: string;
  dir: string;
  config: ConfigFile;
}

const NAME = "djlint-conf";
const SEARCH_PLACES = [
  "package.json", ".djlint-conf.json", ".djlint-confrc", ".djlint-confrc.json", ".djlint-confrc.yaml", ".djlint-confrc.yml",
  "djlint-conf.config.js", "djlint-conf.config.mjs", "djlint-conf.config.cjs",
];
const LOADERS: Record<string, (file: string, text: string) => unknown> = {
  ".json": defaultLoaders[".json"], ".yaml": defaultLoaders[".yaml"], ".yml": defaultLoaders[".yaml"], "": defaultLoaders.noExt,
  ".js": defaultLoaders[".js"], ".mjs": defaultLoaders[".mjs"], ".cjs": defaultLoaders[".cjs"],
};
const isExecutable = (file: string) => /\.[cm]?js$/i.test(file);

/** What one directory holds: its configuration, and whether it is a project root. */
interface DirInfo {
  found: FoundConfig | null;
  root: boolean;
}

const exists = (p: string) => {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
};
const isFile = (p: string) => {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false; // missing, unreadable or a dangling link: not a configuration
  }
};

/** A `.git` (directory or file, as in a worktree) or a `package.json` makes a directory a project root. */
const hasRootMarker = (dir: string) => exists(path.join(dir, ".git")) || isFile(path.join(dir, "package.json"));

export class ConfigFinder {
  private loaded = new Map<string, Promise<FoundConfig | null>>();
  private dirs = new Map<string, Promise<DirInfo>>();
  private warned = new Set<string>();

  /** `warn` hears about configurations that were found but not run (stderr in the CLI, the client's log in the LSP). */
  constructor(private knownIds: string[], private warn: (message: string) => void = () => {}) {}

  /** The configuration in force for a file, or null when there is none. */
  async forFile(file: string): Promise<FoundConfig | null> {
    for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
      const info = await this.dirInfo(dir, file);
      if (info.found) return info.found;
      if (info.root || path.dirname(dir) === dir) return null;
    }
  }

  /**
   * The project root above a file (see the module comment), or null when there is none up to `/`.
   * Configurations above the nearest one are not read for their `root`.
   */
  async projectRoot(file: string, useConfig = true): Promise<string | null> {
    const nearest = useConfig ? await this.forFile(file) : null;
    for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
      if (hasRootMarker(dir) || (nearest?.dir === dir && nearest.config.root === true)) return dir;
      if (path.dirname(dir) === dir) return null;
    }
  }

  /** `--config FILE`: loaded whatever its name; a JavaScript one that may not run is a usage error. */
  async load(file: string): Promise<FoundConfig> {
    file = path.resolve(file);
    if (isExecutable(file)) {
      const why = whyUntrusted(file);
      if (why) throw new UsageError(`refusing to load the configuration ${file}: ${why}; ${TRUST_RULE}`);
    }
    const found = await this.read(file, `cannot read the configuration ${file}`);
    if (!found) throw new UsageError(`the configuration ${file} is empty`);
    return found;
  }

  private dirInfo(dir: string, forFile: string): Promise<DirInfo> {
    let info = this.dirs.get(dir);
    if (!info) this.dirs.set(dir, (info = this.inspectDir(dir, forFile)));
    return info;
  }

  private async inspectDir(dir: string, forFile: string): Promise<DirInfo> {
    const root = hasRootMarker(dir);
    for (const place of SEARCH_PLACES) {
      const file = path.join(dir, place);
      if (!isFile(file)) continue;
      try {
        fs.accessSync(file, fs.constants.R_OK);
      } catch {
        this.warnOnce(file, `not reading ${file}: permission denied`);
        continue;
      }
      if (isExecutable(file)) {
        const why = whyUntrusted(file);
        if (why) {
          this.warnOnce(file, `not loading ${file}: ${why}; ${TRUST_RULE}`);
          continue;
        }
      }
      const found = await this.read(file, `cannot read the configuration for ${forFile}`);
      if (found) return { found, root: root || found.config.root === true };
    }
    return { found: null, root };
  }

  private warnOnce(file: string, message: string) {
    if (this.warned.has(file)) return;
    this.warned.add(file);
    this.warn(message);
  }

  /** A configuration file's validated content; null when it is empty or a package.json without our key. */
  private read(file: string, context: string): Promise<FoundConfig | null> {
    let hit = this.loaded.get(file);
    if (!hit) this.loaded.set(file, (hit = this.parse(file, context)));
    return hit;
  }

  private async parse(file: string, context: string): Promise<FoundConfig | null> {
    let raw: unknown;
    try {
      const text = fs.readFileSync(file, "utf8");
      if (text.trim() === "") return null;
      const ext = path.extname(file).toLowerCase();
      const loader = LOADERS[ext];
      if (!loader) throw new Error(`no loader for the extension ${ext} (use .json, .yaml, .yml, .js, .mjs or .cjs)`);
      raw = await loader(file, text);
    } catch (e) {
      throw new UsageError(`${context}: ${(e as Error).message}`);
    }
    if (path.basename(file) === "package.json") {
      if (raw === null || typeof raw !== "object" || !(NAME in raw)) return null;
      raw = (raw as Record<string, unknown>)[NAME];
    }
    // An ES module's namespace (as the bundled loader sees it): the configuration is its default export.
    if (raw && typeof raw === "object" && "default" in raw && Object.keys(raw).every((k) => k === "default" || k === "__esModule")) raw = (raw as { default: unknown }).default;
    return { file, dir: path.dirname(file), config: validateConfig(raw ?? {}, file, this.knownIds) };
  }
}
