/**
 * What the django/* rules share: a setting as a rule may rely on it (known,
 * stated by `django.assume`, left to Django's default, or unknown), where it
 * is written, and both sides of a finding shown as short `file:line` text.
 */
import path from "node:path";
import type { Positioned } from "../../core/range.js";
import type { FsFacade } from "../../load/fs-facade.js";
import type { AnyServer } from "../../rule-api.js";
import type { DjangoProjectFacts } from "./index.js";
import type { SettingFact } from "./settings.js";
import { listensAt, type Site } from "./sites.js";
import type { Backend } from "../nginx/addresses.js";
import type { NginxServer } from "../nginx/server.js";

/** A setting a rule can rely on: read from the settings (with its place), stated by django.assume, or Django's default. */
export type KnownSetting = { how: "read"; value: unknown; fact: SettingFact } | { how: "assumed"; value: unknown } | { how: "default" };

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

/**
 * Every value a setting may hold: its value when it is read or assumed, the values an undecided `if` chose between
 * when that is all that keeps it unknown (`if DEBUG: MIDDLEWARE.insert(0, ...)`), its default ("default") when the
 * settings do not set it; null when it cannot be known. What holds for every one of them holds for the setting.
 */
export function settingAlternatives(project: DjangoProjectFacts, name: string): unknown[] | "default" | null {
  const s = knownSetting(project, name);
  if (s) return s.how === "default" ? "default" : [s.value];
  return settingChoice(project, name)?.values ?? null;
}

/**
 * A setting an undecided `if` leaves unknown, with the values each way through it gives (SettingFact.alternatives)
 * and its place as a read setting's (the `if`, where the value now comes from); null for any other.
 */
export function settingChoice(project: DjangoProjectFacts, name: string): { values: unknown[]; setting: KnownSetting & { how: "read" } } | null {
  const f = project.settingsUnknown ? undefined : project.settings[name];
  if (!f || !("file" in f) || f.unknown === undefined || !f.alternatives) return null;
  return { values: f.alternatives, setting: { how: "read", value: undefined, fact: f } };
}

/** Whether a setting is known to be True (read or assumed; its default is False for the flags asked). */
export function settingTrue(project: DjangoProjectFacts, name: string): boolean {
  const v = knownSetting(project, name);
  return v !== null && v.how !== "default" && v.value === true;
}

/** The settings line as a finding's place (the local file the map reads it from). */
export function settingPlace(fs: FsFacade, fact: SettingFact): Positioned {
  const { line, column, endLine, endColumn, start, end } = fact;
  return { file: fs.local(fact.file), range: { start, end, line, column, endLine, endColumn } };
}

/** `shop/settings.py:3`: the settings file under the project root when it is there, else its path. */
export function shownSetting(project: DjangoProjectFacts, fs: FsFacade, fact: SettingFact): string {
  return `${shownSettingsFile(project, fs, fact.file)}:${fact.line}`;
}

/**
 * A settings file as a message shows it: under the project root; without a root (a `django.sites` entry that
 * names a settings file), as under the directory above its package (`shop/settings.py`), not as an absolute path.
 */
export function shownSettingsFile(project: DjangoProjectFacts, fs: FsFacade, file: string): string {
  return relativeTo([project.root, project.root && fs.local(project.root), path.dirname(path.dirname(file))], file);
}

/**
 * `deploy/nginx/shop.conf:3` in a repository (under the project root), else
 * `sites-enabled/shop:12` (under the directory of the main configuration file),
 * else the path the server knows it by (a copy's file through --map:
 * `/var/www/vhosts/shop/conf/httpd.conf:11`, not where the copy is here).
 */
export function shownServerLine(servers: AnyServer[], fs: FsFacade, project: DjangoProjectFacts | null, file: string, line: number): string {
  const server = servers.find((s) => s.tree.files.has(file));
  const dirs = [project?.root && fs.local(project.root), server && path.dirname(server.tree.root.path)];
  if (!server) return `${path.basename(file)}:${line}`;
  const shown = relativeTo(dirs, file);
  return `${shown === file ? (fs.serverPath?.(file) ?? file) : shown}:${line}`;
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

/** The setting's side of a message: `shop/settings.py:41`, or the configuration that states it. */
export function settingShown(project: DjangoProjectFacts, fs: FsFacade, s: KnownSetting): string {
  return s.how === "read" ? shownSetting(project, fs, s.fact) : s.how === "assumed" ? "django.assume" : "Django's default";
}

/** `SECURE_PROXY_SSL_HEADER`'s pair: the request.META key, the HTTP header it comes from, the value that means HTTPS. */
export interface SslHeader {
  meta: string;
  /** `X-Forwarded-Proto`. */
  name: string;
  value: string;
}

/** The pair as Django reads it; null when it is not a pair of strings or names no HTTP header (`HTTP_...`). */
export function sslHeaderOf(value: unknown): SslHeader | null {
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== "string" || typeof value[1] !== "string") return null;
  const m = /^HTTP_([A-Z0-9_]+)$/.exec(value[0]);
  if (!m) return null;
  const name = m[1]
    .toLowerCase()
    .split("_")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("-");
  return { meta: value[0], name, value: value[1] };
}

/**
 * Whether an nginx backend is this project's: one of its app servers listens
 * there, or, when the run holds none of its app servers, any application backend.
 */
export function proxiesToProject(server: NginxServer, project: DjangoProjectFacts, b: Backend, appServers = project.appServers): boolean {
  const listens = appServers.flatMap((s) => s.listen);
  if (!listens.length) return true;
  return server.addressesOf(b).some((a) => {
    const ref = a.unix !== null ? { address: null, socket: a.unix, local: true } : { address: `${a.host ?? ""}:${a.port ?? 80}`, socket: null, local: true };
    return listens.some((l) => listensAt(l, ref));
  });
}

/** A place on the other side of a finding, for `Report.related`. */
export interface RelatedPlace {
  at: Positioned;
  message: string;
}

/** The settings line as the other side of a server finding ("SECURE_PROXY_SSL_HEADER is set here"); none when it is not read from a file. */
export function settingRelated(fs: FsFacade, s: KnownSetting | null, name: string): RelatedPlace[] {
  return s?.how === "read" ? [{ at: settingPlace(fs, s.fact), message: `${name} is set here` }] : [];
}

/** A site's server block as the other side of a settings finding. */
export const siteRelated = (site: Site, message = "the server that serves these settings"): RelatedPlace => ({ at: site.block, message });
