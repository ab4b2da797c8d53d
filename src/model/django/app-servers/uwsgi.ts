/**
 * uWSGI configuration read as uWSGI reads it (core/ini.c, core/yaml.c,
 * "Configuration" and "Magic variables" in its manual), not as a generic INI:
 *
 * - only the `[uwsgi]` section (or the one named after `file.ini:section`);
 * - a key may repeat, and each occurrence is one more value (`socket`,
 *   `env`, `pythonpath`, `mount` are lists), so INI libraries that keep the
 *   last value (npm `ini`) or reject duplicates do not fit;
 * - a line without `=` sets a flag (`master`, `strict`);
 * - values are taken as written: no quotes are removed, no inline comments;
 * - `%(name)` is the first value an earlier line gave `name` (any key,
 *   including made-up ones such as `project = x`); `%d`, `%p`, `%n`, `%c`,
 *   `%e`, `%x`, `%s` describe the configuration file; `%k`, `%h`, `%u`...
 *   describe the machine and are unknown; `$(VAR)` reads the environment and
 *   `@(file)` a file, both unknown here; `%%` is `%`;
 * - `if-env`/`if-file`/... `endif` blocks depend on the machine: what they set is
 *   kept but marked uncertain.
 */
import path from "node:path";
import { SourceFile } from "../../../source/source-file.js";
import { locate, newServer, parseAddress, type AppServer, type Listen, type Protocol } from "./types.js";
import type { Location } from "../python/values.js";

export interface UwsgiOption {
  key: string;
  /** After placeholder expansion; null when a placeholder cannot be known (see `unknown`). */
  value: string | null;
  raw: string;
  unknown?: string;
  /** The `if-*` block the line is in, e.g. "if-env = LISTEN_IPV6 (line 5)". */
  condition?: string;
  at: Location;
}

/** Magic variables that describe the machine or the process, not the file. */
const MACHINE_VARS: Record<string, string> = {
  k: "the number of CPU cores",
  h: "the host name",
  u: "the user id",
  U: "the user name",
  g: "the group id",
  G: "the group name",
  j: "a hash of the configuration path",
  t: "the time",
  T: "the time",
  i: "the file's inode",
  V: "the uWSGI version",
  v: "the vassals directory",
  o: "the original configuration file",
  O: "the original configuration file",
};

/** The options of one section of a uWSGI ini file, in file order. */
export function readUwsgiIni(file: string, text: string, section = "uwsgi"): UwsgiOption[] {
  const source = new SourceFile(file, text);
  const out: UwsgiOption[] = [];
  let inSection = false;
  const conditions: string[] = [];
  const lineRe = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
  let m: RegExpExecArray | null;
  let lineNo = 0;
  while ((m = lineRe.exec(text)) && m[0] !== "") {
    lineNo++;
    const start = m.index;
    const line = m[0].replace(/[\r\n]+$/, "");
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#") || trimmed.startsWith(";")) continue;
    const header = /^\[([^\]]*)\]$/.exec(trimmed);
    if (header) {
      inSection = header[1].trim() === section;
      continue;
    }
    if (!inSection) continue;
    const eq = line.indexOf("=");
    const key = (eq < 0 ? line : line.slice(0, eq)).trim();
    const raw = eq < 0 ? "1" : line.slice(eq + 1).trim();
    const at = locate(source, start + line.indexOf(key), start + line.length);
    if (key === "endif" || key === "end-if" || key === "endfor") {
      conditions.pop();
      continue;
    }
    const expanded = expand(raw, file, out);
    const opt: UwsgiOption = { key, value: expanded.value, raw, at };
    if (expanded.unknown) opt.unknown = expanded.unknown;
    if (conditions.length) opt.condition = conditions[conditions.length - 1];
    if (/^if-|^for$/.test(key)) conditions.push(`${key} = ${raw} (line ${lineNo})`);
    out.push(opt);
  }
  return out;
}

