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
import { isWindowsPath } from "../../load/path-map.js";
import { composeProjectDirs, composeServiceSettings, composeServicesRunning, composeSettingsModule, isComposeFileName, portsPublishedFor } from "./compose.js";
import { projectImageSettingsModule } from "./dockerfile.js";
import { acceptPython2 } from "./python/parser.js";
import { appServersBeside } from "./app-servers/beside.js";
import path from "node:path";
import type { FsFacade } from "../../load/fs-facade.js";
import { isOpaque } from "../../template/placeholder.js";
import { appServerFileKind, readAppServerFile } from "./app-servers/index.js";
import { dropInUnit, supervisorMain, unitFileOf, type SupervisorMain } from "./app-servers/units.js";
import { fnmatchRegExp } from "../../load/fnmatch.js";
import type { AppServer, Listen } from "./app-servers/types.js";
import { findProjectAbove } from "./project.js";
import { homeSiteDirs, isSettingName, PythonReader, settingFact, settingOf, systemSiteDirs, type SettingFact, type SettingsRead } from "./settings.js";
import { settingsModuleOfScript } from "./settings-module.js";
import type { RefAt, ScriptRef, SettingsRef, SiteBlock } from "./server-refs.js";
import type { Location } from "./python/values.js";
import { tieSites, type Site } from "./sites.js";

/**
 * The settings `--print-django` shows even when the settings leave them to
 * Django's default: every setting a rule declares it reads (`meta.djangoSettings`,
 * test/django/declared-settings.test.ts checks they are all here) and the few
 * more the catalog names. A lint reads only the declared settings of the rules
 * that run (src/engine/run.ts).
 */
/** App servers read from a configuration file that a command line may name (`gunicorn -c`, `uwsgi --ini`). */
const CONFIG_FILE_SOURCES = new Set<AppServer["source"]>(["gunicorn-config", "uwsgi-ini", "uwsgi-yaml", "uwsgi-xml"]);

export const RULE_SETTINGS = [
  "DEBUG",
  "ALLOWED_HOSTS",
  "SECURE_PROXY_SSL_HEADER",
  "SECURE_SSL_REDIRECT",
  "SECURE_HSTS_SECONDS",
  "USE_X_FORWARDED_HOST",
  "STATIC_URL",
  "STATIC_ROOT",
  "MEDIA_URL",
  "MEDIA_ROOT",
  "FORCE_SCRIPT_NAME",
  "MIDDLEWARE",
  "MIDDLEWARE_CLASSES",
  "INSTALLED_APPS",
  "ASGI_APPLICATION",
  "WSGI_APPLICATION",
  "CHANNEL_LAYERS",
  "REST_FRAMEWORK",
  "ROOT_URLCONF",
  "STORAGES",
  "STATICFILES_STORAGE",
  "DEFAULT_FILE_STORAGE",
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
  /** The server blocks of the run (with the WSGI scripts and settings modules they name): tied to projects as `sites`. */
  blocks?: SiteBlock[];
  /** `django.sites`: server names or backend addresses tied to a settings module or file. */
  sites?: { names: string[]; settings: string }[];
  /** `django.assume`: settings the user states for what cannot be read. */
  assume?: Record<string, unknown>;
  /** `django.trustedFront`: every site (true), or the sites of these names, are behind a front that sets or strips the scheme header. */
  trustedFront?: true | string[];
  /**
   * Read only these settings (a lint: what its rules declare they read), parsing only the statements
   * that can change them; every setting when absent (`--print-django`).
   */
  settingsNames?: readonly string[];
  /** The Django version the sites run (`djangoVersion`): before 2.0, Python 2 settings are read. */
  djangoVersion?: string;
}

export interface NotFound {
  what: string;
  lookedFor: string;
  /** The line that names it (a Python file too: a WSGI script, manage.py). */
  from: RefAt;
  /** The server or app-server configuration line that led there, when `from` is a Python file. */
  via?: RefAt;
  /**
   * The sites of the project it concerns (a settings module it cannot read), where it is said when neither `from`
   * nor `via` is a file of the run (a Compose file found beside the project).
   */
  sites?: RefAt[];
}

/** A reference's place from a Python or app-server location. */
export const refOf = (l: Location): RefAt => ({
  file: l.file,
  line: l.line,
  range: { start: l.start, end: l.end, line: l.line, column: l.column, endLine: l.endLine, endColumn: l.endColumn },
});

export interface DjangoProjectFacts {
  root: string | null;
  settingsModule: { value: string; via: string; file?: string; line?: number; uncertain?: string } | null;
  settingsFiles: string[];
  /** Why the settings are unknown as a whole, or absent. */
  settingsUnknown?: string;
  settings: Record<string, SettingFact | AssumedFact | { unknown: string } | { notSet: true }>;
  appServers: AppServer[];
  /** The WSGI scripts web servers run for this project (mod_wsgi). */
  scripts: ScriptRef[];
  sites: Site[];
  /** Compose files the user named (`docker-compose.prod.yml`): read wherever the search for Compose files looks, whatever their name. */
  composeFiles?: string[];
  /** The Compose services that run it, when Compose runs one checkout with several settings modules (composeProjects). */
  composeServices?: string[];
}

/** A setting the configuration states (`django.assume`) where the settings leave it unknown or unset. */
export interface AssumedFact {
  value: unknown;
  assumed: "django.assume";
}

export interface DjangoModel {
  projects: DjangoProjectFacts[];
  notFound: NotFound[];
  /** Every file the reading asked for, readable or not: what an editor watches to re-lint the configurations that depend on them. */
  filesRead: string[];
  /** Every application server read in the run, whichever project it belongs to (or none); absent when the run has none. */
  appServers?: AppServer[];
  /** `django.trustedFront`, as configured. */
  trustedFront?: true | string[];
  /**
   * The app servers of files beside `file` (a file of the run, local path) that the run does not hold: a pre-commit
   * run holds the files a commit changed, which may leave out the unit that listens where a site proxies to.
   */
  appServersBeside?(file: string): AppServer[];
  /**
   * Where the host reaches the run's app servers that listen inside a Compose service's container, through the ports
   * the service publishes (`127.0.0.1:8081:8000`): asked only when a backend would otherwise have no listener.
   */
  publishedListens?(): { server: AppServer; listen: Listen }[];
}

