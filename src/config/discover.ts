/**
 * Finding a linted file's configuration: every `package.json` with a
 * `djlint-conf` key, `.djlint-conf(.json|.yaml|.yml)`, `.djlint-confrc(.json|.yaml|.yml)` or
 * `djlint-conf.config.(js|mjs|cjs)` (the first of these in a directory) from
 * the file's directory upward, never above the project root: the first
 * directory holding a `.git`, a `package.json`, or a configuration with
 * `root: true`. The nearest one wins over those above it, as in ESLint's
 * cascade; each one's `extends` (paths to other configuration files, relative
 * to it; no packages) come before it, a cycle is an error. There is no
 * user-wide configuration.
 *
 * We walk the directories ourselves and use cosmiconfig only for its loaders:
 * its explorer also runs a "meta" configuration from the working directory
 * (`.config/config.js`), follows `$import` in JSON and YAML files to any file
 * (JavaScript included) and searches up to the home directory and a global
 * directory. A JavaScript configuration runs only when `whyUntrusted` finds
 * nothing wrong with it; a discovered one that fails is skipped with a warning,
 * a named one (`--config`, or an `extends` target) is a usage error. YAML is
 * read with js-yaml's default schema, which has no tags that run code.
 */
import fs from "node:fs";
import path from "node:path";
import { UsageError } from "../core/errors.js";
import { ConfigError, validateConfig, type ConfigFile } from "./schema.js";
import { TRUST_RULE, whyUntrusted } from "./trust.js";
import { keyPosition, parsePosition } from "./position.js";

/** One configuration file as written (validated): paths and globs in it are relative to `dir`. */
export interface ConfigLayer {
  file: string;
  dir: string;
  config: ConfigFile;
}

/** The configuration in force for a file: the nearest file, and every file it is made of. */
export interface FoundConfig extends ConfigLayer {
  /**
   * Every configuration file in force, lowest precedence first: the ones
   * above (unless a nearer one is a root), each after what it extends, then
   * the nearest one's extends and itself. Absent: `file` alone.
   */
  layers?: ConfigLayer[];
}

const NAME = "djlint-conf";
const SEARCH_PLACES = [
  "package.json",
  ".djlint-conf.json",
  ".djlint-conf.yaml",
  ".djlint-conf.yml",
  ".djlint-confrc",
  ".djlint-confrc.json",
  ".djlint-confrc.yaml",
  ".djlint-confrc.yml",
  "djlint-conf.config.js",
  "djlint-conf.config.mjs",
  "djlint-conf.config.cjs",
];
type Loader = (file: string, text: string) => unknown;
let loaders: Promise<Record<string, Loader>> | undefined;
/** cosmiconfig's loaders by extension, imported at the first configuration file read: a run without one never loads them. */
const loadersByExtension = () =>
  (loaders ??= import("cosmiconfig").then(({ defaultLoaders }): Record<string, Loader> => ({
    ".json": defaultLoaders[".json"],
    ".yaml": defaultLoaders[".yaml"],
    ".yml": defaultLoaders[".yaml"],
    "": defaultLoaders.noExt,
    ".js": defaultLoaders[".js"],
    ".mjs": defaultLoaders[".mjs"],
    ".cjs": defaultLoaders[".cjs"],
  })));
