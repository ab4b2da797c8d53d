/**
 * Command lines that start an application server (systemd `ExecStart=`,
 * Procfile and supervisor `command=`): split into words with shell-quote,
 * the server found among them (through `env`, `exec`, wrappers such as
 * `bin/start-nginx gunicorn ...`, `python -m gunicorn`, `sh -c '...'`), and
 * its options read the way that server reads them. Environment variables the
 * command uses are substituted when the caller knows them; otherwise each
 * value they touch is unknown, with the variable's name.
 */
import { parse as shellParse } from "shell-quote";
import type { Location } from "../python/values.js";
import { uwsgiListenProtocol } from "./uwsgi.js";
import { newServer, parseAddress, type AppServer, type AppServerKind, type AppServerSource, type Fact } from "./types.js";
import { own } from "../../../core/own.js";

/** A variable's value as the command's environment gives it; `uncertain` when it may be overridden. */
export interface EnvValue {
  value: string;
  uncertain?: string;
}

export type EnvLookup = (name: string) => EnvValue | undefined;

const MARK = "\u0001";
const SERVER = /^(gunicorn|uvicorn|daphne|uwsgi|hypercorn|granian)(\d+(\.\d+)*)?$/;

/** Options that take a value, per server (flags are everything else). */
const VALUE_OPTIONS: Record<AppServerKind, string[]> = {
  gunicorn: [
    "-b",
    "--bind",
    "-c",
    "--config",
    "--chdir",
    "--pythonpath",
    "-e",
    "--env",
    "-w",
    "--workers",
    "--threads",
    "-k",
    "--worker-class",
    "-t",
    "--timeout",
    "--graceful-timeout",
    "--keep-alive",
    "--max-requests",
    "--max-requests-jitter",
    "--log-level",
    "--log-file",
    "--error-logfile",
    "--access-logfile",
    "--access-logformat",
    "--log-config",
    "-u",
    "--user",
    "-g",
    "--group",
    "-p",
    "--pid",
    "-n",
    "--name",
    "--worker-connections",
    "--backlog",
    "--forwarded-allow-ips",
    "--proxy-allow-from",
    "--umask",
    "--statsd-host",
    "--certfile",
    "--keyfile",
    "--ca-certs",
    "--worker-tmp-dir",
    "--reload-engine",
    "--reload-extra-file",
    "--limit-request-line",
    "--limit-request-fields",
    "--limit-request-field_size",
    "--paste",
    "--syslog-addr",
    "--log-syslog-to",
    "-m",
    "--wsgi-app",
  ],
  uvicorn: [
    "--host",
    "--port",
    "--uds",
    "--fd",
    "--app-dir",
    "--env-file",
    "--workers",
    "--loop",
    "--http",
    "--ws",
    "--lifespan",
    "--interface",
    "--log-level",
    "--log-config",
    "--root-path",
    "--limit-concurrency",
    "--backlog",
    "--timeout-keep-alive",
    "--ssl-keyfile",
    "--ssl-certfile",
    "--forwarded-allow-ips",
    "--reload-dir",
    "--h11-max-incomplete-event-size",
    "--header",
  ],
  daphne: [
    "-b",
    "--bind",
    "-p",
    "--port",
    "-u",
    "--unix-socket",
    "--fd",
    "-e",
    "--endpoint",
    "-v",
    "--verbosity",
    "-t",
    "--http-timeout",
    "--access-log",
    "--log-fmt",
    "--ping-interval",
    "--ping-timeout",
    "--application-close-timeout",
    "--root-path",
    "--websocket_timeout",
    "--websocket_connect_timeout",
    "--proxy-headers-host",
    "--proxy-headers-port",
    "--server-name",
  ],
  hypercorn: [
    "-b",
    "--bind",
    "--insecure-bind",
    "--quic-bind",
    "-c",
    "--config",
    "-w",
    "--workers",
    "-k",
    "--worker-class",
    "--root-path",
    "--log-level",
    "--access-logfile",
    "--error-logfile",
    "--certfile",
    "--keyfile",
    "--pid",
    "-u",
    "--user",
    "-g",
    "--group",
    "--backlog",
    "--graceful-timeout",
    "--keep-alive",
    "--access-logformat",
    "--log-config",
    "--umask",
  ],
  granian: [
    "--host",
    "--port",
    "--uds",
    "--interface",
    "--http",
    "--loop",
    "--workers",
    "--threads",
    "--blocking-threads",
    "--url-path-prefix",
    "--log-level",
    "--backlog",
    "--ssl-keyfile",
    "--ssl-certificate",
    "--working-dir",
    "--pid-file",
    "--runtime-threads",
    "--runtime-mode",
    "--task-impl",
    "--backpressure",
    "--env-files",
    "--log-config",
  ],
  uwsgi: [],
};

