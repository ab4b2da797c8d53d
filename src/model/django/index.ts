/**
 * The Django side of a deployment, read statically (rule-catalog.md, Part 2,
 * "The Django side of a deployment"): the project, its settings module and
 * settings, and the application servers that run it. The entry takes plain
 * inputs (a file-system facade, roots, a settings module or file, app-server
 * files) so that it does not depend on how the engine is wired; its result is
 * the `--print-django` JSON shape. This module is the only door to the Python
 * reader: a run that never calls it loads no Python parser.
 *
 * Which settings module, in the order the process decides it: the
 * configuration (`settings`), the app server's process environment
 * (`DJANGO_SETTINGS_MODULE` from uWSGI `env`, gunicorn `raw_env`/`--env`,
 * systemd, supervisor), the `setdefault` of the WSGI/ASGI module the app
 * server runs, then `manage.py` in the project root.
 */
import path from "node:path";
import type { FsFacade } from "../../load/fs-facade.js";
import { readAppServerFile } from "./app-servers/index.js";
import type { AppServer } from "./app-servers/types.js";
import { findProjectAbove } from "./project.js";
import { isSettingName, PythonReader, settingFact, settingOf, type SettingFact } from "./settings.js";
import { settingsModuleOfScript } from "./settings-module.js";

/** The settings the catalog's django/* and Part 1 rules read: printed even when the settings leave them to Django's default. */
export const RULE_SETTINGS = [
  "DEBUG", "ALLOWED_HOSTS", "SECURE_PROXY_SSL_HEADER", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "USE_X_FORWARDED_HOST",
  "STATIC_URL", "STATIC_ROOT", "MEDIA_URL", "MEDIA_ROOT", "FORCE_SCRIPT_NAME", "MIDDLEWARE", "MIDDLEWARE_CLASSES",
  "INSTALLED_APPS", "ASGI_APPLICATION", "WSGI_APPLICATION", "CHANNEL_LAYERS", "REST_FRAMEWORK",
];

export interface DjangoInputs {
  fs: FsFacade;
  /** Project roots (directories put on sys.path), e.g. `django.root`; found from `searchFrom` when absent. */
  roots?: string[];
  /** `django.settings`: a dotted module or a file path. */
  settings?: string;
  /** Application-server files to read (uWSGI, gunicorn, systemd, Procfile, supervisor). */
  appServerFiles?: string[];
  /** Paths to look above for `manage.py` when no root is given (the linted files and directories). */
  searchFrom?: string[];
}

export interface NotFound {
  what: string;
  lookedFor: string;
  from: { file: string; line: number };
}

export interface DjangoProjectFacts {
  root: string | null;
  settingsModule: { value: string; via: string; file?: string; line?: number } | null;
  settingsFiles: string[];
  /** Why the settings are unknown as a whole, or absent. */
  settingsUnknown?: string;
  settings: Record<string, SettingFact | { unknown: string } | { notSet: true }>;
  appServers: AppServer[];
  sites: never[];
}

export interface DjangoModel {
  projects: DjangoProjectFacts[];
  notFound: NotFound[];
  /** Every file the reading asked for, readable or not: what an editor watches to re-lint the configurations that depend on them. */
  filesRead: string[];
}

export function readDjango(inputs: DjangoInputs): DjangoModel {
  const filesRead = new Set<string>();
  const fs: FsFacade = {
    local: (p) => inputs.fs.local(p),
    kind: (p) => inputs.fs.kind(p),
    list: (p) => inputs.fs.list(p),
    read: (p) => {
      filesRead.add(p);
      return inputs.fs.read(p);
    },
  };
  const notFound: NotFound[] = [];
  const servers: AppServer[] = [];
  for (const f of inputs.appServerFiles ?? []) {
    const r = readAppServerFile(fs, f);
    servers.push(...r.servers);
    notFound.push(...r.notFound);
    if (r.error) notFound.push({ what: "an application-server configuration", lookedFor: f, from: { file: f, line: 1 } });
  }
  const roots = inputs.roots?.length ? inputs.roots : rootsFrom(fs, inputs, servers);
  const projects = (roots.length ? roots : [null]).map((root) => project(fs, root, { ...inputs, fs }, servers, notFound));
  return { projects, notFound, filesRead: [...filesRead] };
}