export function readDjango(inputs: DjangoInputs): DjangoModel {
  // Django 1.11 ran on Python 2.7 (a legacy project's settings may be Python 2): its forms are read, not refused.
  acceptPython2(inputs.djangoVersion !== undefined && /^1\./.test(inputs.djangoVersion));
  const filesRead = new Set<string>();
  const fs: FsFacade = {
    local: (p) => inputs.fs.local(p),
    kind: (p) => inputs.fs.kind(p),
    list: (p) => inputs.fs.list(p),
    read: (p) => {
      filesRead.add(p);
      return inputs.fs.read(p);
    },
    ...(inputs.fs.serverPath ? { serverPath: (p: string) => (inputs.fs.serverPath as (p: string) => string)(p) } : {}),
  };
  const notFound: NotFound[] = [];
  const read: AppServer[] = [];
  const configsRead = new Set<string>();
  // A drop-in named on its own (a directory of units, `app.service.d/override.conf`) is read with its unit, once.
  const units = new Set<string>();
  // A template unit whose instances the run holds (their `*.wants/` links) runs as those instances only.
  const instances = new Set(
    (inputs.appServerFiles ?? []).map((f) => /^([^@/]+@)[^@/]+(\.service)$/.exec(path.basename(f))).flatMap((m) => (m ? [m[1] + m[2]] : [])),
  );
  const mains = supervisorMains(fs, inputs.appServerFiles ?? []);
  for (const input of inputs.appServerFiles ?? []) {
    if (instances.has(path.basename(input))) continue;
    const unit = dropInUnit(input);
    const f = unitFileOf(fs, unit !== null && fs.read(unit).text !== undefined ? unit : input);
    // A masked unit (`systemctl mask`: a link to /dev/null) is never started.
    if (units.has(f) || f === "/dev/null") continue;
    units.add(f);
    const server = fs.serverPath?.(fs.local(f)) ?? f;
    const r = readAppServerFile(
      fs,
      f,
      undefined,
      mains.find((m) => m.include.some((p) => fnmatchRegExp(p).test(server))),
    );
    read.push(...r.servers);
    notFound.push(...r.notFound);
    for (const c of r.configsRead ?? []) configsRead.add(c);
    if (r.error) notFound.push({ what: "an application-server configuration", lookedFor: f, from: { file: f, line: 1 } });
  }
  // A gunicorn configuration file or uWSGI ini that a unit, Procfile or supervisor program of the run starts its server
  // with is that process's, not one more.
  const servers = read.filter((s) => !CONFIG_FILE_SOURCES.has(s.source) || !configsRead.has(s.file));
  const blocks = inputs.blocks ?? [];
  const scripts = blocks
    .flatMap((b) => b.scripts)
    .filter((ref) => !ref.maybeDirectory || fs.kind(ref.script) === "file")
    .map((ref) => readScript(fs, ref, notFound));
  const settingsRefs = blocks.flatMap((b) => b.settingsRefs);
  const ctx: ProjectInputs = { ...inputs, fs };
  // A root found as a local checkout that the path map says is deployed elsewhere (`--map /srv/arena/current=.`) is
  // read as the server reads it: `__file__` and every path the settings build from it (`BASE_DIR / ".." / "shared"`)
  // are the deployed ones, which may reach beyond the mapped directory.
  const deployed = (r: string) => fs.serverPath?.(r) ?? r;
  const roots = (inputs.roots?.length ? inputs.roots : rootsFrom(fs, inputs, servers, scripts)).map(deployed);
  const named = servers.length || scripts.length || settingsRefs.length || inputs.settings || inputs.sites?.length;
  const projects = (roots.length ? roots : named ? [null] : []).flatMap((root) => projectsAt(ctx, root, servers, scripts, notFound));
  for (const site of inputs.sites ?? []) {
    if (projects.some((p) => p.settingsModule?.value === site.settings)) continue;
    projects.push(
      project({ ...ctx, settings: site.settings, settingsVia: "the configuration (django.sites)" }, inputs.roots?.[0] ?? roots[0] ?? null, [], [], notFound),
    );
  }
  projectsOfSettingsRefs(ctx, settingsRefs, projects, roots, notFound);
  tieSites(projects, blocks, inputs.sites ?? []);
  for (const n of notFound) {
    const p = concerns.get(n);
    if (p?.sites.length) n.sites = p.sites.map((site) => ({ file: site.file, line: site.line }));
  }
  // A settings module only a script's development default names: said at each site served, which the run does lint.
  for (const p of projects)
    if (p.settingsModule?.uncertain)
      for (const site of p.sites)
        notFound.push({ what: "the settings module the server runs", lookedFor: p.settingsModule.uncertain, from: { file: site.file, line: site.line } });
  return {
    projects,
    notFound,
    filesRead: [...filesRead],
    ...(servers.length ? { appServers: servers } : {}),
    ...(servers.length ? { appServersBeside: besideRun(fs, inputs.appServerFiles ?? [], read, configsRead) } : {}),
    ...(servers.length ? { publishedListens: publishedOnce(fs, servers) } : {}),
    ...(inputs.trustedFront !== undefined ? { trustedFront: inputs.trustedFront } : {}),
  };
}

/**
 * An app server configured inside a Compose service's build context (gunicorn.conf.py beside the Dockerfile) listens in
 * that container; the host reaches it at the ports the service publishes (`127.0.0.1:8081:8000`): listens there too.
 */
function publishedOnce(fs: FsFacade, servers: AppServer[]): () => { server: AppServer; listen: Listen }[] {
  let known: { server: AppServer; listen: Listen }[] | undefined;
  return () => (known ??= servers.flatMap((server) => publishedListens(fs, server).map((listen) => ({ server, listen }))));
}

function publishedListens(fs: FsFacade, s: AppServer): Listen[] {
  // Only an address of every interface: one bound to the container's loopback is not reachable through a published port.
  const open = s.listen.filter((l) => l.address && !l.isDefault && /^(0\.0\.0\.0|\*|\[::\]|):\d+$/.test(l.address));
  if (!open.length) return [];
  const ports = portsPublishedFor(fs, s.file);
  return open.flatMap((l) =>
    ports
      .filter((p) => `:${p.containerPort}` === /:\d+$/.exec(l.address as string)?.[0])
      .map((p) => ({ ...l, address: `${p.hostIp ?? "0.0.0.0"}:${p.hostPort}`, publishes: l.address })),
  );
}

/** A settings file and why it cannot be read; a reason that names the file (`/srv/x/settings.py does not parse ...`) names it once. */
function unreadableFile(file: string | null | undefined, error: string): string {
  return file && error.startsWith(file + " ") ? `${file}, which ${error.slice(file.length + 1)}` : `${file}, which cannot be read: ${error}`;
}

/** `DjangoModel.appServersBeside` for a run of these app-server files (and the configuration files they read). */
function besideRun(fs: FsFacade, inputs: readonly string[], read: readonly AppServer[], configsRead: ReadonlySet<string>): (file: string) => AppServer[] {
  const inRun = new Set([...inputs, ...read.map((s) => s.file), ...configsRead].map((f) => fs.local(f)));
  return (file) => appServersBeside(fs, file, inRun);
}

/**
 * The supervisord files of the run that include others (Debian's /etc/supervisor/supervisord.conf), and Debian's
 * own when the path map copies it: the environment they give the programs of the files they include.
 */