/** Split a command as a shell would; `$VAR` from `env`, or a marker that makes the word unknown. */
export function splitCommand(command: string, env: EnvLookup = () => undefined): string[] {
  let parsed: ReturnType<typeof shellParse>;
  try {
    parsed = shellParse(command, (name: string) => {
      const v = env(name);
      return v === undefined ? `${MARK}${name}${MARK}` : v.value;
    });
  } catch {
    return [];
  }
  const words: string[] = [];
  for (const p of parsed) {
    if (typeof p === "string") words.push(p);
    else if ("op" in p && p.op === "glob") words.push((p as { pattern: string }).pattern);
    else if ("comment" in p) break;
    else words.push(`${MARK}op:${(p as { op: string }).op}`);
  }
  return words;
}

/** The variable names a word still refers to (left unresolved by `splitCommand`). */
export function unresolved(word: string): string[] {
  return [...word.matchAll(new RegExp(`${MARK}([^${MARK}]+)${MARK}`, "g"))].map((m) => m[1]).filter((n) => !n.startsWith("op:"));
}

export interface CommandContext {
  source: AppServerSource;
  at: Location;
  env: EnvLookup;
  /** The directory the command runs in, when the caller knows it. */
  cwd?: Fact;
  /**
   * Every variable the process starts with is known (a systemd unit whose every EnvironmentFile was read, a
   * supervisor program): one that `env` does not give is unset. Not for a Procfile, whose runner adds its own.
   */
  envComplete?: boolean;
}

/** The application servers a command line starts (one at most, except `sh -c` scripts with several). */
export function serversOfCommand(command: string, ctx: CommandContext, depth = 0): AppServer[] {
  if (depth > 0) ctx = withExports(command, ctx);
  const words = splitCommand(command, ctx.env);
  const out: AppServer[] = [];
  // Commands joined by ; && || are separate; each may start a server.
  let segment: string[] = [];
  const flush = () => {
    const s = serverOfWords(segment, ctx, depth);
    if (s) out.push(...s);
    segment = [];
  };
  for (const w of words) {
    if (w.startsWith(`${MARK}op:`)) flush();
    else segment.push(w);
  }
  flush();
  return out;
}

/** In a `sh -c` script, `export NAME=...` may change what the server reads: such names become uncertain. */
function withExports(script: string, ctx: CommandContext): CommandContext {
  const exported = new Set<string>();
  const words = splitCommand(script);
  words.forEach((w, i) => {
    const m = /^([A-Za-z_]\w*)=/.exec(w);
    if (m && words[i - 1] === "export") exported.add(m[1]);
  });
  if (!exported.size) return ctx;
  return {
    ...ctx,
    env: (name) => {
      const v = ctx.env(name);
      return v && exported.has(name) ? { value: v.value, uncertain: `the script may change it (\`export ${name}=...\`)` } : v;
    },
  };
}

