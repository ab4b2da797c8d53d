/**
 * Reading one application-server file, whatever its kind: uWSGI ini/YAML,
 * gunicorn configuration (Python), systemd unit, Procfile, supervisor
 * configuration. Configuration files a command names (`gunicorn -c x.py`,
 * `uwsgi --ini x.ini`) are read too, relative to the command's directory.
 */
import path from "node:path";
import type { FsFacade } from "../../../load/fs-facade.js";
import { PythonReader } from "../settings.js";
import { gunicornFromConfig, mergeGunicorn } from "./gunicorn.js";
import type { AppServer } from "./types.js";
import { procfileServers, supervisorServers, systemdServers } from "./units.js";
import { readUwsgiIni, readUwsgiYaml, uwsgiServer } from "./uwsgi.js";

export type AppServerFileKind = "uwsgi-ini" | "uwsgi-yaml" | "gunicorn-config" | "systemd" | "procfile" | "supervisor";

/** What a file is, by its name and then its text; null when it is none of the kinds. */
export function appServerFileKind(file: string, text: string): AppServerFileKind | null {
  const base = path.posix.basename(file);
  if (/^Procfile/.test(base)) return "procfile";
  // A socket unit (gunicorn.socket) is read with the service it activates, never as a gunicorn config.
  if (/\.service$/.test(base) || /^\[Service\]/m.test(text) || /\.socket$/.test(base) || /^\[Socket\]/m.test(text)) return "systemd";
  if (/^\[(fcgi-)?program:/m.test(text)) return "supervisor";
  if (/^\s*\[uwsgi\]/m.test(text)) return "uwsgi-ini";
  if (/\.ya?ml$/.test(base) && /^uwsgi:/m.test(text)) return "uwsgi-yaml";
  if (/gunicorn/i.test(base) || (/\.py$/.test(base) && /^bind\s*=/m.test(text))) return "gunicorn-config";
  return null;
}

/**
 * An app-server file whatever directory it sits in (`deploy/nginx/uwsgi.ini`): its content or name is unmistakable.
 * Only a file named after gunicorn that is not Python may still be a web server's snippet (`snippets/gunicorn.conf`).
 */
export function isSurelyAppServerFile(file: string, text: string): boolean {
  const kind = appServerFileKind(file, text);
  return kind !== null && (kind !== "gunicorn-config" || file.endsWith(".py"));
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

export function readAppServerFile(fs: FsFacade, file: string, kind?: AppServerFileKind): AppServerRead {
  const read = fs.read(file);
  if (read.text === undefined) return { servers: [], notFound: [], error: `${file} cannot be read: ${read.error}` };
  const text = read.text;
  const k = kind ?? appServerFileKind(file, text);
  const out: AppServerRead = { servers: [], notFound: [] };
  // uWSGI's %d/%p/%n describe the path the server reads the file at: a local copy named on the command line is read as
  // the production path the map gives it (`--map /srv/crm=srv/crm`: srv/crm/deploy/uwsgi.ini's %d is /srv/crm/deploy/).
  const magicFile = fs.serverPath?.(file) ?? file;
  switch (k) {
    case "uwsgi-ini":
      out.servers = [uwsgiServer(file, readUwsgiIni(file, text, "uwsgi", magicFile), "uwsgi-ini", magicFile)];
      break;
    case "uwsgi-yaml":
      out.servers = [uwsgiServer(file, readUwsgiYaml(file, text, "uwsgi", magicFile), "uwsgi-yaml", magicFile)];
      break;
    case "gunicorn-config":
      out.servers = [gunicornFromConfig(new PythonReader(fs, []).evaluate(file, null))];
      break;
    case "systemd":
      out.servers = systemdServers(file, text, fs);
      break;
    case "procfile":
      out.servers = procfileServers(file, text);
      break;
    case "supervisor":
      out.servers = supervisorServers(file, text);
      break;
    default:
      return { servers: [], notFound: [], error: `${file} is not an application-server configuration the linter reads` };
  }
  out.servers = out.servers.map((s) => withConfigFiles(fs, s, out));
  return out;
}

/** gunicorn's `--config` and uWSGI's `--ini`, read and merged (the command line wins). */
function withConfigFiles(fs: FsFacade, s: AppServer, out: AppServerRead): AppServer {
  let merged = s;
  const unreadable: AppServerRead["notFound"] = [];
  for (const c of s.configFiles) {
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
      unreadable.push({ what: `the ${s.kind} configuration ${c.value}`, lookedFor: p, from: { file: c.at.file, line: c.at.line } });
      merged = { ...merged, unknown: [...merged.unknown, { what: c.value, reason: `${p} cannot be read (${read.error})`, at: c.at }] };
      continue;
    }
    if (s.kind === "gunicorn") {
      merged = mergeGunicorn(merged, gunicornFromConfig(new PythonReader(fs, []).evaluate(p, null)));
      (out.configsRead ??= []).push(p, fs.local(p));
    }
    if (s.kind === "uwsgi") {
      const conf = uwsgiServer(p, /\.ya?ml$/.test(p) ? readUwsgiYaml(p, read.text, section) : readUwsgiIni(p, read.text, section), "uwsgi-ini", p, false);
      if (section === "uwsgi" && p !== s.file) (out.configsRead ??= []).push(p, fs.local(p));
      merged = {
        ...conf,
        ...merged,
        listen: [...merged.listen, ...conf.listen],
        env: { ...conf.env, ...merged.env },
        app: merged.app ?? conf.app,
        chdir: merged.chdir ?? conf.chdir,
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