function supervisorMains(fs: FsFacade, files: readonly string[]): SupervisorMain[] {
  const out: SupervisorMain[] = [];
  const seen = new Set<string>();
  const add = (local: string, server: string) => {
    if (seen.has(local)) return;
    seen.add(local);
    const text = fs.read(local).text;
    const main = text !== undefined && appServerFileKind(local, text) === "supervisor" ? supervisorMain(server, text) : null;
    if (main) out.push(main);
  };
  for (const f of files) {
    const local = fs.local(f);
    const server = fs.serverPath?.(local) ?? local;
    if (/\.conf$/.test(f) && !/\/conf\.d\//.test(server)) add(local, server);
    if (server.startsWith(DEBIAN_SUPERVISOR + "/conf.d/") && fs.local(DEBIAN_SUPERVISOR) !== DEBIAN_SUPERVISOR)
      add(fs.local(`${DEBIAN_SUPERVISOR}/supervisord.conf`), `${DEBIAN_SUPERVISOR}/supervisord.conf`);
  }
  return out;
}
const DEBIAN_SUPERVISOR = "/etc/supervisor";

/** A WSGI script a web server runs, read for the settings module it selects and the project it belongs to. */
export interface ScriptRead {
  ref: ScriptRef;
  module: string | null;
  moduleAt?: { file: string; line: number };
  /** The script sets DJANGO_SETTINGS_MODULE to what the linter cannot compute: why. */
  moduleUnknown?: string;
  how?: "setdefault" | "assign";
  /** The project directory: the python-path entry the module resolves under, else `manage.py` above the script, else the directory of its package. */
  root: string | null;
  /** The Python path the application runs with: the ref's, and what a script it imports from adds (`sys.path = [...] + sys.path`). */
  pythonPath: string[];
}

function readScript(fs: FsFacade, ref: ScriptRef, notFound: NotFound[], depth = 0): ScriptRead {
  const read = fs.read(ref.script);
  if (read.text === undefined) {
    // A Windows server's path (`C:/sites/shop/wsgi.py`): another machine's files, which the Django side does not read.
    if (!ref.besideBackend && !isWindowsPath(ref.script))
      notFound.push({ what: "the WSGI script", lookedFor: `${ref.script} (${read.error ?? "cannot be read"})`, from: ref.at });
    return { ref, module: null, root: null, pythonPath: ref.pythonPath };
  }
  // mod_wsgi-express's handler.wsgi runs the application it was set up with: that script (or module) is the project's.
  const express = expressEntryPoint(fs, read.text, ref.pythonPath);
  if (express && express.script !== ref.script)
    return { ...readScript(fs, { ...ref, script: express.script, pythonPath: [...new Set([...express.pythonPath, ...ref.pythonPath])] }, notFound), ref };
  const m = settingsModuleOfScript(ref.script, read.text);
  // A script that only imports the project's application (Graphite's graphite.wsgi): the module it imports names the settings.
  const imported =
    m || depth >= 3 ? null : importedApplication(fs, ref.script, read.text, ref.pythonPath, ref.pythonHome ? homeSiteDirs(fs, ref.pythonHome) : []);
  if (imported) return { ...readScript(fs, { ...ref, ...imported }, notFound, depth + 1), ref };
  const module = m?.value ?? null;
  // The directories the script puts on sys.path itself (`sys.path.insert(0, "/srv/birdlog/src")` in a FastCGI
  // dispatcher lighttpd spawns): where its imports are found, and where the project is when nothing else says.
  const added = sysPathAdditions(read.text).filter((d) => !ref.pythonPath.includes(d));
  const pythonPath = [...ref.pythonPath, ...added];
  const root = scriptProjectRoot(fs, ref.script, module, ref.pythonPath) ?? (added.length ? scriptProjectRoot(fs, ref.script, module, pythonPath) : null);
  return {
    ref,
    module,
    moduleAt: m ? { file: m.at.file, line: m.at.line } : undefined,
    ...(m && m.value === null ? { moduleUnknown: m.unknown ?? "computed" } : {}),
    how: m?.how,
    root,
    pythonPath,
  };
}

/**
 * The application a `mod_wsgi-express setup-server` handler runs: its `entry_point` (a script, or a module found under
 * its `working_directory` and the daemon's python-path), as the generated handler.wsgi assigns them, one literal a line
 * (mod_wsgi's server/__init__.py template). Null for any other script.
 */
function expressEntryPoint(fs: FsFacade, text: string, pythonPath: readonly string[]): { script: string; pythonPath: string[] } | null {
  if (!/^import mod_wsgi\.server$/m.test(text)) return null;
  const literal = (name: string) => new RegExp(`^${name} = '([^'\\n]*)'$`, "m").exec(text)?.[1] ?? null;
  const entry = literal("entry_point");
  const type = literal("application_type") ?? "script";
  const cwd = literal("working_directory");
  if (!entry) return null;
  const dirs = [...(cwd?.startsWith("/") ? [cwd] : []), ...pythonPath.filter((p) => p.startsWith("/"))];
  if (type === "script")
    return entry.startsWith("/") ? { script: entry, pythonPath: dirs } : cwd ? { script: path.posix.join(cwd, entry), pythonPath: dirs } : null;
  if (type !== "module") return null;
  const found = new PythonReader(fs, dirs).findModule(entry.split(":")[0]);
  return found ? { script: found.file, pythonPath: dirs } : null;
}

/**
 * The module a WSGI script takes its `application` from (`from graphite.wsgi import application`, at the top level),
 * found on the directories the script puts on `sys.path` (`sys.path.append('/opt/graphite/webapp')`, literals), the
 * daemon's python-path, the script's own directory and its Python home's packages (`siteDirs`: Review Board installed
 * with pip in the virtualenv `WSGIPythonHome` names), as Python would; null when it imports none or it is not found.
 */
function importedApplication(
  fs: FsFacade,
  script: string,
  text: string,
  pythonPath: readonly string[],
  siteDirs: readonly string[] = [],
): { script: string; pythonPath: string[] } | null {
  const from = /^from[ \t]+([A-Za-z_][\w.]*)[ \t]+import[ \t(]+application\b/m.exec(text)?.[1];
  if (!from) return null;
  const added = sysPathAdditions(text);
  const dirs = [...new Set([...added, ...pythonPath.filter((p) => p.startsWith("/")), path.posix.dirname(script), ...siteDirs])];
  const found = new PythonReader(fs, dirs).findModule(from);
  if (!found || found.file === script) return null;
  // Found among the home's packages: that directory is on the path the application's own imports are found on.
  const site = siteDirs.includes(found.root) ? [found.root] : [];
  return { script: found.file, pythonPath: [...new Set([...added, ...pythonPath, ...site])] };
}

/**
 * The directories a WSGI script adds to sys.path with literals: `sys.path.append('/opt/graphite/webapp')`,
 * `sys.path.insert(0, ...)`, and the list put before or after it (`sys.path = ['/srv/rb/conf'] + sys.path`, as Review
 * Board's rb-site writes it).
 */
function sysPathAdditions(text: string): string[] {
  const calls = [...text.matchAll(/^[ \t]*sys\.path\.(?:append|insert)\((?:[ \t]*\d+[ \t]*,)?[ \t]*(['"])(\/[^'"\n]*)\1[ \t]*\)/gm)].map((x) => x[2] as string);
  const lists = [...text.matchAll(/^[ \t]*sys\.path[ \t]*=[ \t]*(?:sys\.path[ \t]*\+[ \t]*)?\[([^\]\n]*)\](?:[ \t]*\+[ \t]*sys\.path)?[ \t]*$/gm)].flatMap(
    (x) => [...(x[1] as string).matchAll(/(['"])(\/[^'"\n]*)\1/g)].map((y) => y[2] as string),
  );
  return [...calls, ...lists];
}

/** The Compose files the user named, whatever their name (`docker-compose.prod.yml`): composeView reads them too. */
function namedCompose(inputs: ProjectInputs): { composeFiles?: string[] } {
  const files = (inputs.searchFrom ?? []).filter((f) => isComposeFileName(f) && inputs.fs.kind(f) === "file");
  return files.length ? { composeFiles: files } : {};
}

/**
 * The project directory of a WSGI script: the python-path entry its settings module resolves under, else `manage.py`
 * above the script, else the directory that holds the script's top package (`shop/wsgi.py` with `shop/__init__.py`:
 * where `shop.settings` is imported from; a pip-installed application's site-packages).
 */
function scriptProjectRoot(fs: FsFacade, script: string, module: string | null, pythonPath: readonly string[]): string | null {
  const finder = new PythonReader(
    fs,
    pythonPath.filter((p) => p.startsWith("/")),
  );
  const under = module ? finder.findModule(module)?.root : undefined;
  const pkg = finder.packageModule(script);
  const pkgRoot =
    pkg && pkg.includes(".")
      ? path.posix.dirname(
          pkg
            .split(".")
            .slice(0, -1)
            .reduce((d) => path.posix.dirname(d), script),
        )
      : null;
  return under ?? findProjectAbove(fs, script)?.dir ?? pkgRoot;
}

/**
 * mod_python's `SetEnv`/`PythonOption DJANGO_SETTINGS_MODULE`, looked up on its
 * `PythonPath` and the project roots: a project of its own when no project has
 * that module yet, reported where it is named when it cannot be found.
 */
function projectsOfSettingsRefs(ctx: ProjectInputs, refs: SettingsRef[], projects: DjangoProjectFacts[], roots: string[], notFound: NotFound[]) {
  const read = new Set(projects.filter((p) => p.settingsFiles.length).map((p) => p.settingsModule?.value));
  // What each project root holds at its top, listed once: a module can only be under a root that holds its top
  // package (or file), and a fleet's every mod_python site looked under every root of the run.
  const tops = new Map<string, Set<string> | null>();
  const mayHold = (root: string, top: string) => {
    if (!tops.has(root)) {
      const listed = ctx.fs.list(root);
      tops.set(root, listed ? new Set(listed) : null);
    }
    const names = tops.get(root);
    // A root that cannot be listed may hold anything.
    return !names || names.has(top) || names.has(`${top}.py`);
  };
  for (const r of refs) {
    if (read.has(r.module)) continue;
    const top = r.module.split(".")[0] as string;
    const path = [...new Set([...r.pythonPath, ...roots.filter((root) => mayHold(root, top))])];
    const found = new PythonReader(ctx.fs, path).findModule(r.module);
    if (found) {
      const via = `SetEnv DJANGO_SETTINGS_MODULE (mod_python) in ${r.at.file}:${r.at.line}`;
      const p = project({ ...ctx, settings: r.module, settingsVia: via }, found.root, [], [], notFound);
      projects.push(p);
      if (p.settingsFiles.length) read.add(r.module);
      continue;
    }
    notFound.push({
      what: `the settings module ${r.module}`,
      lookedFor: `${r.module.split(".").join("/")}.py under ${dirList(path) || "(no project root: set django.root or --django-root)"}`,
      from: r.at,
    });
  }
}

/**
 * The directories a module was looked for under, as a message says them: the first few and how many more (a
 * fleet's mod_python site is looked up under every project root of the run, and a message naming them all grew
 * with the fleet, as did the work of every message that showed it).
 */
function dirList(dirs: readonly string[], shown = 4): string {
  if (dirs.length <= shown + 1) return dirs.join(", ");
  return `${dirs.slice(0, shown).join(", ")} and ${dirs.length - shown} more`;
}

const trimSlash = (d: string) => (d.length > 1 && d.charCodeAt(d.length - 1) === 47 ? d.replace(/\/+$/, "") : d);

/**
 * The keys under which a directory is the same directory (sameDir: its server path, or the local path the map reads
 * it from, trailing slashes aside): comparing keys in a Set or Map instead of every pair keeps a fleet of thousands
 * of projects linear.
 */
const dirKeys = (fs: FsFacade, d: string): [string, string] => [`s${trimSlash(d)}`, `l${trimSlash(fs.local(d))}`];

/** Project roots: `manage.py` above (else beside, in `src/`...) the searched paths, then the app servers' working directories, then the WSGI scripts' projects. */
function rootsFrom(fs: FsFacade, inputs: DjangoInputs, servers: AppServer[], scripts: ScriptRead[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  // One directory reached as a local path (manage.py above a linted file) and as a server path (an app server's chdir) is one root.
  const add = (dir: string) => {
    const d = trimSlash(dir);
    const keys = dirKeys(fs, d);
    if (keys.some((k) => seen.has(k))) return;
    out.push(d);
    for (const k of keys) seen.add(k);
  };
  for (const p of inputs.searchFrom ?? []) {
    const found = findProjectAbove(fs, p)?.dir ?? projectBeside(fs, p);
    if (found) add(found);
    // A Compose file named on the command line: the projects its services are built from (`build: ./v1`, `./v2`).
    else if (isComposeFileName(p) && fs.kind(p) === "file") for (const d of composeProjectDirs(fs, p)) add(d);
  }
  for (const s of servers) {
    const dir = s.chdir?.value;
    if (dir && dir.startsWith("/") && fs.kind(dir) === "dir") add(dir);
    // uWSGI's `wsgi-file` with no `chdir` (a pip-installed application's script in site-packages): the script's project.
    const script = s.wsgiFile?.value;
    if (!dir && script?.startsWith("/") && !s.wsgiFile?.uncertain) {
      const text = fs.read(script).text;
      const root =
        text === undefined
          ? null
          : scriptProjectRoot(
              fs,
              script,
              settingsModuleOfScript(script, text)?.value ?? null,
              s.pythonPath.map((p) => p.value),
            );
      if (root) add(root);
    }
  }
  for (const s of scripts) if (s.root) add(s.root);
  return out;
}

/** Where repositories keep the project when it is not at their root: `src/manage.py` (the src layout), `app/`, `backend/`. */
const PROJECT_DIRS = ["src", "app", "backend"];
/** Levels above a linted file's directory that may be the repository root (`deploy/nginx/site.conf`: two). */
const REPOSITORY_LEVELS = 2;
/**
 * Levels above it where the repository's root, when a mark says so, may still be (`deploy/k8s/nginx/site.conf`:
 * three; `ops/deploy/production/nginx/conf.d/shop.conf`: five).
 */
const MARKED_REPOSITORY_LEVELS = 6;

/** A project beside the linted path rather than above it: `<repository>/src/manage.py` for `<repository>/deploy/nginx/site.conf`. */
function projectBeside(fs: FsFacade, from: string): string | null {
  let dir = fs.kind(from) === "file" ? path.posix.dirname(from) : from.replace(/(?<=.)\/+$/, "");
  for (let level = 0; level <= MARKED_REPOSITORY_LEVELS; level++) {
    const marked = REPOSITORY_MARKS.some((m) => fs.kind(path.posix.join(dir, m)) !== null);
    // Deeper than a repository's deploy/<server>/ only up to the first directory a mark says is its root.
    if (level > REPOSITORY_LEVELS && !marked) {
      if (path.posix.dirname(dir) === dir) break;
      dir = path.posix.dirname(dir);
      continue;
    }
    for (const d of PROJECT_DIRS) if (fs.kind(path.posix.join(dir, d, "manage.py")) === "file") return path.posix.join(dir, d);
    // A repository's root (Git, a Dockerfile, a Python project, a Compose file) with the project in a directory of another
    // name (`web/`, the Compose service's build context): the one directory under it that holds manage.py.
    if (marked) {
      const holding = (fs.list(dir) ?? [])
        .filter((n) => !n.startsWith(".") && !PROJECT_DIRS.includes(n))
        .filter((n) => fs.kind(path.posix.join(dir, n, "manage.py")) === "file");
      if (holding.length === 1) return path.posix.join(dir, holding[0]);
      if (holding.length > 1) return null;
      if (level >= REPOSITORY_LEVELS) break;
    }
    if (path.posix.dirname(dir) === dir) break;
    dir = path.posix.dirname(dir);
  }
  return null;
}

/** What marks a repository's root: where a project kept in a subdirectory of its own is looked for (a Compose file's stack too). */
const REPOSITORY_MARKS = [".git", "Dockerfile", "pyproject.toml", "compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];

/**
 * An app-server file kept in the project's own repository (`deploy/shop.service` beside `manage.py`) whose working
 * directory is where the checkout is deployed (`/srv/shop`, not on this machine): it runs this project. The keys of
 * the roots it may be such a copy of (the directories above its local file; a root's key is `d` + its local path).
 */
function deployedCopyKeys(fs: FsFacade, s: AppServer): string[] {
  const chdir = s.chdir?.value;
  if (!chdir || !chdir.startsWith("/") || fs.kind(chdir) !== null) return [];
  const file = fs.local(s.file);
  // The application it runs is the checkout's (`tracker.wsgi` beside `tracker/`), not another one's kept beside it
  // (pgAdmin's `pgAdmin4:app` from /usr/pgadmin4/web).
  const top = s.app?.value.split(":")[0].split(".")[0];
  const out: string[] = [];
  for (let k = file.indexOf("/", 1); k > 0; k = file.indexOf("/", k + 1)) {
    const dir = file.slice(0, k);
    // The root is the directory that holds the application: the repository's, or its project directory (`backend/`,
    // where `chdir = /var/www/shop/backend` runs `shop.wsgi`).
    for (const d of [dir, ...PROJECT_DIRS.map((p) => `${dir}/${p}`)])
      if (!top ? d === dir : fs.kind(`${d}/${top}`) === "dir" || fs.kind(`${d}/${top}.py`) === "file") out.push(`d${d}`);
  }
  return out;
}

interface ProjectInputs extends DjangoInputs {
  /** How `settings` was given, when not by `django.settings`. */
  settingsVia?: string;
  /** Where `settings` is set (the line of a Compose file), when not by `django.settings`. */
  settingsAt?: { file: string; line: number };
  /** The Compose services that run the project with `settings` (their names are their addresses). */
  composeServices?: string[];
}

/** Positions in a list by key: what a root finds is taken in the list's order. */
class ByKey {
  private readonly at = new Map<string, number[]>();
  add(key: string, i: number): void {
    const l = this.at.get(key);
    if (!l) this.at.set(key, [i]);
    else if (l[l.length - 1] !== i) l.push(i);
  }
  /** The items at the positions any of the keys holds, in the list's order. */
  pick<T>(all: readonly T[], keys: string[], also: readonly number[] = []): T[] {
    const at = new Set<number>(also);
    for (const k of keys) for (const i of this.at.get(k) ?? []) at.add(i);
    return [...at].sort((a, b) => a - b).map((i) => all[i] as T);
  }
}

const serverIndexes = new WeakMap<readonly AppServer[], { index: ByKey; always: number[] }>();
const scriptIndexes = new WeakMap<readonly ScriptRead[], ByKey>();

/**
 * The app servers that run from a root: those without a working directory, those whose working directory is the
 * root, and deployed copies of it (deployedCopyKeys), each list indexed once.
 */
function serversAt(fs: FsFacade, root: string | null, all: AppServer[]): AppServer[] {
  if (root === null) return all;
  let hit = serverIndexes.get(all);
  if (!hit) {
    hit = { index: new ByKey(), always: [] };
    for (const [i, s] of all.entries()) {
      const chdir = s.chdir?.value;
      if (!chdir) {
        hit.always.push(i);
        continue;
      }
      for (const k of [...dirKeys(fs, chdir), ...deployedCopyKeys(fs, s)]) hit.index.add(k, i);
    }
    serverIndexes.set(all, hit);
  }
  // Every key is exact: a server found under the root's directory keys runs from it, one under its local path is a
  // deployed copy of it.
  return hit.index.pick(all, [...dirKeys(fs, root), `d${trimSlash(fs.local(root))}`], hit.always);
}

/** The web servers' WSGI scripts whose project is at a root. */
function scriptsAt(fs: FsFacade, root: string | null, all: ScriptRead[]): ScriptRead[] {
  if (root === null) return all.filter((s) => s.root === null);
  let index = scriptIndexes.get(all);
  if (!index) {
    index = new ByKey();
    for (const [i, s] of all.entries()) if (s.root !== null) for (const k of dirKeys(fs, s.root)) index.add(k, i);
    scriptIndexes.set(all, index);
  }
  return index.pick(all, dirKeys(fs, root));
}

/**
 * The projects of a root: one per settings module its processes load, as each process decides it. One checkout
 * that runs production and staging settings (two mod_wsgi daemon groups whose scripts `setdefault` different
 * modules, two gunicorn units whose environments name them) is two projects, each with the processes that load
 * it; app servers and scripts that name no module belong to each. One project when the configuration names the
 * settings, or the processes name one module or none.
 */
function projectsAt(inputs: ProjectInputs, root: string | null, allServers: AppServer[], allScripts: ScriptRead[], notFound: NotFound[]): DjangoProjectFacts[] {
  const one = () => [project(inputs, root, allServers, allScripts, notFound)];
  if (inputs.settings || root === null) return one();
  const servers = serversAt(inputs.fs, root, allServers);
  const scripts = scriptsAt(inputs.fs, root, allScripts);
  const groups = new Map<string, { servers: AppServer[]; scripts: ScriptRead[] }>();
  const group = (m: string) => groups.get(m) ?? (groups.set(m, { servers: [], scripts: [] }).get(m) as { servers: AppServer[]; scripts: ScriptRead[] });
  // A module the environment names counts even when a file that may change it cannot be read (an optional
  // EnvironmentFile that is not there): the project then reads it, said to be uncertain, and two processes naming
  // two modules (production and staging units of one checkout) are two projects, not one read with the first's.
  for (const s of servers) if (s.settingsModule) group(s.settingsModule.value).servers.push(s);
  // A process whose environment names no module loads its script's default: a production vassal beside a staging one
  // that sets DJANGO_SETTINGS_MODULE is checked with production's settings, not staging's; two units running
  // `lattice.wsgi_production` and `lattice.wsgi_staging`, each of which picks its own, are two projects.
  const unnamed = servers.filter((s) => !s.settingsModule);
  if (groups.size || unnamed.length > 1) {
    for (const s of unnamed) {
      const roots = [root, ...s.pythonPath.map((p) => p.value).filter((p) => p.startsWith("/"))];
      const own = scriptModuleOf(inputs.fs, new PythonReader(inputs.fs, [...new Set(roots)], inputs.settingsNames ?? null), root, s);
      if (own) group(own.value).servers.push(s);
    }
  }
  for (const s of scripts) if (s.module) group(s.module).scripts.push(s);
  if (groups.size < 2) return (!servers.length && composeProjects(inputs, root, allServers, allScripts, notFound)) || one();
  const grouped = new Set<AppServer | ScriptRead>([...groups.values()].flatMap((g) => [...g.servers, ...g.scripts]));
  const restServers = servers.filter((s) => !grouped.has(s));
  const restScripts = scripts.filter((s) => !grouped.has(s));
  return [...groups.values()].map((g) => project(inputs, root, [...g.servers, ...restServers], [...g.scripts, ...restScripts], notFound));
}

/**
 * One checkout that Compose runs as several services, each with a settings module of its own (`public`, `staff`,
 * `api` with `ledger.settings.public`, `.admin`, `.api`): a project per module, with the services that run it, whose
 * names the proxy reaches them by (sites.ts, byComposeService). Null when the services agree, or one's module cannot
 * be read (then which module runs is unknown: chooseSettingsModule).
 */
function composeProjects(
  inputs: ProjectInputs,
  root: string,
  allServers: AppServer[],
  allScripts: ScriptRead[],
  notFound: NotFound[],
): DjangoProjectFacts[] | null {
  const found = composeServiceSettings(inputs.fs, root, (inputs.searchFrom ?? []).filter(isComposeFileName));
  const byModule = new Map<string, typeof found>();
  for (const f of found) {
    if (f.value === "unknown") return null;
    byModule.set(f.value, [...(byModule.get(f.value) ?? []), f]);
  }
  if (byModule.size < 2) return null;
  return [...byModule].map(([module, services]) => {
    const chosen = composeChoice(inputs.fs, services[0] as ComposeChoice);
    const names = services.map((f) => f.service);
    const settingsAt = chosen.file && chosen.line ? { file: chosen.file, line: chosen.line } : undefined;
    return project({ ...inputs, settings: module, settingsVia: chosen.via, settingsAt, composeServices: names }, root, allServers, allScripts, notFound);
  });
}

type ComposeChoice = { value: string; file: string; service: string; line?: number };

/** The settings module a Compose service sets, with the line that sets it. */
function composeChoice(fs: FsFacade, compose: ComposeChoice): Chosen {
  if (compose.line !== undefined)
    return { value: compose.value, via: `ENV in the Dockerfile of the Compose service ${compose.service}`, file: compose.file, line: compose.line };
  const text = fs.read(compose.file).text ?? "";
  // The line that sets it, else (an `env_file:`'s variable) the line that names the env file.
  const at =
    [new RegExp(`DJANGO_SETTINGS_MODULE\\W+${compose.value.replace(/\./g, "\\.")}`), /\benv_file\s*:/].map((re) => text.search(re)).find((i) => i >= 0) ?? 0;
  const line = text.slice(0, at).split("\n").length;
  return { value: compose.value, via: `the environment of the Compose service ${compose.service}`, file: compose.file, line };
}

/**
 * The Compose services that run a project: a proxy of the stack reaches them by name (sites.ts, byComposeService).
 * Read when a site's backend is first looked up by name: a lint whose backends are addresses, or that ties one
 * project, never parses a Compose file for it.
 */
function withComposeServices(facts: DjangoProjectFacts, inputs: ProjectInputs, root: string | null): void {
  if (inputs.composeServices) facts.composeServices = inputs.composeServices;
  if (inputs.composeServices || !root) return;
  const named = (inputs.searchFrom ?? []).filter(isComposeFileName);
  Object.defineProperty(facts, "composeServices", {
    get() {
      const value = composeServicesRunning(inputs.fs, root, named);
      Object.defineProperty(facts, "composeServices", { value, writable: true, configurable: true });
      return value;
    },
    configurable: true,
  });
}

/** What could not be found for a project, by the project (its sites are known once tied). */
const concerns = new WeakMap<NotFound, DjangoProjectFacts>();

function project(inputs: ProjectInputs, root: string | null, allServers: AppServer[], allScripts: ScriptRead[], notFound: NotFound[]): DjangoProjectFacts {
  const before = notFound.length;
  const facts = projectFacts(inputs, root, allServers, allScripts, notFound);
  for (const n of notFound.slice(before)) concerns.set(n, facts);
  return facts;
}

/**
 * The Python path of a project's processes and a reader over it: the project, each app server's path (and what its
 * WSGI file adds to sys.path: uWSGI's `wsgi-file = graphite.wsgi`, which then imports the application), mod_wsgi's
 * python-path (a top-level `from settings_local import *` is found in any of them); and, for the settings modules
 * the processes name (`tops`, which the caller may add to), the system's packages (Debian's graphite-web).
 */
function projectReader(inputs: ProjectInputs, root: string | null, servers: AppServer[], scripts: ScriptRead[]): { reader: PythonReader; tops: Set<string> } {
  const fs = inputs.fs;
  const pythonPath = [
    root,
    ...servers.flatMap((s) => s.pythonPath.map((p) => p.value)),
    ...servers.flatMap((s) => (s.wsgiFile ? sysPathAdditions(fs.read(s.wsgiFile.value).text ?? "") : [])),
    ...scripts.flatMap((s) => s.pythonPath),
  ].filter((p): p is string => !!p && p.startsWith("/"));
  const named = [inputs.settings, ...servers.map((s) => s.settingsModule?.value), ...scripts.map((s) => s.module)];
  const tops = new Set(named.filter((m): m is string => !!m && !m.includes("/")).map((m) => m.split(".")[0]));
  return { reader: new PythonReader(fs, [...new Set(pythonPath)], inputs.settingsNames ?? null, { tops, dirs: () => systemSiteDirs(fs) }), tops };
}

function projectFacts(inputs: ProjectInputs, root: string | null, allServers: AppServer[], allScripts: ScriptRead[], notFound: NotFound[]): DjangoProjectFacts {
  const fs = inputs.fs;
  const there = serversAt(fs, root, allServers);
  const scripts = scriptsAt(fs, root, allScripts);
  const { reader, tops } = projectReader(inputs, root, there, scripts);
  // App servers that run another framework's application from the checkout (a Flask API beside Django, `gunicorn
  // legacy.app:app`): not the project's, so the blocks that reach them are not its sites.
  const servers = there.filter((s) => !runsOtherFramework(fs, reader, root, s));
  const choice = chooseSettingsModule(fs, reader, root, inputs, servers, scripts);
  const { at: chosenAt, ...chosen } = choice ?? { at: undefined };
  // What led to the settings module, in a configuration: the app server that names it or its WSGI module, or the web server's WSGI script.
  const via: RefAt | undefined =
    servers.find((s) => s.settingsModule && !s.settingsModule.uncertain)?.settingsModule?.at ??
    servers.find((s) => s.app)?.app?.at ??
    scripts[0]?.ref.at ??
    servers[0]?.at;
  const viaRef = via ? ("start" in via ? refOf(via as Location) : via) : undefined;
  const facts: DjangoProjectFacts = {
    root,
    settingsModule: choice ? (chosen as Chosen) : null,
    settingsFiles: [],
    settings: {},
    appServers: servers,
    scripts: scripts.map((s) => s.ref),
    sites: [],
    ...namedCompose(inputs),
  };
  withComposeServices(facts, inputs, root);
  if (!choice) {
    const from = viaRef;
    // An app server that names no application (Seafile's gunicorn.conf.py, its app given by a start script), outside
    // any project: nothing of the run names a Django project to look for.
    // (A Windows server's script, `C:/sites/app/wsgi.py`, is another machine's: nothing here to look for.)
    const namesProject = root !== null || scripts.some((s) => !isWindowsPath(s.ref.script)) || servers.some((s) => s.app || s.settingsModule);
    // App servers that run another framework's application (`gunicorn app:app`, app.py building a Flask app): no Django here.
    const otherApps = !scripts.length && there.length > 0 && !servers.length;
    if (from && namesProject && !otherApps)
      notFound.push({
        what: "the settings module",
        lookedFor: root
          ? `DJANGO_SETTINGS_MODULE in the app servers' environment, the WSGI/ASGI script, or ${root}/manage.py`
          : "a project root (manage.py) or django.settings",
        from,
      });
    facts.settingsUnknown = "no settings module is named where the linter can see it";
    return withAssumed(facts, inputs.assume);
  }
  if (choice.uncertain) {
    // Which module the server runs is not known: nothing of the settings is (reported at the sites once tied, below).
    facts.settingsUnknown = `which settings module the server runs is not known (looked for ${choice.uncertain})`;
    return withAssumed(facts, inputs.assume);
  }
  // A lint reads the settings its rules declare when one is asked for (below); first only what tells whether
  // the settings can be read: the module's file and the modules it star-imports.
  const lazy = inputs.settingsNames;
  // The module a WSGI script chose (`os.environ.setdefault` in graphite.wsgi) is looked for as the ones named.
  if (!choice.value.includes("/")) tops.add(choice.value.split(".")[0]);
  const read = reader.readSettings(choice.value, lazy ? [] : null);
  facts.settingsFiles = read.files;
  const from: RefAt = chosenAt ? refOf(chosenAt) : choice.file ? { file: choice.file, line: choice.line ?? 0 } : (viaRef ?? { file: "", line: 0 });
  const led = viaRef && viaRef.file !== from.file ? { via: viaRef } : {};
  // Nothing of the settings is known: said once, not once per setting.
  const unreadable = (error: string): NotFound => {
    const n: NotFound = { what: `the settings module ${choice.value}`, lookedFor: unreadableFile(read.file, error), from, ...led };
    notFound.push(n);
    return n;
  };
  if (!read.file)
    notFound.push({
      what: `the settings module ${choice.value}`,
      lookedFor: `${choice.value.split(".").join("/")}.py under ${dirList(reader.roots) || "(no project root: set django.root or --django-root)"}`,
      from,
      ...led,
    });
  else if (read.error) unreadable(read.error);
  if (read.error) {
    facts.settingsUnknown = read.error;
    return withAssumed(facts, inputs.assume);
  }
  if (lazy) return readWhenAsked(facts, lazy, inputs.assume, () => reader.readSettings(choice.value, lazy.length ? lazy : RULE_SETTINGS), unreadable);
  const names = new Set([...RULE_SETTINGS, ...[...(read.result?.names.keys() ?? [])].filter(isSettingName)]);
  for (const name of names) {
    const f = factOf(read, name);
    if (f) facts.settings[name] = f;
    else if (RULE_SETTINGS.includes(name)) facts.settings[name] = { notSet: true };
  }
  return withAssumed(facts, inputs.assume);
}

/**
 * The settings of a lint (`names`, those its rules declare), read when first asked for (a setting, or whether the
 * settings can be read), all at once: a statement one of them needs that does not parse makes Python refuse the
 * whole module, so none is known, whichever a rule asked for first (one setting at a time, the settings read before
 * it stayed known, and the one that failed read as Django's default). Said at the sites then: the rules run after
 * the sites are tied. With no rule of the run reading a setting (django/settings-not-found alone), `readAll` reads
 * those the django/* rules read: whether they could.
 */
function readWhenAsked(
  facts: DjangoProjectFacts,
  names: readonly string[],
  assume: Record<string, unknown> | undefined,
  readAll: () => SettingsRead,
  unreadable: (error: string) => NotFound,
): DjangoProjectFacts {
  let all: SettingsRead | null = null;
  const read = (): SettingsRead => {
    if (all) return all;
    all = readAll();
    if (all.error) {
      const n = unreadable(all.error);
      if (facts.sites.length) n.sites = facts.sites.map((site) => ({ file: site.file, line: site.line }));
    }
    return all;
  };
  Object.defineProperty(facts, "settingsUnknown", { get: () => read().error ?? undefined, enumerable: true, configurable: true });
  facts.settings = lazySettings(names, assume, (name) => {
    const r = read();
    return r.error ? { unknown: r.error } : (factOf(r, name) ?? { notSet: true });
  });
  return facts;
}

type Fact = DjangoProjectFacts["settings"][string];

/** A setting as a read leaves it; null when nothing sets it. */
function factOf(read: SettingsRead, name: string): Fact | null {
  const s = settingOf(read, name);
  if ("binding" in s) return settingFact(s.binding);
  if ("unknown" in s) return { unknown: s.unknown };
  return null;
}

/**
 * The settings of a lint, read when a rule first asks for one (`compute`): the statements a setting no rule
 * declares are never parsed. Only the declared names are there (as in a whole read, unset ones as `notSet`);
 * `django.assume` fills what the settings leave unknown or unset.
 */
function lazySettings(names: readonly string[], assume: Record<string, unknown> | undefined, compute: (name: string) => Fact): DjangoProjectFacts["settings"] {
  const known: DjangoProjectFacts["settings"] = {};
  for (const [name, value] of Object.entries(assume ?? {})) if (!names.includes(name)) known[name] = { value, assumed: "django.assume" };
  const get = (name: string): Fact | undefined => {
    if (name in known || !names.includes(name)) return known[name];
    let f = compute(name);
    if (assume && name in assume && ("notSet" in f || ("unknown" in f && f.unknown !== undefined))) f = { value: assume[name], assumed: "django.assume" };
    return (known[name] = f);
  };
  return new Proxy(known, {
    get: (t, k) => (typeof k === "string" ? get(k) : Reflect.get(t, k)),
    has: (t, k) => (typeof k === "string" && names.includes(k)) || Reflect.has(t, k),
    ownKeys: (t) => {
      for (const n of names) get(n);
      return Reflect.ownKeys(t);
    },
    getOwnPropertyDescriptor: (t, k) => {
      if (typeof k === "string") get(k);
      return Reflect.getOwnPropertyDescriptor(t, k);
    },
  });
}

/** `django.assume` fills what the settings leave unknown or unset; a value read from the settings wins. */
function withAssumed(facts: DjangoProjectFacts, assume: Record<string, unknown> | undefined): DjangoProjectFacts {
  for (const [name, value] of Object.entries(assume ?? {})) {
    const f = facts.settings[name];
    if (f === undefined || "notSet" in f || ("unknown" in f && f.unknown !== undefined)) facts.settings[name] = { value, assumed: "django.assume" };
  }
  return facts;
}

type Chosen = NonNullable<DjangoProjectFacts["settingsModule"]> & { at?: Location };

function chooseSettingsModule(
  fs: FsFacade,
  reader: PythonReader,
  root: string | null,
  inputs: ProjectInputs,
  servers: AppServer[],
  scripts: ScriptRead[],
): Chosen | null {
  if (inputs.settings) return { value: inputs.settings, via: inputs.settingsVia ?? "the configuration (django.settings)", ...inputs.settingsAt };
  // The WSGI/ASGI script an app server imports runs after the process started: an assignment there
  // (`os.environ["DJANGO_SETTINGS_MODULE"] = ...`, unlike `setdefault`) replaces what its environment said.
  for (const s of servers) {
    const own = scriptModuleOf(fs, reader, root, s, true);
    if (own) return own;
  }
  for (const s of servers) {
    const m = s.settingsModule;
    if (m && !m.uncertain) return { value: m.value, via: `the ${s.kind} environment`, file: m.at.file, line: m.at.line, at: m.at };
  }
  // The app server's environment sets the module, to the value written in the run, which something the linter cannot
  // read may override (an `EnvironmentFile=` that is not here): a script's `setdefault` never applies then. The value
  // written is the one taken, as the catalog reads the process environment from the files it can read.
  for (const s of servers) {
    const m = s.settingsModule;
    if (!m?.uncertain) continue;
    // A template's expression (`{{ settings_module }}`) is no module name: which one runs is unknown.
    if (isOpaque(m.value) || !m.value)
      return { value: "", via: `the ${s.kind} environment`, uncertain: `${m.uncertain} in ${path.basename(m.at.file)}:${m.at.line}` };
    return { value: m.value, via: `the ${s.kind} environment (${m.uncertain})`, file: m.at.file, line: m.at.line, at: m.at };
  }
  // The container's environment, as a Compose service that runs the project sets it.
  const compose = root ? composeSettingsModule(fs, root, (inputs.searchFrom ?? []).filter(isComposeFileName)) : null;
  if (compose === "unknown")
    return {
      value: "",
      via: "the Compose services that run the project",
      uncertain: "its Compose files set DJANGO_SETTINGS_MODULE differently from one service or file to another, or to a value the linter cannot read",
    };
  if (compose) return composeChoice(fs, compose);
  // The WSGI script a web server runs (mod_wsgi).
  for (const s of scripts)
    if (s.module && s.moduleAt)
      return { value: s.module, via: `${s.how === "assign" ? "os.environ[...] =" : "os.environ.setdefault"} in ${s.ref.script}`, ...s.moduleAt };
  // A script the server runs that computes the module (`"proj." + os.environ.get("FLAVOUR", "prod")`): which
  // settings it loads is unknown, and manage.py's default says nothing about it.
  for (const s of scripts)
    if (s.moduleUnknown && s.moduleAt) return { value: "", via: s.ref.script, ...s.moduleAt, uncertain: computedIn(s.ref.script, s.moduleUnknown) };
  // The image's environment (`ENV` in the project's Dockerfile), over the default of the script its app server runs;
  // not when a process manager of the run (systemd, supervisor) starts the app server: it runs outside the image then,
  // and the image is for another use (development, CI).
  const image = root && !servers.some((s) => s.source === "systemd" || s.source === "supervisor") ? projectImageSettingsModule(fs, root) : undefined;
  if (image === "unknown")
    return {
      value: "",
      via: "the project's Dockerfiles",
      uncertain: "its Dockerfiles set DJANGO_SETTINGS_MODULE differently from one to another, or to a value the linter cannot read",
    };
  if (image) return defaultOnly(reader, { value: image.value, via: `ENV in ${image.file}`, file: image.file, line: image.line });
  // The WSGI/ASGI module an app server runs: `x.wsgi:application` or uWSGI's wsgi-file.
  for (const s of servers) {
    const own = scriptModuleOf(fs, reader, root, s);
    if (own) return own;
  }
  if (root) {
    const manage = path.posix.join(root, "manage.py");
    const text = fs.read(manage).text;
    const ref = text ? settingsModuleOfScript(manage, text) : null;
    if (!ref?.value) return null;
    // No process of the run names the settings: the project's own WSGI/ASGI script (what an app server would be
    // pointed at) says what a deployment runs better than manage.py, whose default is for management commands.
    const pkg = path.posix.join(root, ref.value.split(".")[0]);
    for (const name of ["wsgi.py", "asgi.py"]) {
      const script = path.posix.join(pkg, name);
      const t = fs.kind(script) === "file" ? fs.read(script).text : undefined;
      const own = t ? settingsModuleOfScript(script, t) : null;
      if (own?.value && own.value !== ref.value)
        return defaultOnly(reader, { value: own.value, via: `os.environ.setdefault in ${script}`, file: script, line: own.at.line });
    }
    return defaultOnly(reader, { value: ref.value, via: "manage.py", file: manage, line: ref.at.line });
  }
  return null;
}

/** The file of the application an app server runs (its WSGI file, or its module found on the project's path or in its directory). */
function appFileOf(reader: PythonReader, root: string | null, s: AppServer): string | null {
  const script =
    s.wsgiFile?.value ??
    (s.app ? reader.findModule(s.app.value.split(":")[0], reader.roots.length ? reader.roots : s.chdir ? [s.chdir.value] : [])?.file : undefined);
  if (!script) return null;
  return script.startsWith("/") ? script : path.posix.join(s.chdir?.value ?? root ?? "/", script);
}

/**
 * The settings module named by the WSGI/ASGI script an app server runs (`x.wsgi:application`, uWSGI's wsgi-file);
 * with `assignedOnly`, only one the script assigns (which no environment overrides).
 */
function scriptModuleOf(fs: FsFacade, reader: PythonReader, root: string | null, s: AppServer, assignedOnly = false): Chosen | null {
  let file = appFileOf(reader, root, s);
  if (!file) return null;
  let text = fs.read(file).text;
  let ref = text ? settingsModuleOfScript(file, text) : null;
  // A WSGI file that only imports the project's application (Graphite's graphite.wsgi): the module it imports names the settings.
  for (let depth = 0; !ref && text && s.wsgiFile && depth < 3; depth++) {
    const imported = importedApplication(
      fs,
      file,
      text,
      s.pythonPath.map((p) => p.value),
    );
    if (!imported) break;
    file = imported.script;
    text = fs.read(file).text;
    ref = text ? settingsModuleOfScript(file, text) : null;
  }
  if (!ref || (assignedOnly && ref.how !== "assign")) return null;
  if (!ref.value) return { value: "", via: file, file, line: ref.at.line, uncertain: computedIn(file, ref.unknown ?? "computed") };
  return { value: ref.value, via: `${ref.how === "assign" ? "os.environ[...] =" : "os.environ.setdefault"} in ${file}`, file, line: ref.at.line };
}

/** Web frameworks other than Django, as their applications import them. */
const OTHER_FRAMEWORK =
  /^\s*(?:from|import)\s+(?:flask|fastapi|starlette|quart|falcon|bottle|pyramid|aiohttp|sanic|litestar|tornado|cherrypy|werkzeug|webob|connexion|dash)\b/m;

/** A WSGI or ASGI callable written out in the module (`def application(environ, start_response):`). */
const OWN_CALLABLE = /^\s*(?:async\s+)?def\s+\w+\s*\(\s*(?:environ\s*,\s*start_response|scope\s*,\s*receive\s*,\s*send)\b/m;
const IMPORTS = /^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import|import[ \t]+([\w., \t]+))/gm;

/**
 * Whether the application module an app server runs is there and is no Django project's: it builds another framework's
 * application (and imports nothing of Django), or writes its own WSGI/ASGI callable (taiga-protected's `server:app`)
 * without a word of Django or an import of a module beside it (which may be Django's wsgi.py, wrapped).
 */
function runsOtherFramework(fs: FsFacade, reader: PythonReader, root: string | null, s: AppServer): boolean {
  const file = s.settingsModule ? null : appFileOf(reader, root, s);
  const text = file ? fs.read(file).text : undefined;
  if (text === undefined) return false;
  if (OTHER_FRAMEWORK.test(text)) return !/^\s*(?:from|import)\s+django\b/m.test(text);
  if (!OWN_CALLABLE.test(text) || /django/i.test(text)) return false;
  const dirs = [path.posix.dirname(file as string), ...reader.roots];
  for (const m of text.matchAll(IMPORTS)) {
    const modules = m[1] !== undefined ? [m[1]] : (m[2] ?? "").split(",").map((x) => x.trim().split(/\s+/)[0]);
    for (const mod of modules) if (mod.startsWith(".") || reader.findModule(mod.split(".")[0], dirs)) return false;
  }
  return true;
}

const computedIn = (script: string, why: string) => `DJANGO_SETTINGS_MODULE as ${script} sets it, which the linter cannot compute (${why})`;

/** Module names that say "not for production", and ones that say "production", as split settings packages name them. */
const DEVELOPMENT = new Set(["dev", "devel", "develop", "development", "local", "test", "tests", "testing", "ci", "debug"]);
const PRODUCTION = ["production", "prod", "live", "deploy", "deployment"];

/**
 * A settings module chosen by a script's default alone. When it is the development module of a package that also has
 * a production one (`settings/dev.py` beside `settings/production.py`), the deployment sets DJANGO_SETTINGS_MODULE
 * in an environment the run does not show, and the linter cannot know which module is served: uncertain.
 */
function defaultOnly(reader: PythonReader, chosen: Chosen): Chosen {
  const parts = chosen.value.split(".");
  if (parts.length < 2 || !DEVELOPMENT.has(parts[parts.length - 1].toLowerCase())) return chosen;
  const found = reader.findModule(chosen.value);
  if (!found) return chosen;
  const dir = path.posix.dirname(found.file);
  const prod = PRODUCTION.find(
    (n) => reader.fs.kind(path.posix.join(dir, `${n}.py`)) === "file" || reader.fs.kind(path.posix.join(dir, n, "__init__.py")) === "file",
  );
  if (!prod) return chosen;
  const sibling = [...parts.slice(0, -1), prod].join(".");
  return {
    ...chosen,
    uncertain: `DJANGO_SETTINGS_MODULE in the app server's environment; ${path.posix.basename(chosen.file ?? "")} names ${chosen.value}, beside ${sibling}`,
  };
}
