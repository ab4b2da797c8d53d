/**
 * Process managers that start application servers: systemd units
 * (systemd.syntax(7), systemd.exec(5), systemd.service(5)), Procfiles
 * (Heroku, foreman, honcho) and supervisor programs (supervisord.conf(5)).
 * Each yields the command lines it runs with their environment and working
 * directory; the command lines go to ./command.ts.
 */
import path from "node:path";
import { SourceFile } from "../../../source/source-file.js";
import type { FsFacade } from "../../../load/fs-facade.js";
import { serversOfCommand, splitCommand, type EnvValue } from "./command.js";
import { locate, type AppServer, type Fact, type Listen } from "./types.js";
import { isOpaque } from "../../../template/placeholder.js";
import type { Location } from "../python/values.js";

interface Entry {
  section: string;
  key: string;
  value: string;
  at: Location;
  /** Why the value is unknown (a systemd specifier the linter cannot fill in). */
  unknown?: string;
}

/**
 * A systemd unit's assignments: `[Section]` headers, `Key=value`, lines ending
 * in `\` joined with the next (the backslash becomes a space), and comment
 * lines (`#`, `;`) skipped even inside a continued line, as systemd does.
 */
export function readUnitFile(file: string, text: string): Entry[] {
  const source = new SourceFile(file, text);
  const out: Entry[] = [];
  let section = "";
  let pending: { key: string; value: string; start: number } | null = null;
  const lineRe = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
  let m: RegExpExecArray | null;
  while ((m = lineRe.exec(text)) && m[0] !== "") {
    const line = m[0].replace(/[\r\n]+$/, "");
    const t = line.trim();
    const end = m.index + line.length;
    if (pending) {
      if (t.startsWith("#") || t.startsWith(";")) continue;
      if (t.endsWith("\\")) {
        pending.value += " " + t.slice(0, -1);
        continue;
      }
      out.push({ section, key: pending.key, value: (pending.value + " " + t).trim(), at: locate(source, pending.start, end) });
      pending = null;
      continue;
    }
    if (!t || t.startsWith("#") || t.startsWith(";")) continue;
    const header = /^\[([^\]]+)\]$/.exec(t);
    if (header) {
      section = header[1];
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    const start = m.index + line.indexOf(key);
    if (value.endsWith("\\")) pending = { key, value: value.slice(0, -1), start };
    else out.push({ section, key, value, at: locate(source, start, end) });
  }
  if (pending) out.push({ section, key: pending.key, value: pending.value.trim(), at: locate(source, pending.start, text.length) });
  return out;
}

/** `Environment=` words: `A=1 "B=two words"`. */
function environmentAssignments(value: string): [string, string][] {
  return splitCommand(value.replace(/\$/g, "\\$"))
    .map((w) => /^([A-Za-z_]\w*)=(.*)$/s.exec(w))
    .filter((x): x is RegExpExecArray => x !== null)
    .map((x) => [x[1], x[2]]);
}

