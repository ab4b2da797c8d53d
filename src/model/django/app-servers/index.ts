/**
 * Reading one application-server file, whatever its kind: uWSGI ini/YAML,
 * gunicorn configuration (Python), systemd unit, Procfile, supervisor
 * configuration. Configuration files a command names (`gunicorn -c x.py`,
 * `uwsgi --ini x.ini`) are read too, relative to the command's directory.
 */
import path from "node:path";
import { withOverlay, type FsFacade } from "../../../load/fs-facade.js";
import { configName, templateKindOf } from "../../../template/detect.js";
import { mapTemplate } from "../../../template/map.js";
import { isOpaque, showTemplateText } from "../../../template/placeholder.js";
import type { TemplateKind } from "../../../template/scan.js";
import { PythonReader } from "../settings.js";
import { gunicornFromConfig, mergeGunicorn } from "./gunicorn.js";
import { envWithConfig, type AppServer, type Fact } from "./types.js";
import { procfileServers, readEnvFile, supervisorServers, systemdServers, type SupervisorMain } from "./units.js";
import { readUwsgiIni, readUwsgiXml, readUwsgiYaml, uwsgiServer, type RawOption, type UwsgiOption } from "./uwsgi.js";

export type AppServerFileKind = "uwsgi-ini" | "uwsgi-yaml" | "uwsgi-xml" | "gunicorn-config" | "systemd" | "procfile" | "supervisor";