function serverOfWords(words: string[], ctx: CommandContext, depth: number): AppServer[] | null {
  let i = 0;
  // Leading VAR=value assignments, `exec`, `env [-i] VAR=value`.
  const localEnv = new Map<string, string>();
  for (; i < words.length; i++) {
    const w = words[i];
    const assign = /^([A-Za-z_]\w*)=(.*)$/s.exec(w);
    if (assign) localEnv.set(assign[1], assign[2]);
    else if (w === "exec" || w === "env" || w === "-i" || w === "nohup") continue;
    else break;
  }
  const rest = words.slice(i);
  const base = (w: string) => w.slice(w.lastIndexOf("/") + 1);
  // `sh -c 'script'`: the script is a command line of its own.
  if (rest.length >= 3 && /^(ba|da|z)?sh$/.test(base(rest[0])) && rest[1] === "-c" && depth < 3) {
    return serversOfCommand(rest[2], ctx, depth + 1);
  }
  let k = rest.findIndex((w) => SERVER.test(base(w)));
  // `python -m gunicorn ...`
  const m = rest.findIndex((w, j) => w === "-m" && j > 0 && /^python[\d.]*$/.test(base(rest[j - 1])) && SERVER.test(rest[j + 1] ?? ""));
  if (m >= 0 && (k < 0 || m < k)) k = m + 1;
  if (k < 0) return null;
  const kind = (SERVER.exec(base(rest[k])) as RegExpExecArray)[1] as AppServerKind;
  const s = newServer(kind, ctx.source, ctx.at);
  if (ctx.cwd) s.chdir = s.startedIn = ctx.cwd;
  // `/srv/app/venv/bin/gunicorn`, `/srv/app/venv/bin/python -m gunicorn`: the virtualenv it runs in.
  const venv = /^(\/.+)\/bin\/[^/]+$/.exec(k > 0 && rest[k - 1] === "-m" ? (rest[k - 2] ?? "") : rest[k]);
  if (venv && !SYSTEM_PREFIX.has(venv[1])) s.venv = { value: venv[1], at: ctx.at };
  for (const [name, value] of localEnv) s.env[name] = { value, at: ctx.at, inherited: true };
  readOptions(kind, rest.slice(k + 1), s, ctx);
  return [s];
}

/** Where the system's Python and its packages live: not a virtualenv (and not the project's to read). */
const SYSTEM_PREFIX = new Set(["/usr", "/usr/local", "/opt/homebrew", ""]);

/** `--opt=value`, `--opt value`, `-o value`; the positional arguments in order. */
function splitOptions(kind: AppServerKind, args: string[]): { options: [string, string | null][]; positional: string[] } {
  const takesValue = new Set(VALUE_OPTIONS[kind]);
  const options: [string, string | null][] = [];
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith("-") || a === "-") {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    if (a.startsWith("--") && eq > 0) {
      options.push([a.slice(0, eq), a.slice(eq + 1)]);
      continue;
    }
    // uWSGI takes a value for every option that is not a flag; everything in its docs that we read does.
    if (takesValue.has(a) || (kind === "uwsgi" && args[i + 1] !== undefined && !args[i + 1].startsWith("-"))) {
      options.push([a, args[i + 1] ?? null]);
      i++;
    } else options.push([a, null]);
  }
  return { options, positional };
}

/** gunicorn's settings that one option sets whole (a later value replaces an earlier one). */
const GUNICORN_SETTING: Record<string, string> = { "-b": "bind", "--bind": "bind", "-c": "config", "--config": "config", "--chdir": "chdir" };

/**
 * gunicorn reads GUNICORN_CMD_ARGS as command-line options under those of the command itself ("Configuration
 * Overview": environment < config file < GUNICORN_CMD_ARGS < command line): the variable's bind, config and chdir
 * count where the command line does not set them; its other options are added.
 */
function withCmdArgs(options: [string, string | null][], ctx: CommandContext, s: AppServer): [string, string | null][] {
  const v = envOf(ctx, "GUNICORN_CMD_ARGS");
  if (!v) return options;
  const given = new Set(options.map(([n]) => own(GUNICORN_SETTING, n)).filter(Boolean));
  const extra = splitOptions("gunicorn", splitCommand(v.value)).options.filter(([n]) => !given.has(own(GUNICORN_SETTING, n)));
  if (v.uncertain && extra.some(([n]) => own(GUNICORN_SETTING, n) === "bind"))
    s.unknown.push({ what: "the listen address", reason: `GUNICORN_CMD_ARGS ${v.uncertain}`, at: ctx.at });
  return [...extra, ...options];
}