/** Project roots: `manage.py` above the searched paths, then the app servers' working directories. */
function rootsFrom(fs: FsFacade, inputs: DjangoInputs, servers: AppServer[]): string[] {
  const out: string[] = [];
  for (const p of inputs.searchFrom ?? []) {
    const found = findProjectAbove(fs, p);
    if (found && !out.includes(found.dir)) out.push(found.dir);
  }
  for (const s of servers) {
    const dir = s.chdir?.value;
    if (dir && dir.startsWith("/") && !out.includes(dir.replace(/\/+$/, "")) && fs.kind(dir) === "dir") out.push(dir.replace(/\/+$/, ""));
  }
  return out;
}

function project(fs: FsFacade, root: string | null, inputs: DjangoInputs, allServers: AppServer[], notFound: NotFound[]): DjangoProjectFacts {
  const servers = allServers.filter((s) => root === null || !s.chdir || s.chdir.value.replace(/\/+$/, "") === root);
  const pythonPath = [root, ...servers.flatMap((s) => s.pythonPath.map((p) => p.value))].filter((p): p is string => !!p && p.startsWith("/"));
  const reader = new PythonReader(fs, [...new Set(pythonPath)]);
  const chosen = chooseSettingsModule(fs, reader, root, inputs, servers);
  const facts: DjangoProjectFacts = { root, settingsModule: chosen, settingsFiles: [], settings: {}, appServers: servers, sites: [] };
  if (!chosen) {
    notFound.push({ what: "the settings module", lookedFor: root ? `DJANGO_SETTINGS_MODULE in the app servers' environment, the WSGI/ASGI script, or ${root}/manage.py` : "a project root (manage.py) or django.settings", from: { file: servers[0]?.file ?? root ?? "", line: servers[0]?.at.line ?? 0 } });
    facts.settingsUnknown = "no settings module is named where the linter can see it";
    return facts;
  }
  const read = reader.readSettings(chosen.value);
  facts.settingsFiles = read.files;
  if (!read.file) notFound.push({ what: `the settings module ${chosen.value}`, lookedFor: `${chosen.value.split(".").join("/")}.py under ${reader.roots.join(", ") || "(no project root)"}`, from: { file: chosen.file ?? "", line: chosen.line ?? 0 } });
  if (read.error) {
    // Nothing of the settings is known: said once, not once per setting.
    facts.settingsUnknown = read.error;
    return facts;
  }
  const names = new Set([...RULE_SETTINGS, ...[...(read.result?.names.keys() ?? [])].filter(isSettingName)]);
  for (const name of names) {
    const s = settingOf(read, name);
    if ("binding" in s) facts.settings[name] = settingFact(s.binding);
    else if ("unknown" in s) facts.settings[name] = { unknown: s.unknown };
    else if (RULE_SETTINGS.includes(name)) facts.settings[name] = { notSet: true };
  }
  return facts;
}

function chooseSettingsModule(fs: FsFacade, reader: PythonReader, root: string | null, inputs: DjangoInputs, servers: AppServer[]): DjangoProjectFacts["settingsModule"] {
  if (inputs.settings) return { value: inputs.settings, via: "the configuration (django.settings)" };
  for (const s of servers) {
    const m = s.settingsModule;
    if (m && !m.uncertain) return { value: m.value, via: `the ${s.kind} environment`, file: m.at.file, line: m.at.line };
  }
  // The WSGI/ASGI module an app server runs: `x.wsgi:application` or uWSGI's wsgi-file.
  for (const s of servers) {
    const script = s.wsgiFile?.value ?? (s.app ? reader.findModule(s.app.value.split(":")[0], reader.roots.length ? reader.roots : s.chdir ? [s.chdir.value] : [])?.file : undefined);
    if (!script) continue;
    const file = script.startsWith("/") ? script : path.posix.join(s.chdir?.value ?? root ?? "/", script);
    const text = fs.read(file).text;
    const ref = text ? settingsModuleOfScript(file, text) : null;
    if (ref?.value) return { value: ref.value, via: `${ref.how === "assign" ? "os.environ[...] =" : "os.environ.setdefault"} in ${file}`, file, line: ref.at.line };
  }
  if (root) {
    const manage = path.posix.join(root, "manage.py");
    const text = fs.read(manage).text;
    const ref = text ? settingsModuleOfScript(manage, text) : null;
    if (ref?.value) return { value: ref.value, via: "manage.py", file: manage, line: ref.at.line };
  }
  return null;
}
