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
import { locate, newServer, parseAddress, type AppServer, type AppServerSource, type Listen, type Protocol } from "./types.js";
import type { Location } from "../python/values.js";
import { own } from "../../../core/own.js";

export interface UwsgiOption {
  key: string;
  /** After placeholder expansion; null when a placeholder cannot be known (see `unknown`). */
  value: string | null;
  raw: string;
  unknown?: string;
  /** Why a known value may not hold: a `$(VAR)` the environment gives, which something the linter cannot read may change. */
  uncertain?: string;
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

/**
 * The options of one section of a uWSGI ini file, in file order, as
 * core/ini.c reads them: lines split on `\n`, blanks, tabs and `\r` trimmed,
 * `[name]` opens a section (the text between the brackets, untrimmed), `;`
 * and `#` start a comment only at the start of a line, the key ends at the
 * first `=` (a line without one is a flag with an empty value). `magicFile`
 * is the path uWSGI sees the file at, which `%d`, `%p`, `%n`... describe: the
 * production path when the file is read through the path map.
 */
/** The environment uWSGI starts in, for `$(VAR)`: what the run says of each variable (a unit's `Environment=`). */
export type Environ = (name: string) => { value: string; uncertain?: string } | undefined;

export function readUwsgiIni(
  file: string,
  text: string,
  section = "uwsgi",
  magicFile = file,
  inherited: readonly RawOption[] = [],
  environ?: Environ,
): UwsgiOption[] {
  const source = new SourceFile(file, text);
  const raw: RawOption[] = [];
  let current = "";
  let start = 0;
  for (const line of text.split("\n")) {
    const lineStart = start;
    start += line.length + 1;
    const key0 = line.replace(/^[ \t\r]+/, "").replace(/[ \t\r]+$/, "");
    if (!key0) continue;
    if (key0.startsWith("[")) {
      current = key0.slice(1, -1);
      continue;
    }
    if (key0.startsWith(";") || key0.startsWith("#") || current !== section) continue;
    const eq = key0.indexOf("=");
    const key = (eq < 0 ? key0 : key0.slice(0, eq)).replace(/[ \t\r]+$/, "");
    const value = eq < 0 ? "" : key0.slice(eq + 1).replace(/^[ \t\r]+/, "");
    const offset = lineStart + line.indexOf(key0);
    raw.push({ key, raw: value, at: locate(source, offset, offset + key0.length) });
  }
  return resolve(magicFile, raw, inherited, environ);
}

export interface RawOption {
  key: string;
  raw: string;
  at: Location;
}

/**
 * uWSGI's config logic (core/config.c): `if-env`, `if-file`, `for`... apply to
 * the options up to `endif`/`end`/`endfor` (blocks do not nest; `else` takes
 * the other branch). Whether a test holds depends on the machine: the options
 * inside are kept, marked with their condition. Placeholders are resolved
 * after the whole file is read, against the first value of the named option.
 */
function resolve(file: string, raw: RawOption[], inherited: readonly RawOption[] = [], environ?: Environ): UwsgiOption[] {
  // An included file's placeholders name the including file's options too: uWSGI reads it in place.
  const all = inherited.length ? [...inherited, ...raw] : raw;
  const out: UwsgiOption[] = [];
  let condition: string | undefined;
  for (const o of raw) {
    if (["end", "endif", "end-if", "endfor", "end-for"].includes(o.key)) {
      condition = undefined;
      continue;
    }
    if (o.key === "else") {
      condition = condition ? `the else branch of ${condition}` : undefined;
      continue;
    }
    const expanded = expand(o.raw, file, all, 0, environ);
    const opt: UwsgiOption = { key: o.key, value: expanded.value, raw: o.raw, at: o.at };
    if (expanded.unknown) opt.unknown = expanded.unknown;
    else if (expanded.uncertain) opt.uncertain = expanded.uncertain;
    if (condition) opt.condition = condition;
    if (/^if-|^for(-|$)/.test(o.key)) condition = `${o.key} = ${o.raw} (line ${o.at.line})`;
    else out.push(opt);
  }
  return out;
}

/**
 * uWSGI's XML form, as core/xmlconf.c reads it: the options are the child elements of the root `<uwsgi>` (or of the
 * first `<uwsgi>` under another root), each element's text its value and an empty one (`<master/>`) a flag set to 1;
 * `<app mountpoint="/x">mod</app>` mounts `mod` at `/x`. Comments are skipped, CDATA is text, and the predefined
 * entities and character references are decoded.
 */
export function readUwsgiXml(file: string, text: string, magicFile = file): UwsgiOption[] {
  const source = new SourceFile(file, text);
  // Comments, processing instructions, the doctype and CDATA blanked for the scan (lengths kept, so that offsets stay
  // those of the file): what they hold is no tag. An unclosed one runs to the end, as a parser would refuse it.
  const t = blankSpans(text, [
    ["<!--", "-->"],
    ["<?", "?>"],
    ["<!DOCTYPE", ">"],
    ["<![CDATA[", "]]>"],
  ]);
  // The root's opening tag, found without a regex that could scan to the end from every `<uwsgi` of a hostile file.
  const rootAt = /<uwsgi[\s>]/.exec(t)?.index ?? -1;
  const rootEnd = rootAt < 0 ? -1 : t.indexOf(">", rootAt);
  const raw: RawOption[] = [];
  if (rootEnd < 0) return resolve(magicFile, raw);
  const tag = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
  tag.lastIndex = rootEnd + 1;
  let open: { name: string; attrs: string; start: number; bodyStart: number } | null = null;
  let depth = 0;
  for (let m: RegExpExecArray | null; (m = tag.exec(t));) {
    const [whole, closing, name, attrs, selfClosing] = m;
    if (!open) {
      if (closing) break; // </uwsgi>
      if (selfClosing) raw.push({ key: name, raw: "1", at: locate(source, m.index, m.index + whole.length) });
      else open = { name, attrs, start: m.index, bodyStart: m.index + whole.length };
      continue;
    }
    if (name !== open.name || selfClosing) continue;
    if (!closing) {
      depth++;
      continue;
    }
    if (depth > 0) {
      depth--;
      continue;
    }
    const body = xmlText(text.slice(open.bodyStart, m.index)).trim();
    const at = locate(source, open.start, m.index + whole.length);
    if (open.name === "app") {
      const mountpoint = /\smountpoint\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(open.attrs);
      if (body) raw.push({ key: "mount", raw: mountpoint ? `${mountpoint[1] ?? mountpoint[2]}=${body}` : body, at });
    } else raw.push({ key: open.name, raw: body || "1", at });
    open = null;
  }
  return resolve(magicFile, raw);
}

/** `text` with each span from an opening to its closing marker turned into spaces (newlines kept); linear. */
function blankSpans(text: string, markers: [string, string][]): string {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    let next = -1;
    let close = "";
    for (const [open, end] of markers) {
      const i = text.indexOf(open, at);
      if (i >= 0 && (next < 0 || i < next)) [next, close] = [i, end];
    }
    if (next < 0) break;
    const end = text.indexOf(close, next + 2);
    const stop = end < 0 ? text.length : end + close.length;
    out.push(text.slice(at, next), text.slice(next, stop).replace(/[^\n]/g, " "));
    at = stop;
  }
  out.push(text.slice(at));
  return out.join("");
}