function readOptions(kind: AppServerKind, args: string[], s: AppServer, ctx: CommandContext): void {
  const split = splitOptions(kind, args);
  const positional = split.positional;
  const options = kind === "gunicorn" ? withCmdArgs(split.options, ctx, s) : split.options;
  const at = ctx.at;
  const fact = (value: string): Fact | null => {
    const vars = unresolved(value);
    if (vars.length) return null;
    return { value, at };
  };
  const unknownVar = (what: string, value: string) =>
    s.unknown.push({ what, reason: `uses $${unresolved(value).join(", $")}, which the linter cannot read`, at });
  const get = (...names: string[]) => options.filter(([n]) => names.includes(n)).map(([, v]) => v);
  const last = (...names: string[]) => get(...names).pop();
  const listen = (raw: string | null | undefined, defaultPort?: number) => {
    if (raw == null) return;
    if (unresolved(raw).length) return unknownVar("the listen address", raw);
    const l = parseAddress(raw, "http", at, defaultPort);
    if (l) s.listen.push(l);
    else s.unknown.push({ what: "the listen address", reason: `not an address: ${raw}`, at });
  };
  const env = (kv: string | null) => {
    const eq = kv?.indexOf("=") ?? -1;
    if (kv && eq > 0) s.env[kv.slice(0, eq)] = { value: kv.slice(eq + 1), at };
  };
  const dir = (v: string | null | undefined) => (v == null ? undefined : (fact(v) ?? void unknownVar("the working directory", v)));
  const app = positional.find((p) => /[:.]/.test(p) && !p.startsWith("/")) ?? positional[positional.length - 1];
  if (app !== undefined && kind !== "uwsgi") s.app = fact(app) ?? (unknownVar("the application", app), undefined);
  switch (kind) {
    case "gunicorn": {
      for (const b of get("-b", "--bind")) listen(b, 8000);
      for (const c of get("-c", "--config")) if (c) s.configFiles.push(fact(c) ?? { value: c, at, uncertain: "uses a variable" });
      s.chdir = dir(last("--chdir")) ?? s.chdir;
      for (const p of get("--pythonpath")) for (const part of (p ?? "").split(",")) if (part) s.pythonPath.push({ value: part, at });
      for (const e of get("-e", "--env")) env(e);
      const wsgiApp = last("--wsgi-app");
      if (wsgiApp) s.app = fact(wsgiApp) ?? s.app;
      break;
    }
    case "hypercorn":
      for (const b of get("-b", "--bind", "--insecure-bind")) listen(b, 8000);
      for (const c of get("-c", "--config")) if (c) s.configFiles.push({ value: c, at });
      break;
    case "uvicorn":
    case "granian": {
      const uds = last("--uds");
      if (uds) listen(uds.startsWith("/") ? uds : `unix:${uds}`);
      else if (last("--fd") != null) s.listen.push({ fd: Number(last("--fd")), protocol: "http", at });
      else {
        const prefix = kind === "granian" ? "GRANIAN" : "UVICORN";
        hostPort(s, optionOrEnv(ctx, last("--host"), `${prefix}_HOST`, "127.0.0.1"), optionOrEnv(ctx, last("--port"), `${prefix}_PORT`, "8000"), at);
      }
      s.chdir = dir(last("--app-dir", "--working-dir")) ?? s.chdir;
      if (kind === "uvicorn") for (const f of get("--env-file")) if (f) (s.envFiles ??= []).push({ value: f, at });
      break;
    }
    case "daphne": {
      for (const u of get("-u", "--unix-socket")) listen(u?.startsWith("/") ? u : `unix:${u}`);
      const fd = last("--fd");
      if (fd != null) s.listen.push({ fd: Number(fd), protocol: "http", at });
      for (const e of get("-e", "--endpoint")) s.unknown.push({ what: "a Twisted endpoint", reason: `--endpoint ${e} is not read`, at });
      const host = last("-b", "--bind");
      const port = last("-p", "--port");
      if (!s.listen.length || host != null || port != null) hostPort(s, host, port, at);
      break;
    }
    case "uwsgi":
      uwsgiOptions(s, options, positional, at);
      break;
  }
  if (ROOT_PATH[kind]) readRootPath(s, ctx, ROOT_PATH[kind], last);
  // The built-in default, unless an address was given (even one the linter cannot read) or a config file may give one.
  const bindGiven = options.some(([n]) => ["-b", "--bind", "--insecure-bind"].includes(n));
  if (!s.listen.length && !bindGiven && (kind === "gunicorn" || kind === "hypercorn") && !s.configFiles.length) defaultListen(s, ctx, listen);
  // Without --config, gunicorn reads gunicorn.conf.py from the directory it starts in when there is one ("Configuration
  // Overview": "gunicorn.conf.py (default in the working directory)"); its bind then replaces the default.
  if (kind === "gunicorn" && !s.configFiles.length && ctx.cwd && !ctx.cwd.uncertain && ctx.cwd.value.startsWith("/"))
    s.configFiles.push({ value: `${ctx.cwd.value.replace(/\/+$/, "")}/gunicorn.conf.py`, at, optional: true });
  const dsm = s.env.DJANGO_SETTINGS_MODULE;
  if (dsm) s.settingsModule = dsm;
}

