/**
 * What the django/* rules share: a setting as a rule may rely on it (known,
 * stated by `django.assume`, left to Django's default, or unknown), where it
 * is written, and both sides of a finding shown as short `file:line` text.
 */
import path from "node:path";
import type { Positioned } from "../../ast/types.js";
import type { FsFacade } from "../../load/fs-facade.js";
import type { AnyServer } from "../../rule-api.js";
import type { DjangoProjectFacts } from "./index.js";
import type { SettingFact } from "./settings.js";
import type { Site } from "./sites.js";

/** A setting a rule can rely on: read from the settings (with its place), stated by django.assume, or Django's default. */
export type KnownSetting =
  | { how: "read"; value: unknown; fact: SettingFact }
  | { how: "assumed"; value: unknown }
  | { how: "default" };

/** The setting as the project leaves it, or null when it cannot be known (from the environment, set in an `if`, settings unreadable). */
export function knownSetting(project: DjangoProjectFacts, name: string): KnownSetting | null {
  if (project.settingsUnknown) return null;
  const f = project.settings[name];
  if (!f) return null;
  if ("assumed" in f) return { how: "assumed", value: f.value };
  if ("notSet" in f) return { how: "default" };
  if ("unknown" in f && f.unknown !== undefined) return null;
  if ("file" in f && "value" in f) return { how: "read", value: f.value, fact: f };
  return null;
}

/** The settings line as a finding's place (the local file the map reads it from). */
export function settingPlace(fs: FsFacade, fact: SettingFact): Positioned {
  const { line, column, endLine, endColumn, start, end } = fact;
  return { file: fs.local(fact.file), range: { start, end, line, column, endLine, endColumn } };
}

/** `shop/settings.py:3`: the settings file under the project root when it is there, else its path. */
export function shownSetting(project: DjangoProjectFacts, fs: FsFacade, fact: SettingFact): string {
  return `${relativeTo([project.root, project.root && fs.local(project.root)], fact.file)}:${fact.line}`;
}

/**
 * `deploy/nginx/shop.conf:3` in a repository (under the project root), else
 * `sites-enabled/shop:12` (under the directory of the main configuration file).
 */
export function shownServerLine(servers: AnyServer[], fs: FsFacade, project: DjangoProjectFacts | null, file: string, line: number): string {
  const server = servers.find((s) => s.tree.files.has(file));
  const dirs = [project?.root && fs.local(project.root), server && path.dirname(server.tree.root.path)];
  return `${server ? relativeTo(dirs, file) : path.basename(file)}:${line}`;
}

/** A site's block as text. */
export const shownSite = (servers: AnyServer[], fs: FsFacade, project: DjangoProjectFacts, site: Site): string =>
  shownServerLine(servers, fs, project, site.file, site.line);

function relativeTo(dirs: (string | null | undefined)[], file: string): string {
  for (const d of dirs) {
    if (!d) continue;
    const rel = path.relative(d, file);
    if (rel && !rel.startsWith("..") && !path.isAbsolute(rel)) return rel;
  }
  return file;
}
