/** The sites of a run's servers as the Django side sees them, each server's from its dialect's plugin. */
import type { Dialect, ServerModels } from "../core/dialect.js";
import type { SiteBlock } from "../model/django/server-refs.js";
import type { ServerModel } from "./plugin.js";
import { dialectNamed } from "./registry.js";

export function siteBlocks(servers: readonly ServerModel[]): SiteBlock[] {
  // A dialect that does not list its sites (a plugin's) has none for the Django side.
  return servers.flatMap((s) => dialectNamed(s.dialect)?.siteBlocks?.(s as ServerModels[Dialect]) ?? []);
}