/** An element's text: CDATA unwrapped, the predefined entities and character references decoded. */
function xmlText(s: string): string {
  return s.replace(/<!\[CDATA\[([\s\S]*?)\]\]>|&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (whole, cdata: string | undefined, e: string | undefined) => {
    if (cdata !== undefined) return cdata;
    if (e === "lt") return "<";
    if (e === "gt") return ">";
    if (e === "amp") return "&";
    if (e === "quot") return '"';
    if (e === "apos") return "'";
    const code = e?.startsWith("#x") ? parseInt(e.slice(2), 16) : Number(e?.slice(1));
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** uWSGI's YAML form: the keys under the top-level `uwsgi:` mapping, `key: value` each. */
export function readUwsgiYaml(file: string, text: string, section = "uwsgi", magicFile = file): UwsgiOption[] {
  const source = new SourceFile(file, text);
  const raw: RawOption[] = [];
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
    const value = (kv[2] ?? "").trim().replace(/^(['"])(.*)\1$/, "$2");
    raw.push({ key: kv[1], raw: value, at: locate(source, m.index + line.indexOf(kv[1]), m.index + line.length) });
  }
  return resolve(magicFile, raw);
}

function expand(raw: string, file: string, all: RawOption[], depth: number, environ?: Environ): { value: string | null; unknown?: string; uncertain?: string } {
  let unknown: string | undefined;
  let uncertain: string | undefined;
  const base = path.posix.basename(file);
  const ext = path.posix.extname(base);
  const value = raw.replace(/%\(([^)]*)\)|%([a-zA-Z0-9%])|\$\(([^)]*)\)|@\(([^)]*)\)/g, (whole, ref?: string, magic?: string, env?: string, inc?: string) => {
    if (ref !== undefined) {
      // The first value the configuration gives the option (uwsgi_get_exported_opt), itself expanded.
      const hit = ref === "_" || depth > 8 ? undefined : all.find((o) => o.key === ref);
      const v = hit ? expand(hit.raw, file, all, depth + 1, environ) : null;
      if (v?.value != null) return v.value;
      const deb = hit ? null : debianInstance(file);
      if (deb && ref === "deb-confnamespace") return deb.namespace;
      if (deb && ref === "deb-confname") return deb.name;
      unknown ??=
        v?.unknown ?? (ref === "_" ? "%(_) is the value of the enclosing if-*/for test" : `%(${ref}) refers to an option the configuration does not set`);
      return whole;
    }
    if (env !== undefined) {
      // The variable as the environment uWSGI starts in sets it (a unit's Environment=).
      const set = environ?.(env);
      if (set) {
        if (set.uncertain) uncertain ??= `$(${env}) ${set.uncertain}`;
        return set.value;
      }
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
        unknown ??= `%${magic} is ${own(MACHINE_VARS, magic as string) ?? "a magic variable the linter does not know"}`;
        return whole;
    }
  });
  return unknown ? { value: null, unknown } : uncertain ? { value, uncertain } : { value };
}

/** Which protocol each listening option speaks (uWSGI "Native HTTP support", "The uwsgi protocol"). */
const LISTEN_OPTIONS: Record<string, Protocol> = {
  socket: "uwsgi",
  s: "uwsgi",
  "uwsgi-socket": "uwsgi",
  "http-socket": "http",
  "http11-socket": "http",
  http: "http",
  "https-socket": "https",
  https: "https",
  "fastcgi-socket": "fastcgi",
};

/**
 * The protocol a uWSGI option (its name without dashes) listens with, or null when it is not a listening option.
 * `forced`: the value of `protocol`/`socket-protocol`, which the plain `socket`/`s` lines speak.
 */
export function uwsgiListenProtocol(key: string, forced: string | null | undefined): Protocol | null {
  if (!Object.hasOwn(LISTEN_OPTIONS, key)) return null;
  const protocol = LISTEN_OPTIONS[key];
  if (protocol === "uwsgi" && key !== "uwsgi-socket" && (forced === "http" || forced === "https" || forced === "fastcgi")) return forced;
  return protocol;
}

/**
 * Debian's uWSGI package starts one instance per file of /etc/uwsgi/apps-enabled (a link to apps-available), with the
 * placeholders `deb-confnamespace` (`app`) and `deb-confname` (the file's name without extension) set, over the
 * inherited /usr/share/uwsgi/conf/default.ini, whose `socket = /run/uwsgi/%(deb-confnamespace)/%(deb-confname)/socket`
 * is where nginx's `uwsgi_pass unix:/run/uwsgi/app/<name>/socket` goes (README.Debian). Null for any other path.
 */
export function debianInstance(file: string): { namespace: string; name: string; socket: string } | null {
  // A copy of the server's /etc (a server tree read without a map for it) is one too.
  const m = /(?:^|\/)etc\/uwsgi\/apps-(?:enabled|available)\/(?:[^/]+\/)*([^/]+?)\.(?:ini|ya?ml|json|js|xml)$/.exec(file);
  return m ? { namespace: "app", name: m[1], socket: `/run/uwsgi/app/${m[1]}/socket` } : null;
}

/**
 * The application server a uWSGI configuration starts; `magicFile` is the path uWSGI reads it at (see readUwsgiIni).
 * `debian`: the file may be an instance of Debian's init script (not when a unit's `--ini` names it).
 */
/** Options that read another configuration file into this one. */
const CONFIG_FILE_OPTIONS = new Set(["ini", "yaml", "xml", "include"]);

/** The forms a uWSGI configuration file comes in. */
type UwsgiSource = Extract<AppServerSource, `uwsgi-${string}`>;

export function uwsgiServer(file: string, options: UwsgiOption[], source: UwsgiSource, magicFile = file, debian = true): AppServer {
  const first = options[0]?.at ?? { file, line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };
  const s = newServer("uwsgi", source, first);
  // `protocol = http` makes plain `socket` lines speak HTTP.
  const protocolOpt = options.filter((o) => o.key === "protocol" || o.key === "socket-protocol").pop();
  for (const o of options) {
    const uncertain = o.unknown ?? o.uncertain ?? (o.condition ? `set inside \`${o.condition}\`, which depends on the machine` : undefined);
    const fact = (value: string) => ({ value, at: o.at, ...(uncertain ? { uncertain } : {}) });
    const protocol = uwsgiListenProtocol(o.key, protocolOpt?.value);
    if (protocol) {
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
      if (["module", "wsgi-file", "chdir", "env", "pythonpath", "mount", "wsgi", "w"].includes(o.key))
        s.unknown.push({ what: o.key, reason: o.unknown ?? "", at: o.at });
      // `env = DJANGO_SETTINGS_MODULE=app.settings.$(STAGE)`: set, to a value not known here (no script's default applies).
      const eq = o.key === "env" ? o.raw.indexOf("=") : -1;
      if (eq > 0) s.env[o.raw.slice(0, eq)] = { value: "", at: o.at, uncertain: o.unknown ?? "a value the linter cannot read" };
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
      case "virtualenv":
      case "venv":
      case "home":
      case "pyhome":
        s.venv = fact(o.value);
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
      default:
        if (CONFIG_FILE_OPTIONS.has(o.key)) s.configFiles.push(fact(o.value));
    }
  }
  // Debian's inherited default socket: the instance's own when it names none; beside its own ones, it holds only while
  // /etc/default/uwsgi keeps INHERITED_CONFIG at Debian's default.ini.
  const deb = debian ? debianInstance(magicFile) : null;
  if (deb && !s.listen.some((l) => l.socket === deb.socket)) {
    const protocol = protocolOpt?.value && ["http", "fastcgi", "https"].includes(protocolOpt.value) ? (protocolOpt.value as Protocol) : "uwsgi";
    const own = s.listen.length > 0 || s.unknown.some((u) => Object.hasOwn(LISTEN_OPTIONS, u.what));
    s.listen.push({
      socket: deb.socket,
      protocol,
      at: first,
      isDefault: true,
      ...(own ? { uncertain: "Debian's default.ini adds it when /etc/default/uwsgi inherits it (INHERITED_CONFIG)" } : {}),
    });
  }
  const dsm = s.env.DJANGO_SETTINGS_MODULE;
  if (dsm) s.settingsModule = dsm;
  return s;
}
