/**
 * A dialect plugin in two halves: what detection, options and the docs read (its name, file names, comments, options),
 * and its grammar, loader, model, catalog and editor, read through getters from src/dialects/<name>/server.ts. The
 * bundle initialises that module at the first read (scripts/build.mjs, onFirstUse), so a lint of one dialect never
 * builds another's grammar or catalog.
 */
import type { Dialect } from "../core/dialect.js";
import type { DialectPlugin } from "./plugin.js";

const SERVER_KEYS = ["format", "load", "model", "siteBlocks", "syntaxVerdict", "catalog", "editor"] as const;

/** The half of a plugin that parses, loads, models and describes a server. */
export type ServerPart<D extends Dialect> = Pick<DialectPlugin<D>, (typeof SERVER_KEYS)[number]>;

/** A plugin whose server half is read from `server()` at each use. */
export function dialectPlugin<D extends Dialect>(own: Omit<DialectPlugin<D>, keyof ServerPart<D>>, server: () => ServerPart<D>): DialectPlugin<D> {
  const plugin = { ...own } as DialectPlugin<D>;
  for (const key of SERVER_KEYS) Object.defineProperty(plugin, key, { enumerable: true, get: () => server()[key] });
  return plugin;
}
