/**
 * The Django settings a mod_wsgi application loads, read statically: the
 * WSGI script names the settings module (`os.environ.setdefault(
 * "DJANGO_SETTINGS_MODULE", ...)`), the daemon's `python-path=` and
 * `WSGIPythonPath` (or the package the script sits in, Django's own layout
 * `project/project/wsgi.py`) say where it is. One small adapter, so that the
 * engine-level Django model can replace it later. Nothing is read or parsed
 * until a rule asks, and the Python parser loads only when a script or a
 * settings file is actually read.
 */
import path from "node:path";
import type { FsFacade } from "../../load/fs-facade.js";
import { settingsModuleInScriptText, settingsModuleOfScript } from "../django/settings-module.js";
import { PythonReader, settingOf, type SettingsRead } from "../django/settings.js";
import type { Location, PyValue } from "../django/python/values.js";
import type { StaticMediaSettings } from "../django/static-media.js";
import type { ApacheServer } from "./server.js";
import { pythonPathsOf, type WsgiApp } from "./wsgi-apps.js";

export interface AppSettings {
  module: string;
  /** The settings file read. */
  file: string;
  read: SettingsRead;
}

const cache = new WeakMap<object, AppSettings | null>();

/** The settings the application at this `WSGIScriptAlias` loads, or null when they cannot be read. */
export function settingsOfWsgiApp(server: ApacheServer, fs: FsFacade, app: WsgiApp): AppSettings | null {
  if (cache.has(app.entry)) return cache.get(app.entry) as AppSettings | null;
  const found = readAppSettings(server, fs, app);
  cache.set(app.entry, found);
  return found;
}

function readAppSettings(server: ApacheServer, fs: FsFacade, app: WsgiApp): AppSettings | null {
  if (!app.script || app.scriptArg.value.endsWith("/") || fs.kind(app.script) !== "file") return null;
  const text = fs.read(app.script).text;
  if (!text) return null;
  // Read from the parsed script (a script that never names DJANGO_SETTINGS_MODULE is not parsed).
  const named = settingsModuleInScriptText(text, app.script);
  if (!named) return null;
  const roots = pythonPathsOf(server, app).map((p) => p.path).filter((p) => p.startsWith("/"));
  // Django's layout: <root>/<package>/wsgi.py with settings in <package>; the root is then on sys.path.
  const top = named.value.split(".")[0];
  for (let dir = path.posix.dirname(app.script); dir !== "/"; dir = path.posix.dirname(dir)) {
    if (path.posix.basename(dir) === top) {
      roots.push(path.posix.dirname(dir));
      break;
    }
  }
  const reader = new PythonReader(fs, [...new Set(roots)]);
  if (!roots.length || !reader.findModule(named.value)) return null;
  const ref = settingsModuleOfScript(app.script, text);
  if (!ref?.value) return null;
  const read = reader.readSettings(ref.value);
  if (!read.file || read.error) return null;
  return { module: ref.value, file: read.file, read };
}

/** A setting's value and where it is assigned; `unknown` when the settings leave it undecidable, null when they do not set it. */
export function settingIn(s: AppSettings, name: string): { value: PyValue; at: Location } | "unknown" | null {
  const r = settingOf(s.read, name);
  if ("binding" in r) return { value: r.binding.value, at: r.binding.at };
  return "unknown" in r ? "unknown" : null;
}

/** `STATIC_URL`/`MEDIA_URL` as the static/media model takes them (a setting that is not a plain string is left to the convention). */
export function staticMediaSettings(s: AppSettings | null, scriptName: string): StaticMediaSettings {
  const out: StaticMediaSettings = { scriptName };
  if (!s) return out;
  for (const name of ["STATIC_URL", "MEDIA_URL"] as const) {
    const v = settingIn(s, name);
    if (v && v !== "unknown" && v.value.kind === "str") out[name] = { value: v.value.value, file: v.at.file, line: v.at.line };
  }
  return out;
}
