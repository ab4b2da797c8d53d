/**
 * An application server as a configuration or command line starts it: where
 * it listens, which protocol it speaks there, which application and settings
 * module it loads, from which directory. Values that depend on what the
 * linter cannot read carry a reason instead of a guess.
 */
import { SourceFile } from "../../../source/source-file.js";
import type { Location } from "../python/values.js";

export type AppServerKind = "uwsgi" | "gunicorn" | "uvicorn" | "daphne" | "hypercorn" | "granian";
export type AppServerSource = "uwsgi-ini" | "uwsgi-yaml" | "uwsgi-xml" | "gunicorn-config" | "systemd" | "procfile" | "supervisor" | "command";
export type Protocol = "http" | "https" | "uwsgi" | "fastcgi";

export interface Listen {
  /** `host:port` (`[::]:8000` for IPv6; `*:8000` when the host part is empty, all interfaces). */
  address?: string;
  /** A unix socket path. */
  socket?: string;
  /** A file descriptor handed over by a supervisor (`--fd 0`, `fd://3`) with nothing else known. */
  fd?: number;
  protocol: Protocol;
  at: Location;
  /** The server's built-in default, used because nothing sets the address. */
  isDefault?: true;
  /** Why this address may not hold (an `if-env` block, a variable the linter cannot read), or undefined. */
  uncertain?: string;
  /** The environment variable this address is the default of (`bind = os.environ.get("GUNICORN_BIND", ...)`). */
  fromEnv?: string;
  /** The container port a Compose service publishes here (`ports: ["127.0.0.1:8081:8000"]`): the server listens on it inside. */
  publishes?: string;
}

export interface Fact {
  value: string;
  at: Location;
  /** Why the value may not hold (an environment file that cannot be read, a default), or undefined. */
  uncertain?: string;
  /** A file the server reads only when it is there (gunicorn's `./gunicorn.conf.py`): its absence is no finding. */
  optional?: true;
}

/** A variable of the server's environment. */
export interface EnvFact extends Fact {
  /**
   * Set in the environment the server starts in (systemd's `Environment=`, supervisor's `environment=`, `VAR=value`
   * before the command), which the server's own configuration replaces: gunicorn's `raw_env` and uWSGI's `env =` write
   * the process's environment once started (gunicorn's arbiter, uWSGI's putenv).
   */
  inherited?: true;
  /**
   * uWSGI: how many configuration files its command line named before this `--env` (or, for a variable a file set,
   * which file it was). uWSGI applies its options in order, so a file named after the option replaces it.
   */
  configsBefore?: number;
}

/**
 * A server's environment once a configuration file is read: the file's variables over the environment it was
 * started in (and over what `replaced` says the file comes after), the command line's options over both.
 */
export function envWithConfig(
  started: Record<string, EnvFact>,
  config: Record<string, EnvFact>,
  replaced: (v: EnvFact) => boolean = (v) => v.inherited === true,
): Record<string, EnvFact> {
  const env: Record<string, EnvFact> = {};
  for (const [k, v] of Object.entries(started)) if (replaced(v)) env[k] = v;
  Object.assign(env, config);
  for (const [k, v] of Object.entries(started)) if (!replaced(v)) env[k] = v;
  return env;
}

export interface AppServer {
  kind: AppServerKind;
  source: AppServerSource;
  file: string;
  at: Location;
  listen: Listen[];
  /** `module:callable` or a module (gunicorn `x.wsgi:application`, uWSGI `module =`). */
  app?: Fact;
  /** A WSGI script file (uWSGI `wsgi-file =`). */
  wsgiFile?: Fact;
  settingsModule?: Fact;
  /** The directory the server runs in: its own option (`--chdir`, uWSGI `chdir`), else where it was started. */
  chdir?: Fact;
  /**
   * The virtualenv it runs in: the one its executable is in (`/srv/app/venv/bin/gunicorn`), or uWSGI's `virtualenv`/`home`.
   * Its site-packages are on the import path (where a pip-installed application's package is).
   */
  venv?: Fact;
  /** Where the process manager started it (systemd `WorkingDirectory=`, supervisor `directory=`): a `chdir` of its own configuration moves it. */
  startedIn?: Fact;
  pythonPath: Fact[];
  /** The process environment the server sets (uWSGI `env =`, gunicorn `raw_env`/`--env`, systemd, supervisor). */
  env: Record<string, EnvFact>;
  /**
   * An ASGI server's root path (uvicorn's, daphne's and hypercorn's `--root-path`, granian's `--url-path-prefix`),
   * which Django takes as the script prefix: `""` when none is set, `uncertain` when the linter cannot tell.
   */
  rootPath?: Fact;
  /** Other configuration files the command names (gunicorn `--config`, uWSGI `--ini`). */
  configFiles: Fact[];
  /** Files of variables the server loads into its own environment (uvicorn's `--env-file`, read with python-dotenv). */
  envFiles?: Fact[];
  /** What could not be read, each with its reason. */
  unknown: { what: string; reason: string; at: Location }[];
}

export function newServer(kind: AppServerKind, source: AppServerSource, at: Location): AppServer {
  return { kind, source, file: at.file, at, listen: [], pythonPath: [], env: {}, configFiles: [], unknown: [] };
}

/** A location from offsets in a file's text. */
export function locate(source: SourceFile, start: number, end: number): Location {
  return { file: source.path, ...source.range(start, end) };
}

/**
 * An address as the servers write them: `unix:/path` or `/path` (a socket),
 * `fd://3`, `host:port`, `[v6]:port`, `:port` (all interfaces), `host` (with
 * `defaultPort`). Null when it is none of these.
 */
export function parseAddress(raw: string, protocol: Protocol, at: Location, defaultPort?: number): Listen | null {
  const v = raw.trim();
  if (!v) return null;
  if (/^unix:/i.test(v)) return { socket: v.replace(/^unix:(\/\/)?/i, "") || undefined, protocol, at };
  if (v.startsWith("/") || v.startsWith("./") || v.startsWith("@")) return { socket: v, protocol, at };
  const fd = /^fd:\/\/(\d+)$/.exec(v);
  if (fd) return { fd: Number(fd[1]), protocol, at };
  const tcp = /^(?:tcp:\/\/)?(\[[0-9a-fA-F:.]*\]|[^:\s[\]]*)(?::(\d{1,5}))?$/.exec(v);
  if (!tcp) return null;
  const port = tcp[2] !== undefined ? Number(tcp[2]) : defaultPort;
  if (port === undefined || port > 65535) return null;
  return { address: `${tcp[1] || "*"}:${port}`, protocol, at };
}