/** The option (and environment variable) that gives an ASGI server the mount point Django's script prefix comes from. */
const ROOT_PATH: Partial<Record<AppServerKind, { option: string; env?: string }>> = {
  uvicorn: { option: "--root-path", env: "UVICORN_ROOT_PATH" },
  daphne: { option: "--root-path" },
  hypercorn: { option: "--root-path" },
  granian: { option: "--url-path-prefix", env: "GRANIAN_URL_PATH_PREFIX" },
};

/** The option that sets an ASGI server's root path, or undefined for a server that has none (WSGI servers). */
export function rootPathOption(kind: AppServerKind): string | undefined {
  return ROOT_PATH[kind]?.option;
}

/** Whether an ASGI server gives Django the mount point itself, or may: its root path set, or not ruled out. */
export function mayGiveRootPath(s: AppServer): boolean {
  return rootPathOption(s.kind) !== undefined && (s.rootPath === undefined || s.rootPath.value !== "" || s.rootPath.uncertain !== undefined);
}

/**
 * The ASGI root path: the option's value, else the environment's, else none (`""`) when the process's environment
 * is wholly known and no configuration file may set it; uncertain otherwise.
 */
function readRootPath(s: AppServer, ctx: CommandContext, how: { option: string; env?: string }, last: (...names: string[]) => string | null | undefined): void {
  const at = ctx.at;
  const given = last(how.option);
  if (given != null) {
    s.rootPath = unresolved(given).length ? { value: given, at, uncertain: "uses a variable" } : { value: given, at };
    return;
  }
  const env = how.env ? envOf(ctx, how.env) : undefined;
  if (env) s.rootPath = { value: env.value, at, ...(env.uncertain ? { uncertain: env.uncertain } : {}) };
  else if (s.configFiles.length) s.rootPath = { value: "", at, uncertain: "its configuration file may set root_path" };
  // daphne and hypercorn take it on the command line only: an environment the linter cannot read changes nothing.
  else if (!ctx.envComplete && how.env) s.rootPath = { value: "", at, uncertain: `the environment it starts in may set ${how.env}` };
  else s.rootPath = { value: "", at };
}

/** gunicorn's and hypercorn's address when none is given: gunicorn binds 0.0.0.0:$PORT when PORT is set. */
function defaultListen(s: AppServer, ctx: CommandContext, listen: (raw: string) => void): void {
  const port = envOf(ctx, "PORT");
  if (s.kind === "gunicorn" && port) listen(`0.0.0.0:${port.value}`);
  // Whatever runs a Procfile (Heroku, Dokku, foreman, honcho) sets PORT.
  else if (s.kind === "gunicorn" && s.source === "procfile")
    s.unknown.push({ what: "the listen address", reason: "gunicorn binds 0.0.0.0:$PORT, and the Procfile's runner sets PORT", at: ctx.at });
  else s.listen.push({ address: "127.0.0.1:8000", protocol: "http", at: ctx.at, isDefault: true });
}