/** What a file is, by its name and then its text; null when it is none of the kinds. */
export function appServerFileKind(file: string, text: string): AppServerFileKind | null {
  // A template (an Ansible role's `gunicorn.service.j2`) is the file it renders to.
  const base = path.posix.basename(configName(file));
  if (/^Procfile/.test(base)) return "procfile";
  // A socket unit (gunicorn.socket) is read with the service it activates, never as a gunicorn config.
  if (/\.service$/.test(base) || /^\[Service\]/m.test(text) || /\.socket$/.test(base) || /^\[Socket\]/m.test(text)) return "systemd";
  // supervisord's own file (Debian's /etc/supervisor/supervisord.conf) holds its programs, or includes them.
  if (/^\[(fcgi-)?program:/m.test(text) || /^\[(supervisord|supervisorctl|unix_http_server)\]/m.test(text)) return "supervisor";
  if (/^\s*\[uwsgi\]/m.test(text)) return "uwsgi-ini";
  if (/\.ya?ml$/.test(base) && /^uwsgi:/m.test(text)) return "uwsgi-yaml";
  if (/\.xml$/.test(base) && /<uwsgi[\s>]/.test(text)) return "uwsgi-xml";
  if (/gunicorn/i.test(base) || (/\.py$/.test(base) && /^bind\s*=/m.test(text))) return "gunicorn-config";
  return null;
}

/**
 * An app-server file whatever directory it sits in (`deploy/nginx/uwsgi.ini`): its content or name is unmistakable.
 * Only a file named after gunicorn that is not Python may still be a web server's snippet (`snippets/gunicorn.conf`).
 */
export function isSurelyAppServerFile(file: string, text: string): boolean {
  const kind = appServerFileKind(file, text);
  return kind !== null && (kind !== "gunicorn-config" || configName(file).endsWith(".py"));
}

export interface AppServerRead {
  servers: AppServer[];
  /** Files named by the configuration that could not be read. */
  notFound: { what: string; lookedFor: string; from: { file: string; line: number } }[];
  error?: string;
  /**
   * Configuration files a server's command line named and that were read into it (gunicorn's `-c`/`--config`,
   * uWSGI's `--ini`/`--yaml` of the `[uwsgi]` section): the same process as the server, not one more.
   */
  configsRead?: string[];
}

/** `supervisor`: the supervisord file that includes this one (its `[supervisord]` environment reaches the programs). */
export function readAppServerFile(fs: FsFacade, file: string, kind?: AppServerFileKind, supervisor?: SupervisorMain): AppServerRead {
  const read = fs.read(file);
  if (read.text === undefined) return { servers: [], notFound: [], error: `${file} cannot be read: ${read.error}` };
  const k = kind ?? appServerFileKind(file, read.text);
  const template = templateKindOf(file, read.text);
  const text = template ? renderedUnknown(read.text, template, k) : read.text;
  // The Python of a gunicorn template is read as rendered here, wherever the evaluator reads it from.
  const rfs = template && text !== read.text ? withOverlay(fs, new Map([[fs.local(file), text]])) : fs;
  const out: AppServerRead = { servers: [], notFound: [] };
  // uWSGI's %d/%p/%n describe the path the server reads the file at: a local copy named on the command line is read as
  // the production path the map gives it (`--map /srv/crm=srv/crm`: srv/crm/deploy/uwsgi.ini's %d is /srv/crm/deploy/).
  const magicFile = fs.serverPath?.(file) ?? file;
  // A uWSGI ini's options, whose placeholders (`%(app)`) the files it includes (`ini = base.ini`) may use.
  let own: UwsgiOption[] = [];
  switch (k) {
    case "uwsgi-ini":
      own = readUwsgiIni(file, text, "uwsgi", magicFile);
      out.servers = [uwsgiServer(file, own, "uwsgi-ini", magicFile)];
      break;
    case "uwsgi-yaml":
      out.servers = [uwsgiServer(file, readUwsgiYaml(file, text, "uwsgi", magicFile), "uwsgi-yaml", magicFile)];
      break;
    case "uwsgi-xml":
      out.servers = [uwsgiServer(file, readUwsgiXml(file, text, magicFile), "uwsgi-xml", magicFile)];
      break;
    case "gunicorn-config":
      out.servers = [gunicornFromConfig(new PythonReader(rfs, []).evaluate(file, null))];
      break;
    case "systemd":
      out.servers = systemdServers(file, text, fs);
      break;
    case "procfile":
      out.servers = procfileServers(file, text);
      break;
    case "supervisor":
      out.servers = supervisorServers(file, text, supervisor);
      break;
    default:
      return { servers: [], notFound: [], error: `${file} is not an application-server configuration the linter reads` };
  }
  if (template) out.servers = out.servers.map(templateValuesUnknown);
  out.servers = out.servers.map((s) => withSitePackages(fs, withEnvPythonPath(withEnvFiles(fs, withConfigFiles(fs, s, out, own)))));
  return out;
}

/**
 * The variables of the env files a server loads itself (uvicorn's `--env-file`, relative to where it starts): python-dotenv
 * sets those the process does not have already. One that cannot be read may name the settings module: unknown then.
 */
function withEnvFiles(fs: FsFacade, s: AppServer): AppServer {
  if (!s.envFiles?.length) return s;
  const env = { ...s.env };
  let settingsModule = s.settingsModule;
  const unknown = [...s.unknown];
  for (const f of s.envFiles) {
    const base = s.startedIn?.value ?? s.chdir?.value ?? path.posix.dirname(s.file);
    const p = f.value.startsWith("/") ? f.value : path.posix.join(base, f.value);
    const read = fs.read(p);
    if (read.text === undefined) {
      unknown.push({ what: `--env-file ${f.value}`, reason: `${p} cannot be read (${read.error ?? "not readable"})`, at: f.at });
      settingsModule ??= { value: "", at: f.at, uncertain: `--env-file ${f.value} may set it, and ${p} cannot be read` };
      continue;
    }
    for (const [k, v] of readEnvFile(read.text)) env[k] ??= { value: v, at: f.at };
  }
  return { ...s, env, unknown, ...((settingsModule ?? env.DJANGO_SETTINGS_MODULE) ? { settingsModule: settingsModule ?? env.DJANGO_SETTINGS_MODULE } : {}) };
}

/**
 * `PYTHONPATH` in the environment the server runs with (a unit's `Environment=PYTHONPATH=/srv/app/src`, a src-layout
 * checkout): Python puts its directories on the import path, after the server's own entries and before the
 * virtualenv's site-packages; a relative one is taken from the directory the process runs in. Only a variable the
 * process starts with (or uWSGI's `env =`, set before it starts Python) does.
 */
function withEnvPythonPath(s: AppServer): AppServer {
  const v = s.env.PYTHONPATH;
  // gunicorn's `raw_env` (and an ASGI server's env file) reach os.environ once Python runs: its path is set by then.
  // One an unreadable EnvironmentFile= may replace is still where modules are looked for: it only adds directories.
  if (!v || isOpaque(v.value) || (!v.inherited && s.kind !== "uwsgi")) return s;
  const cwd = s.startedIn?.value ?? s.chdir?.value;
  const dirs = v.value
    .split(":")
    .filter((d) => d && !d.includes("$"))
    .flatMap((d) => (d.startsWith("/") ? [d] : cwd?.startsWith("/") ? [path.posix.join(cwd, d)] : []))
    .map((d) => d.replace(/(.)\/+$/, "$1"));
  return dirs.length ? { ...s, pythonPath: [...s.pythonPath, ...dirs.map((value) => ({ value, at: v.at }))] } : s;
}

/** A virtualenv's `lib/python3.X/site-packages`, after the server's own path entries, as Python's `site` adds them. */
function withSitePackages(fs: FsFacade, s: AppServer): AppServer {
  const venv = s.venv?.value.replace(/\/+$/, "");
  if (!venv || !venv.startsWith("/") || isOpaque(venv) || s.venv?.uncertain) return s;
  const lib = `${venv}/lib`;
  const dirs = (fs.list(lib) ?? [])
    .filter((n) => /^python3(\.\d+)?$/.test(n))
    .sort()
    .map((n) => `${lib}/${n}/site-packages`)
    .filter((d) => fs.kind(d) === "dir");
  return dirs.length ? { ...s, pythonPath: [...s.pythonPath, ...dirs.map((value) => ({ value, at: (s.venv as Fact).at }))] } : s;
}

/**
 * A server read from a template, with every value an expression is part of unknown (as a variable of the environment
 * is): `{{ app }}.settings` is no settings module to look for, `{{ root }}` no directory, `{{ host }}:8000` no address.
 */
function templateValuesUnknown(s: AppServer): AppServer {
  const unknown = [...s.unknown];
  const known = (f: Fact | undefined, what: string): Fact | undefined => {
    if (!f || !isOpaque(f.value)) return f;
    unknown.push({ what, reason: `a template expression (${showTemplateText(f.value)})`, at: f.at });
    return undefined;
  };
  const env: Record<string, Fact> = {};
  for (const [k, f] of Object.entries(s.env)) {
    const v = known(f, k);
    if (v) env[k] = v;
  }
  const listen = s.listen.filter((l) => {
    const v = l.address ?? l.socket;
    if (v === undefined || !isOpaque(v)) return true;
    // Named so that no default address is put in its place (withConfigFiles).
    unknown.push({ what: "the address it listens on", reason: `a template expression (${showTemplateText(v)})`, at: l.at });
    return false;
  });
  const out: AppServer = {
    ...s,
    listen,
    env,
    app: known(s.app, "the application"),
    wsgiFile: known(s.wsgiFile, "the WSGI file"),
    // Set, to a value the template decides: the module is unknown, and a script's `setdefault` never applies.
    settingsModule:
      s.settingsModule && isOpaque(s.settingsModule.value)
        ? { ...s.settingsModule, uncertain: `a template expression (${showTemplateText(s.settingsModule.value)})` }
        : s.settingsModule,
    chdir: known(s.chdir, "the working directory"),
    pythonPath: s.pythonPath.filter((f) => known(f, "the Python path")),
    // A configuration file the command names through an expression is not read (as one that may not be there).
    configFiles: s.configFiles.map((f) => (isOpaque(f.value) ? { ...f, uncertain: `a template expression (${showTemplateText(f.value)})` } : f)),
    unknown,
  };
  if (s.rootPath && isOpaque(s.rootPath.value)) out.rootPath = { ...s.rootPath, uncertain: `a template expression (${showTemplateText(s.rootPath.value)})` };
  for (const k of ["app", "wsgiFile", "settingsModule", "chdir"] as const) if (out[k] === undefined) delete out[k];
  return out;
}

/**
 * A template of an application-server file (`gunicorn.service.j2`, `uwsgi.ini.erb`) as the file it renders to, with
 * every expression a value that cannot be known (the same placeholders a templated configuration gets): an
 * `ExecStart` with `--bind 127.0.0.1:{{ port }}` listens at an unknown address, `{{ app }}.wsgi:application` loads an
 * unknown module. In Python (a gunicorn configuration) an expression outside a string literal becomes a name of its
 * length that nothing defines, so the module still parses and only that value is unknown. Control tags are blanks:
 * the first branch of a conditional is read.
 */
function renderedUnknown(text: string, template: TemplateKind, kind: AppServerFileKind | null): string {
  const mapped = mapTemplate(text, template, {});
  if (kind !== "gunicorn-config") return mapped.text;
  const out = mapped.text.split("");
  const unclosed = new Set(mapped.problems.map((p) => p.start));
  for (const t of mapped.spans) {
    if (t.kind !== "expr" || unclosed.has(t.start) || text.slice(t.start, t.end).includes("\n") || inPythonString(text, t.start)) continue;
    out.fill("_", t.start, t.end);
  }
  return out.join("");
}

/** Whether `at` is inside a string literal of its line (quotes before it on the line, escapes skipped, are unbalanced). */
function inPythonString(text: string, at: number): boolean {
  const line = text.slice(text.lastIndexOf("\n", at - 1) + 1, at);
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === "#") return false;
    else if (c === '"' || c === "'") quote = c;
  }
  return quote !== null;
}

