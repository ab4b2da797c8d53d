/**
 * Finding a linted file's configuration: the nearest `.djlint-conf.json`,
 * `.djlint-confrc(.json|.yaml|.yml)`, `djlint-conf.config.(js|mjs|cjs)` or a
 * `djlint-conf` key in package.json, from the file's directory upward
 * (cosmiconfig does the search and the parsing).
 */
import { cosmiconfig } from "cosmiconfig";
import path from "node:path";
import { UsageError } from "../engine/config.js";
import { validateConfig, type ConfigFile } from "./schema.js";

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

export class ConfigFinder {
  // The async explorer: ESM configs (.mjs, or .js in a "type": "module" project) load only that way.
  private explorer = cosmiconfig(NAME, { searchPlaces: SEARCH_PLACES, searchStrategy: "global" });
  private loaded = new Map<string, FoundConfig>();

  constructor(private knownIds: string[]) {}

  /** The configuration in force for a file, or null when there is none. */
  async forFile(file: string): Promise<FoundConfig | null> {
    let found;
    try {
      found = await this.explorer.search(path.dirname(file));
    } catch (e) {
      throw new UsageError(`cannot read the configuration for ${file}: ${(e as Error).message}`);
    }
    return found ? this.accept(found.filepath, found.config) : null;
  }

  /** `--config FILE`. */
  async load(file: string): Promise<FoundConfig> {
    let found;
    try {
      found = await this.explorer.load(file);
    } catch (e) {
      throw new UsageError(`cannot read the configuration ${file}: ${(e as Error).message}`);
    }
    if (!found) throw new UsageError(`the configuration ${file} is empty`);
    return this.accept(found.filepath, found.config);
  }

  private accept(file: string, raw: unknown): FoundConfig {
    // An ES module's namespace (as the bundled loader sees it): the configuration is its default export.
    if (raw && typeof raw === "object" && "default" in raw && Object.keys(raw).every((k) => k === "default" || k === "__esModule")) raw = (raw as { default: unknown }).default;
    let hit = this.loaded.get(file);
    if (!hit) {
      hit = { file, dir: path.dirname(file), config: validateConfig(raw ?? {}, file, this.knownIds) };
      this.loaded.set(file, hit);
    }
    return hit;
  }
}