/** JSON.parse's value, or undefined when the text is not JSON. */
const parseJson = (text: string): { value: unknown } | undefined => {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
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

/** `extends: "eslint-config-x"` names a package, which we never load: only paths. */
const looksLikePath = (spec: string) =>
  /^(\.{1,2}[\\/]|\/)/.test(spec) || path.isAbsolute(spec) || /\.(json|ya?ml|[cm]?js)$/i.test(spec) || spec.startsWith(".djlint-conf");

export class ConfigFinder {
  private loaded = new Map<string, Promise<FoundConfig | null>>();
  private dirs = new Map<string, Promise<DirInfo>>();
  private chains = new Map<string, Promise<FoundConfig | null>>();
  private warned = new Set<string>();

  /** `warn` hears about configurations that were found but not run (stderr in the CLI, the client's log in the LSP). */
  constructor(
    private knownIds: string[],
    private warn: (message: string) => void = () => {},
  ) {}

  /** The configuration in force for a file (with the layers it is made of), or null when there is none. */
  forFile(file: string): Promise<FoundConfig | null> {
    const start = path.dirname(path.resolve(file));
    let hit = this.chains.get(start);
    if (!hit) this.chains.set(start, (hit = this.cascade(start, file)));
    return hit;
  }

  /** The configurations from `start` up to the project root, nearest last, each after what it extends. */
  private async cascade(start: string, file: string): Promise<FoundConfig | null> {
    const found: FoundConfig[] = [];
    for (let dir = start; ; dir = path.dirname(dir)) {
      const info = await this.dirInfo(dir, file);
      if (info.found) found.push(info.found);
      if (info.root || path.dirname(dir) === dir) break;
    }
    if (!found.length) return null;
    const layers: ConfigLayer[] = [];
    for (const f of found.reverse()) layers.push(...(await this.withExtends(f, [f.file])));
    const nearest = found[found.length - 1];
    return { ...nearest, layers };
  }

  /** A configuration's `extends` targets (recursively, each before what extends it), then the configuration itself. */
  private async withExtends(layer: ConfigLayer, stack: string[]): Promise<ConfigLayer[]> {
    const specs = layer.config.extends;
    if (specs === undefined) return [layer];
    const out: ConfigLayer[] = [];
    for (const [i, spec] of (typeof specs === "string" ? [specs] : specs).entries()) {
      const key = typeof specs === "string" ? "extends" : `extends[${i}]`;
      const fail = async (what: string): Promise<never> => {
        throw new ConfigError(layer.file, key, what, await this.positionOf(layer.file, key), false);
      };
      if (!looksLikePath(spec))
        await fail(
          `names ${JSON.stringify(spec)}, not a path: extends takes a configuration file's path ("./base.json", "../.djlint-conf.yaml"), and packages are never loaded`,
        );
      const target = path.resolve(layer.dir, spec);
      if (stack.includes(target)) await fail(`makes a cycle: ${[...stack, target].join(" -> ")}`);
      if (!isFile(target)) await fail(`cannot read ${target}: ${exists(target) ? "not a regular file" : "no such file"}`);
      if (isExecutable(target)) {
        const why = whyUntrusted(target);
        if (why) await fail(`refusing to load ${target}: ${why}; ${TRUST_RULE}`);
      }
      const base = await this.read(target, `cannot read ${target}, which ${layer.file} extends`);
      if (!base) await fail(`${target} holds no djlint-conf configuration`);
      out.push(...(await this.withExtends(base as FoundConfig, [...stack, target])));
    }
    out.push(layer);
    return out;
  }

  /** Where `key` is written in a JSON or YAML configuration (nothing for a JavaScript one). */
  private async positionOf(file: string, key: string) {
    if (isExecutable(file)) return undefined;
    try {
      return await keyPosition(fs.readFileSync(file, "utf8"), key, path.basename(file) === "package.json" ? [NAME] : []);
    } catch {
      return undefined;
    }
  }

  /**
   * The project root above a file (see the module comment), or null when there is none up to `/`.
   */
  async projectRoot(file: string, useConfig = true): Promise<string | null> {
    for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
      if (hasRootMarker(dir) || (useConfig && (await this.dirInfo(dir, file)).root)) return dir;
      if (path.dirname(dir) === dir) return null;
    }
  }

  /** `--config FILE`: loaded whatever its name (with what it extends, nothing above it); a JavaScript one that may not run is a usage error. */
  async load(file: string): Promise<FoundConfig> {
    file = path.resolve(file);
    if (isExecutable(file)) {
      const why = whyUntrusted(file);
      if (why) throw new UsageError(`refusing to load the configuration ${file}: ${why}; ${TRUST_RULE}`);
    }
    const found = await this.read(file, `cannot read the configuration ${file}`);
    if (!found) throw new UsageError(`the configuration ${file} is empty`);
    return { ...found, layers: await this.withExtends(found, [file]) };
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
    let text = "";
    try {
      text = fs.readFileSync(file, "utf8");
      if (text.trim() === "") return null;
      const ext = path.extname(file).toLowerCase();
      // cosmiconfig's JSON loader returns what JSON.parse does when it succeeds; its bundle is loaded only to say
      // why invalid JSON is invalid (and for the other formats), not at every lint of a project with a package.json.
      const json = ext === ".json" ? parseJson(text) : undefined;
      if (json) raw = json.value;
      else {
        const loader = (await loadersByExtension())[ext];
        if (!loader) throw new Error(`no loader for the extension ${ext} (use .json, .yaml, .yml, .js, .mjs or .cjs)`);
        raw = await loader(file, text);
      }
    } catch (e) {
      const message = (e as Error).message;
      const at = isExecutable(file) ? undefined : parsePosition(text, message);
      throw new UsageError(`${at ? `${file}:${at.line}:${at.col}: ` : ""}${context}: ${message}`);
    }
    if (path.basename(file) === "package.json") {
      if (raw === null || typeof raw !== "object" || !(NAME in raw)) return null;
      raw = (raw as Record<string, unknown>)[NAME];
    }
    // An ES module's namespace (as the bundled loader sees it): the configuration is its default export.
    if (raw && typeof raw === "object" && "default" in raw && Object.keys(raw).every((k) => k === "default" || k === "__esModule"))
      raw = (raw as { default: unknown }).default;
    try {
      return { file, dir: path.dirname(file), config: validateConfig(raw ?? {}, file, this.knownIds) };
    } catch (e) {
      if (!(e instanceof ConfigError) || isExecutable(file)) throw e;
      const at = await keyPosition(text, e.key, path.basename(file) === "package.json" ? [NAME] : []).catch(() => undefined);
      throw at ? new ConfigError(e.file, e.key, e.what, at) : e;
    }
  }
}
