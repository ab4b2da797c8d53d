/**
 * The dialects djlint-conf reads: the built-in plugins, registered here in
 * the order detection breaks ties, and any a caller registers. Every list of
 * dialects (detection, `--dialect`, configuration checks, the editor's
 * language ids, the docs) comes from here.
 */
import type { Dialect } from "../core/dialect.js";
import { apache } from "./apache/index.js";
import { lighttpd } from "./lighttpd/index.js";
import { nginx } from "./nginx/index.js";
import type { DialectOption, DialectPlugin } from "./plugin.js";

const plugins = new Map<string, DialectPlugin>();

/** Adds a dialect. Its name must be new: a plugin never replaces another. */
export function registerDialect<D extends Dialect>(plugin: DialectPlugin<D>): void {
  if (!/^[a-z][a-z0-9-]*$/.test(plugin.name)) throw new Error(`a dialect name is lower-case letters, digits and '-' (got '${plugin.name}')`);
  if (plugins.has(plugin.name)) throw new Error(`the dialect '${plugin.name}' is already registered`);
  plugins.set(plugin.name, plugin as unknown as DialectPlugin);
}

/** Every registered dialect, built-ins first, in registration order. */
export function dialects(): DialectPlugin[] {
  return [...plugins.values()];
}

export function dialectNames(): Dialect[] {
  return [...plugins.keys()] as Dialect[];
}

export function dialectNamed(name: string): DialectPlugin | undefined {
  return plugins.get(name);
}

/** The dialect an editor's language id means (`apacheconf`), if any. */
export function dialectOfLanguage(languageId: string): Dialect | undefined {
  return dialects().find((d) => d.languageIds.includes(languageId))?.name;
}

/** Every dialect's own options, dialect by dialect. */
export function dialectOptions(): DialectOption[] {
  return dialects().flatMap((d) => d.options);
}

/** Whether a file name is a whole server's main configuration (`nginx.conf`), for any dialect. */
export function isMainConfigName(base: string): boolean {
  const lower = base.toLowerCase();
  return dialects().some((d) => d.files.mainConfigs.some((m) => m.toLowerCase() === lower));
}

for (const plugin of [apache, nginx, lighttpd]) registerDialect(plugin);