/** An environment file: `KEY=value` lines, `#` comments, optional quotes. */
export function readEnvFile(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m || line.trim().startsWith("#")) continue;
    out.push([m[1], m[2].replace(/^(['"])(.*)\1$/, "$2")]);
  }
  return out;
}

/**
 * The servers a systemd service starts (every `ExecStart=`). Where an assignment stands in `[Service]` does not
 * matter (systemd.exec(5)): every `ExecStart=` runs with the unit's whole environment, in which the variables of
 * `EnvironmentFile=` files override those of `Environment=` lines whatever their order (files read in the order
 * given, later lines winning), an empty assignment resets the list, and the last `WorkingDirectory=` counts.
 */
export function systemdServers(file: string, text: string, fs: FsFacade): AppServer[] {
  const specifiers = unitSpecifiers(file);
  // The unit with its drop-ins, read once: the [Service] lines here, the [Unit] ones for socket activation.
  const unit = [...readUnitFile(file, text), ...dropInEntries(file, fs)];
  // Environment= values are filled in one by one (below): a specifier systemd fills in there stays as written, unknown.
  const entries = unit
    .filter((e) => e.section === "Service")
    .map((e) => {
      if (e.key === "Environment") return e;
      const x = specifiers(e.value);
      return { ...e, value: x.value, ...(x.unknown ? { unknown: x.unknown } : {}) };
    });
  const assigned = new Map<string, EnvValue & { at: Location }>();
  const fromFiles = new Map<string, EnvValue & { at: Location }>();
  let files: Entry[] = [];
  let cwd: Fact | undefined;
  for (const e of entries) {
    if (e.key === "Environment") {
      if (!e.value) assigned.clear();
      for (const [k, v] of environmentAssignments(e.value)) {
        const x = specifiers(v);
        assigned.set(k, x.unknown ? { value: v, at: e.at, uncertain: x.unknown } : { value: x.value, at: e.at });
      }
    } else if (e.key === "EnvironmentFile") {
      files = e.value ? [...files, e] : [];
    } else if (e.key === "WorkingDirectory") {
      const v = e.value.replace(/^-/, "");
      cwd = v && v !== "~" && !e.unknown ? { value: v, at: e.at } : undefined;
    }
  }
  const unreadable: string[] = [];
  for (const e of files) {
    const optional = e.value.startsWith("-");
    const read = fs.read(e.value.replace(/^-/, ""));
    if (read.text === undefined) unreadable.push(`EnvironmentFile=${e.value} (${optional ? "optional, " : ""}${read.error ?? "not readable"})`);
    else for (const [k, v] of readEnvFile(read.text)) fromFiles.set(k, { value: v, at: e.at });
  }
  const env = new Map([...assigned, ...fromFiles]);
  // An empty `ExecStart=` (a drop-in's first line before its own command) drops the commands before it.
  let execs: Entry[] = [];
  for (const e of entries) if (e.key === "ExecStart") execs = e.value ? [...execs, e] : [];
  const out: AppServer[] = [];
  // gunicorn started by socket activation takes the sockets systemd hands it (LISTEN_FDS): asked once per unit.
  let sockets: ReturnType<typeof activationSockets> | undefined;
  for (const e of execs) {
    const command = e.value.replace(/^[@\-:+!]+/, "");
    const lookup = (name: string): EnvValue | undefined => {
      if (e.unknown && name.startsWith(SPECIFIER_MARK.slice(1))) return { value: `%${name.slice(SPECIFIER_MARK.length - 1)}`, uncertain: e.unknown };
      const v = env.get(name);
      // A file that cannot be read may set any variable: what Environment= gave is only a default.
      if (unreadable.length) return v ? { value: v.value, uncertain: v.uncertain ?? `may be overridden by ${unreadable.join(", ")}` } : undefined;
      return v;
    };
    for (const s of serversOfCommand(command, { source: "systemd", at: e.at, env: lookup, cwd, envComplete: !unreadable.length })) {
      const { listen: activated, certain } = s.kind === "gunicorn" ? (sockets ??= activationSockets(file, unit, fs)) : { listen: [], certain: false };
      if (activated.length) {
        // Handed sockets (LISTEN_FDS), gunicorn listens on them alone and ignores `--bind` (gunicorn's arbiter and
        // sock.create_sockets): so when the unit surely gets them (it requires its socket unit, names it in Sockets=,
        // or the socket is enabled for sockets.target). Otherwise both may hold; a `--bind` naming the same one
        // (DigitalOcean's tutorial) is one listener.
        const own = certain ? [] : s.listen.filter((l) => !l.isDefault);
        const same = (a: Listen, b: Listen) => (a.socket !== undefined && a.socket === b.socket) || (a.address !== undefined && a.address === b.address);
        s.listen = [...own, ...activated.filter((a) => !own.some((l) => same(l, a)))];
      }
      for (const [k, v] of env) {
        const uncertain = v.uncertain ?? (unreadable.length ? `may be overridden by ${unreadable.join(", ")}` : undefined);
        s.env[k] ??= { value: v.value, at: v.at, inherited: true, ...(uncertain ? { uncertain } : {}) };
      }
      if (s.env.DJANGO_SETTINGS_MODULE) s.settingsModule = s.env.DJANGO_SETTINGS_MODULE;
      // A specifier systemd fills in on the machine (a template's %i): what the command derives is unknown.
      if (e.unknown) s.listen = s.listen.map((l) => ({ ...l, uncertain: l.uncertain ?? e.unknown }));
      // A variable the command uses may come from a file the linter cannot read: what it derives is uncertain.
      if (unreadable.length && /\$/.test(command)) {
        const why = `the command uses variables that ${unreadable.join(", ")} may set`;
        s.listen = s.listen.map((l) => ({ ...l, uncertain: l.uncertain ?? why }));
      }
      // So is a built-in address the environment moves (gunicorn's PORT and GUNICORN_CMD_ARGS, UVICORN_*, GRANIAN_*).
      if (unreadable.length && ["gunicorn", "uvicorn", "granian"].includes(s.kind)) {
        const why = `the server's default address, which ${unreadable.join(", ")} may change through the environment`;
        s.listen = s.listen.map((l) => (l.isDefault ? { ...l, uncertain: l.uncertain ?? why } : l));
      }
      out.push(s);
    }
  }
  return out;
}

/** systemd's unit directories, lowest precedence first (systemd.unit(5)): a drop-in of /etc replaces one of the same name in /run or /usr/lib. */
const UNIT_DIRS = ["/lib/systemd/system", "/usr/lib/systemd/system", "/run/systemd/system", "/etc/systemd/system"];

/**
 * The unit file a run's input names: a link of `multi-user.target.wants/` (`app.service ->
 * /etc/systemd/system/app.service`, as `systemctl enable` makes it) is the unit of that name systemd loads, else
 * the one it leads to, followed through the path map; the same unit named directly is the same file (read once,
 * with its drop-ins). An instance's link (`app@blue.service -> ../app@.service`) stays a unit of its own: its name
 * gives the template its `%i`. Any other app-server file is the one a link to it leads to (read once too).
 */
export function unitFileOf(fs: FsFacade, file: string): string {
  const name = path.posix.basename(file);
  if (/^[^@/]+@[^@/]+\.(service|socket)$/.test(name)) return file;
  // Any other file reached through a link (Debian's `apps-enabled/app.ini -> /etc/uwsgi/apps-available/app.ini`) is the file it leads to.
  if (!/\.(service|socket)$/.test(name)) return fs.local(file);
  const dir = path.posix.dirname(file);
  if (/\.(wants|requires|upholds)$/.test(path.posix.basename(dir))) {
    // systemd loads a unit by its name from its directories, /etc first (systemd.unit(5)): the link says only that it
    // is wanted. A package's link to /lib/systemd/system/app.service runs the admin's /etc/systemd/system/app.service.
    const beside = path.posix.join(path.posix.dirname(dir), name);
    if (fs.kind(beside) === "file") return fs.local(beside);
    for (const d of [...UNIT_DIRS].reverse()) {
      const p = path.posix.join(d, name);
      if (fs.local(d) !== d && fs.kind(p) === "file") return fs.local(p);
    }
  }
  return fs.local(file);
}

/**
 * The unit a drop-in belongs to (`/etc/systemd/system/app.service.d/override.conf` -> `.../app.service`), or null for
 * a file that is not in a `<unit>.d/` directory.
 */
export function dropInUnit(file: string): string | null {
  const dir = path.posix.dirname(file);
  const m = /^(.+\.(?:service|socket))\.d$/.exec(path.posix.basename(dir));
  return m && file.endsWith(".conf") ? path.posix.join(path.posix.dirname(dir), m[1]) : null;
}

/**
 * The assignments of a unit's drop-ins (systemd.unit(5)): the `.conf` files of `<unit>.d/`, of the template's
 * `<name>@.service.d/` for an instance, of each dash prefix's `<a>-.service.d/` and of `service.d/`, looked for beside
 * the unit and, for a unit in one of systemd's directories, in the others the path map copies; read in the order of their file names,
 * whatever directory they are in, a name in a directory of higher precedence replacing the same name elsewhere.
 */
function dropInEntries(file: string, fs: FsFacade): Entry[] {
  const unit = path.posix.basename(file);
  const type = /\.(service|socket)$/.exec(unit)?.[1];
  if (!type) return [];
  const base = unit.slice(0, -type.length - 1);
  const names = [`${type}.d`];
  const parts = base.split("-");
  for (let i = 1; i < parts.length; i++) names.push(`${parts.slice(0, i).join("-")}-.${type}.d`);
  const at = base.indexOf("@");
  if (at > 0 && at < base.length - 1) names.push(`${base.slice(0, at + 1)}.${type}.d`);
  names.push(`${unit}.d`);
  // Beside the unit file: an instance's `*.wants/` link leads to its template, whose directory holds the drop-ins.
  const own = path.posix.dirname(fs.local(file));
  const serverDir = fs.serverPath?.(own) ?? own;
  // systemd's other directories, when the run maps them to a copy: this machine's own are not the server's.
  const others = UNIT_DIRS.includes(serverDir) ? UNIT_DIRS.filter((d) => d !== serverDir && fs.local(d) !== d) : [];
  const dirs = [...others, own];
  const byName = new Map<string, string>();
  for (const dir of dirs)
    for (const name of names) for (const f of fs.list(path.posix.join(dir, name)) ?? []) if (f.endsWith(".conf")) byName.set(f, path.posix.join(dir, name, f));
  const out: Entry[] = [];
  for (const name of [...byName.keys()].sort()) {
    const p = byName.get(name) as string;
    const read = fs.read(p);
    if (read.text !== undefined) out.push(...readUnitFile(p, read.text));
  }
  return out;
}

/** What an unknown specifier becomes: a variable no environment sets, so that what uses it is unknown. */
const SPECIFIER_MARK = "$SYSTEMD_SPECIFIER_";

/**
 * systemd's specifiers in a unit's values (systemd.unit(5)): `%i`/`%I` the instance of `name@instance.service`
 * (unescaped for `%I`: `-` is `/`, `\xNN` a byte), `%p` the prefix, `%n`/`%N` the unit's name, `%t` and the
 * system manager's directories, `%%`. A template read without an instance (`name@.service`), or a specifier of the
 * machine or the user (`%h`, `%H`, `%u`), leaves its value unknown: the instance a socket or a settings module is
 * named after is not the template's text.
 */
function unitSpecifiers(file: string): (v: string) => { value: string; unknown?: string } {
  const unit = path.posix.basename(file);
  const base = unit.replace(/\.[^.]+$/, "");
  const at = /^([^@]+)@(.*)$/.exec(base);
  const known: Record<string, string> = {
    "%": "%",
    n: unit,
    N: base,
    p: at ? at[1] : base,
    t: "/run",
    S: "/var/lib",
    C: "/var/cache",
    L: "/var/log",
    E: "/etc",
  };
  if (at?.[2]) {
    known.i = at[2];
    known.I = at[2].replace(/-/g, "/").replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    known.j = known.J = at[1].slice(at[1].lastIndexOf("-") + 1);
  }
  return (v) => {
    if (!v.includes("%")) return { value: v };
    let unknown: string | undefined;
    const value = v.replace(/%([A-Za-z%])/g, (whole, c: string) => {
      if (c in known) return known[c];
      unknown ??=
        at && !at[2] && (c === "i" || c === "I")
          ? `${whole} is the instance name, which the template ${unit} does not have`
          : `${whole} is filled in by systemd on the machine`;
      return `${SPECIFIER_MARK}${c}`;
    });
    return unknown ? { value, unknown } : { value };
  };
}

/**
 * The `ListenStream=` addresses of the socket units that activate a service (its unit's lines, drop-ins included):
 * those its `Sockets=` names, else `<name>.socket` beside `<name>.service` (systemd.socket(5)), and whether the
 * service surely gets them. A path is a unix socket; `8000` and `host:port` are TCP.
 */
function activationSockets(file: string, entries: Entry[], fs: FsFacade): { listen: AppServer["listen"]; certain: boolean } {
  if (!file.endsWith(".service")) return { listen: [], certain: false };
  const words = (section: string, keys: string[]) =>
    entries.filter((e) => e.section === section && keys.includes(e.key)).flatMap((e) => e.value.split(/\s+/).filter(Boolean));
  const named = words("Service", ["Sockets"]);
  const units = named.length ? named : [path.posix.basename(file).replace(/\.service$/, ".socket")];
  const required = new Set(words("Unit", ["Requires", "BindsTo", "Wants"]));
  let certain = named.length > 0 || units.some((u) => required.has(u));
  const out: AppServer["listen"] = [];
  for (const unit of units) {
    const p = path.posix.join(path.posix.dirname(file), unit);
    const read = fs.read(p);
    if (read.text === undefined) continue;
    // The socket unit's drop-ins too; an empty `ListenStream=` drops the addresses before it.
    let streams: Entry[] = [];
    const socketEntries = [...readUnitFile(p, read.text), ...dropInEntries(p, fs)];
    for (const e of socketEntries) if (e.section === "Socket" && e.key === "ListenStream") streams = e.value ? [...streams, e] : [];
    if (socketEntries.some((e) => e.section === "Install" && e.key === "WantedBy" && /\bsockets\.target\b/.test(e.value))) certain = true;
    for (const e of streams) {
      const v = e.value;
      if (v.startsWith("/")) out.push({ socket: v, protocol: "http", at: e.at });
      else if (/^\d+$/.test(v)) out.push({ address: `*:${v}`, protocol: "http", at: e.at });
      else if (/^(\[[0-9a-fA-F:.]+\]|[\w.-]+):\d+$/.test(v)) out.push({ address: v, protocol: "http", at: e.at });
    }
  }
  return { listen: out, certain: certain && out.length > 0 };
}

/** The servers a Procfile's processes start. A line that is not `name: command` (a template tag) is skipped. */
export function procfileServers(file: string, text: string): AppServer[] {
  const source = new SourceFile(file, text);
  const out: AppServer[] = [];
  const lineRe = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
  let m: RegExpExecArray | null;
  while ((m = lineRe.exec(text)) && m[0] !== "") {
    const line = m[0].replace(/[\r\n]+$/, "");
    const p = /^([A-Za-z0-9_-]+):\s*(.*)$/.exec(line);
    if (!p) continue;
    const at = locate(source, m.index, m.index + line.length);
    // Heroku sets PORT for web processes: unknown here.
    for (const s of serversOfCommand(p[2], { source: "procfile", at, env: () => undefined })) {
      // Heroku and foreman start each process in the app's root, the Procfile's directory: `--chdir services/api` is there.
      if (s.chdir && !s.chdir.value.startsWith("/") && !isOpaque(s.chdir.value))
        s.chdir = { ...s.chdir, value: path.posix.join(path.posix.dirname(file), s.chdir.value) };
      out.push(s);
    }
  }
  return out;
}

/** supervisor's `%(name)s` expansions: `%(process_num)d` and friends are per-process, `%(ENV_X)s` the environment. */
function supervisorExpand(v: string, program: string, numprocs: number): { value: string; unknown?: string } {
  let unknown: string | undefined;
  const value = v.replace(/%\((\w+)\)[sd]/g, (whole, name: string) => {
    if (name === "program_name") return program;
    if (name === "process_num" && numprocs === 1) return "0";
    unknown ??= `${whole} is set by supervisord at run time`;
    // Read as a variable the command cannot resolve: what uses it is unknown, with the name.
    return `$${name}`;
  });
  return unknown ? { value, unknown } : { value };
}

type SupervisorValue = { value: string; at: Location };

/**
 * What supervisord's own file gives the programs of the files its `[include]` names (Debian's
 * /etc/supervisor/supervisord.conf and its conf.d/*.conf): its `[supervisord]` environment, which reaches every
 * program. The patterns are server paths, relative ones under the file's directory (supervisord.conf(5)).
 */
export interface SupervisorMain {
  include: string[];
  environment?: SupervisorValue;
}

/** The `[include]` and `[supervisord]` environment of supervisord's own file (`serverFile` its path on the server), or null. */
export function supervisorMain(serverFile: string, text: string): SupervisorMain | null {
  const sections = supervisorSections(serverFile, text);
  const files = sections.get("include")?.get("files");
  if (!files) return null;
  const dir = path.posix.dirname(serverFile);
  const include = files.value
    .split(/\s+/)
    .filter(Boolean)
    .map((p) => (p.startsWith("/") ? p : path.posix.join(dir, p)));
  const environment = sections.get("supervisord")?.get("environment");
  return { include, ...(environment ? { environment } : {}) };
}

/** The servers supervisor `[program:x]` and `[fcgi-program:x]` sections start; `main`: the supervisord file that includes this one. */
export function supervisorServers(file: string, text: string, main?: SupervisorMain): AppServer[] {
  const sections = supervisorSections(file, text);
  const out: AppServer[] = [];
  for (const [name, keys] of sections) {
    const kind = /^(program|fcgi-program):(.+)$/.exec(name);
    const command = keys.get("command");
    if (!kind || !command) continue;
    // supervisord's own `environment=` (in this file, or the one that includes it) reaches every program; a program's
    // own wins (supervisord.conf(5)).
    const env = new Map<string, { value: string; at: Location }>();
    for (const e of [main?.environment, sections.get("supervisord")?.get("environment"), keys.get("environment")])
      if (e)
        for (const m2 of e.value.matchAll(/([A-Za-z_]\w*)=("(?:[^"\\]|\\.)*"|'[^']*'|[^,]*)/g))
          env.set(m2[1], { value: m2[2].replace(/^(['"])(.*)\1$/s, "$2"), at: e.at });
    const dir = keys.get("directory");
    const numprocs = Number(keys.get("numprocs")?.value ?? "1");
    const expanded = supervisorExpand(command.value, kind[2], numprocs);
    const servers = serversOfCommand(expanded.value, {
      source: "supervisor",
      at: command.at,
      env: (n) => (env.has(n) ? { value: (env.get(n) as { value: string }).value } : undefined),
      cwd: dir ? { value: dir.value, at: dir.at } : undefined,
      envComplete: true,
    });
    for (const s of servers) {
      for (const [k, v] of env) s.env[k] ??= { value: v.value, at: v.at, inherited: true };
      if (s.env.DJANGO_SETTINGS_MODULE) s.settingsModule = s.env.DJANGO_SETTINGS_MODULE;
      if (expanded.unknown) {
        s.unknown.push({ what: "the command", reason: expanded.unknown, at: command.at });
      }
      // An fcgi-program's socket is opened by supervisord and handed to the server as fd 0.
      const sock = keys.get("socket");
      if (kind[1] === "fcgi-program" && sock) {
        const fd0 = s.listen.findIndex((l) => l.fd === 0);
        const addr = sock.value.replace(/^tcp:\/\//, "").replace(/^unix:\/\//, "");
        const listen = { ...(sock.value.startsWith("unix://") ? { socket: addr } : { address: addr }), protocol: "http" as const, at: sock.at };
        if (fd0 >= 0) s.listen[fd0] = listen;
        else s.listen.push(listen);
      }
      out.push(s);
    }
  }
  return out;
}

/** supervisord.conf(5)'s sections and keys (ConfigParser's: `;` comments, indented continuation lines). */
function supervisorSections(file: string, text: string): Map<string, Map<string, SupervisorValue>> {
  const source = new SourceFile(file, text);
  const sections = new Map<string, Map<string, SupervisorValue>>();
  let current: Map<string, SupervisorValue> | null = null;
  let last: SupervisorValue | null = null;

  const lineRe = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
  let m: RegExpExecArray | null;
  while ((m = lineRe.exec(text)) && m[0] !== "") {
    const line = m[0].replace(/[\r\n]+$/, "");
    if (!line.trim() || /^\s*[#;]/.test(line)) continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      current = new Map();
      sections.set(header[1].trim(), current);
      last = null;
      continue;
    }
    if (/^\s/.test(line) && last) {
      last.value += " " + line.trim(); // a continuation line
      continue;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (!kv || !current) continue;
    // ConfigParser's inline comments: ` ;` after the value.
    last = { value: kv[2].replace(/\s+;.*$/, ""), at: locate(source, m.index, m.index + line.length) };
    current.set(kv[1].trim().toLowerCase(), last);
  }
  return sections;
}