function envOf(ctx: CommandContext, name: string): EnvValue | undefined {
  return ctx.env(name);
}

/**
 * An option's value, else the environment variable's: what both leave out is the built-in default, which a file of
 * variables the linter cannot read may change (UVICORN_PORT): only a guess then.
 */
function optionOrEnv(ctx: CommandContext, given: string | null | undefined, name: string, fallback: string): string | EnvValue | null | undefined {
  return given ?? envOf(ctx, name) ?? (ctx.envComplete === false ? { value: fallback, uncertain: `the environment it starts in may set ${name}` } : undefined);
}

/** `--host`/`--port` pairs: the defaults are 127.0.0.1 and 8000 for uvicorn, daphne and granian. */
function hostPort(s: AppServer, host: string | EnvValue | null | undefined, port: string | EnvValue | null | undefined, at: Location): void {
  const h = typeof host === "object" && host ? host.value : (host ?? "127.0.0.1");
  const p = typeof port === "object" && port ? port.value : (port ?? "8000");
  const vars = [...unresolved(h), ...unresolved(p)];
  if (vars.length) {
    s.unknown.push({ what: "the listen address", reason: `uses $${vars.join(", $")}, which the linter cannot read`, at });
    return;
  }
  const l = parseAddress(h.includes(":") && !h.startsWith("[") ? `[${h}]:${p}` : `${h}:${p}`, "http", at);
  if (!l) return void s.unknown.push({ what: "the listen address", reason: `not an address: ${h}:${p}`, at });
  if (host == null && port == null) l.isDefault = true;
  const uncertain = [host, port].map((x) => (typeof x === "object" && x ? x.uncertain : undefined)).find(Boolean);
  s.listen.push(uncertain ? { ...l, uncertain } : l);
}

function uwsgiOptions(s: AppServer, options: [string, string | null][], positional: string[], at: Location): void {
  // `--protocol=http` (or `--socket-protocol`) makes the plain `--socket`/`-s` lines speak it, as in the ini.
  const forced = options.filter(([n]) => n === "--protocol" || n === "--socket-protocol").pop()?.[1];
  for (const [name, v] of options) {
    if (v == null) continue;
    const protocol = uwsgiListenProtocol(name.replace(/^--?/, ""), forced);
    if (protocol) {
      if (unresolved(v).length)
        s.unknown.push({ what: name.replace(/^-+/, ""), reason: `uses $${unresolved(v).join(", $")}, which the linter cannot read`, at });
      else {
        const l = parseAddress(v.split(",")[0], protocol, at);
        if (l) s.listen.push(l);
      }
    } else if (name === "--module" || name === "-w" || name === "--wsgi") s.app = { value: v, at };
    else if (name === "--wsgi-file" || name === "--file") s.wsgiFile = { value: v, at };
    else if (name === "--chdir") s.chdir = { value: v, at };
    else if (name === "--pythonpath") s.pythonPath.push({ value: v, at });
    else if (name === "--virtualenv" || name === "--venv" || name === "--home" || name === "-H" || name === "--pyhome") s.venv = { value: v, at };
    else if (name === "--ini" || name === "--yaml" || name === "--xml" || name === "--json") s.configFiles.push({ value: v, at });
    else if (name === "--env") {
      const eq = v.indexOf("=");
      if (eq > 0) s.env[v.slice(0, eq)] = { value: v.slice(eq + 1), at, configsBefore: s.configFiles.length };
    }
  }
  // `uwsgi file.ini`: a positional configuration file.
  for (const p of positional) if (/\.(ini|ya?ml|xml|json)$/.test(p)) s.configFiles.push({ value: p, at });
}