/** uWSGI's YAML form: the keys under the top-level `uwsgi:` mapping, `key: value` each. */
export function readUwsgiYaml(file: string, text: string, section = "uwsgi"): UwsgiOption[] {
  const source = new SourceFile(file, text);
  const out: UwsgiOption[] = [];
  let inSection = false;
  const lineRe = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
  let m: RegExpExecArray | null;
  while ((m = lineRe.exec(text)) && m[0] !== "") {
    const line = m[0].replace(/[\r\n]+$/, "");
    if (!line.trim() || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      inSection = line.trim() === `${section}:`;
      continue;
    }
    const kv = /^\s+(?:-\s+)?([\w.-]+):(?:\s+(.*))?$/.exec(line);
    if (!inSection || !kv) continue;
    const raw = (kv[2] ?? "1").trim().replace(/^(['"])(.*)\1$/, "$2");
    const expanded = expand(raw, file, out);
    const at = locate(source, m.index + line.indexOf(kv[1]), m.index + line.length);
    out.push({ key: kv[1], value: expanded.value, raw, at, ...(expanded.unknown ? { unknown: expanded.unknown } : {}) });
  }
  return out;
}

function expand(raw: string, file: string, earlier: UwsgiOption[]): { value: string | null; unknown?: string } {
  let unknown: string | undefined;
  const base = path.posix.basename(file);
  const ext = path.posix.extname(base);
  const value = raw.replace(/%\(([^)]*)\)|%([a-zA-Z0-9%])|\$\(([^)]*)\)|@\(([^)]*)\)/g, (whole, ref?: string, magic?: string, env?: string, inc?: string) => {
    if (ref !== undefined) {
      const hit = earlier.find((o) => o.key === ref);
      if (hit?.value != null) return hit.value;
      unknown ??= ref === "_" ? "%(_) is the value of the enclosing if-* test" : `%(${ref}) refers to an option not set before this line`;
      return whole;
    }
    if (env !== undefined) {
      unknown ??= `$(${env}) reads the environment variable ${env}`;
      return whole;
    }
    if (inc !== undefined) {
      unknown ??= `@(${inc}) reads another file`;
      return whole;
    }
    switch (magic) {
      case "%":
        return "%";
      case "d":
        return path.posix.dirname(file) + "/";
      case "p":
        return file;
      case "s":
      case "x":
        return base;
      case "n":
        return ext ? base.slice(0, -ext.length) : base;
      case "e":
        return ext.replace(/^\./, "");
      case "c":
        return path.posix.basename(path.posix.dirname(file));
      default:
        if (magic && /\d/.test(magic)) {
          const parts = path.posix.dirname(file).split("/").filter(Boolean);
          const i = Number(magic);
          if (parts[i] !== undefined) return parts[i];
        }
        unknown ??= `%${magic} is ${MACHINE_VARS[magic as string] ?? "a magic variable the linter does not know"}`;
        return whole;
    }
  });
  return unknown ? { value: null, unknown } : { value };
}

/** Which protocol each listening option speaks (uWSGI "Native HTTP support", "The uwsgi protocol"). */
const LISTEN_OPTIONS: Record<string, Protocol> = {
  socket: "uwsgi",
  s: "uwsgi",
  "uwsgi-socket": "uwsgi",
  "http-socket": "http",
  http: "http",
  "https-socket": "https",
  https: "https",
  "fastcgi-socket": "fastcgi",
};

/** The application server a uWSGI configuration starts. */
export function uwsgiServer(file: string, options: UwsgiOption[], source: "uwsgi-ini" | "uwsgi-yaml"): AppServer {
  const first = options[0]?.at ?? { file, line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };
  const s = newServer("uwsgi", source, first);
  // `protocol = http` makes plain `socket` lines speak HTTP.
  const protocolOpt = options.filter((o) => o.key === "protocol" || o.key === "socket-protocol").pop();
  for (const o of options) {
    const uncertain = o.unknown ?? (o.condition ? `set inside \`${o.condition}\`, which depends on the machine` : undefined);
    const fact = (value: string) => ({ value, at: o.at, ...(uncertain ? { uncertain } : {}) });
    if (o.key in LISTEN_OPTIONS) {
      let protocol = LISTEN_OPTIONS[o.key];
      if (protocol === "uwsgi" && o.key !== "uwsgi-socket" && protocolOpt?.value && ["http", "fastcgi", "https"].includes(protocolOpt.value)) protocol = protocolOpt.value as Protocol;
      if (o.value === null) {
        s.unknown.push({ what: o.key, reason: o.unknown ?? "", at: o.at });
        continue;
      }
      // https-socket/https take "addr,cert,key": the address is the first part.
      const l: Listen | null = parseAddress(o.value.split(",")[0], protocol, o.at);
      if (!l) s.unknown.push({ what: o.key, reason: `not an address uWSGI listens on: ${o.value}`, at: o.at });
      else s.listen.push(uncertain ? { ...l, uncertain } : l);
      continue;
    }
    if (o.value === null) {
      if (["module", "wsgi-file", "chdir", "env", "pythonpath", "mount", "wsgi", "w"].includes(o.key)) s.unknown.push({ what: o.key, reason: o.unknown ?? "", at: o.at });
      continue;
    }
    switch (o.key) {
      case "module":
      case "wsgi":
      case "w":
        s.app = fact(o.value);
        break;
      case "wsgi-file":
      case "file":
        s.wsgiFile = fact(o.value);
        break;
      case "chdir":
        s.chdir = fact(o.value);
        break;
      case "pythonpath":
      case "python-path":
      case "pp":
        s.pythonPath.push(fact(o.value));
        break;
      case "mount": {
        // mount = /url=module-or-file
        const eq = o.value.indexOf("=");
        if (eq > 0) s.app ??= fact(o.value.slice(eq + 1));
        break;
      }
      case "env": {
        const eq = o.value.indexOf("=");
        if (eq > 0) s.env[o.value.slice(0, eq)] = fact(o.value.slice(eq + 1));
        break;
      }
      case "ini":
      case "yaml":
      case "include":
        s.configFiles.push(fact(o.value));
        break;
    }
  }
  const dsm = s.env.DJANGO_SETTINGS_MODULE;
  if (dsm) s.settingsModule = dsm;
  return s;
}