/** gunicorn's `--config` and uWSGI's `--ini`, read and merged (the command line wins). */
function withConfigFiles(fs: FsFacade, s: AppServer, out: AppServerRead, including: readonly RawOption[] = []): AppServer {
  let merged = s;
  const unreadable: AppServerRead["notFound"] = [];
  for (const [i, c] of s.configFiles.entries()) {
    if (c.uncertain) continue;
    const dir = s.chdir?.value ?? path.posix.dirname(s.file);
    // uWSGI's `--ini file.ini:section` (and `ini = :section`, another section of the same file) reads that section.
    const sectioned = s.kind === "uwsgi" ? /^(.*?)(?::([^/:]+))$/.exec(c.value) : null;
    const section = sectioned && (sectioned[1] === "" || /\.(ini|ya?ml)$/.test(sectioned[1])) ? sectioned[2] : "uwsgi";
    const name = section === "uwsgi" ? c.value : (sectioned as RegExpExecArray)[1];
    const p = name === "" ? s.file : name.startsWith("/") ? name : path.posix.join(dir, name);
    const read = fs.read(p);
    if (read.text === undefined && c.optional) continue;
    if (read.text === undefined) {
      // A template unit no instance of which is linted (`gunicorn_%i.py` in `reports@.service`): which file each
      // instance reads is unknown, not unreadable.
      if (!/%[a-zA-Z]/.test(name) || !/@\.(service|socket)$/.test(s.file))
        unreadable.push({ what: `the ${s.kind} configuration ${c.value}`, lookedFor: p, from: { file: c.at.file, line: c.at.line } });
      merged = { ...merged, unknown: [...merged.unknown, { what: c.value, reason: `${p} cannot be read (${read.error})`, at: c.at }] };
      continue;
    }
    if (s.kind === "gunicorn") {
      merged = mergeGunicorn(merged, gunicornFromConfig(new PythonReader(fs, []).evaluate(p, null)));
      (out.configsRead ??= []).push(p, fs.local(p));
    }
    if (s.kind === "uwsgi") {
      const options = /\.ya?ml$/.test(p)
        ? readUwsgiYaml(p, read.text, section)
        : /\.xml$/.test(p)
          ? readUwsgiXml(p, read.text)
          : readUwsgiIni(p, read.text, section, p, including, (name) => merged.env[name]);
      const conf = uwsgiServer(p, options, "uwsgi-ini", p, false);
      if (section === "uwsgi" && p !== s.file) (out.configsRead ??= []).push(p, fs.local(p));
      // uWSGI puts its `env =` variables into its environment once started, its options in order: over the unit's
      // and over a `--env` (or an earlier file's) that comes before the file, under one that comes after it.
      const fromFile = Object.fromEntries(Object.entries(conf.env).map(([k, v]) => [k, { ...v, configsBefore: i }]));
      const env = envWithConfig(merged.env, fromFile, (v) => v.inherited === true || (v.configsBefore !== undefined && v.configsBefore <= i));
      const settingsModule = env.DJANGO_SETTINGS_MODULE ?? merged.settingsModule ?? conf.settingsModule;
      merged = {
        ...conf,
        ...merged,
        ...(settingsModule ? { settingsModule } : {}),
        listen: [...merged.listen, ...conf.listen],
        env,
        app: merged.app ?? conf.app,
        // uWSGI changes to its configuration's `chdir` once started: that beats where it was started, not `--chdir`.
        chdir: merged.chdir === merged.startedIn ? (conf.chdir ?? merged.chdir) : (merged.chdir ?? conf.chdir),
        pythonPath: [...merged.pythonPath, ...conf.pythonPath],
      };
    }
  }
  // A file that cannot be read (a root-only secrets ini beside the vassal) matters to the Django side only when what
  // the server runs is not said elsewhere: then it may be where the app or its settings module is named. Otherwise it
  // stays among the server's unknowns (--print-django), and its sockets are not guessed.
  if (unreadable.length && !merged.app && !merged.wsgiFile && !merged.settingsModule) out.notFound.push(...unreadable);
  if (merged.kind === "gunicorn" && !merged.listen.length && !unreadable.length && !merged.unknown.some((u) => /bind|listen/.test(u.what))) {
    merged = { ...merged, listen: [{ address: "127.0.0.1:8000", protocol: "http", at: s.at, isDefault: true }] };
  }
  return merged;
}
