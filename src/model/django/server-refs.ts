/**
 * What the web servers of a run say about the Django side: the WSGI scripts
 * mod_wsgi runs (with their `python-path=`/`WSGIPythonPath`), the settings
 * modules mod_python is told (`SetEnv`/`PythonOption DJANGO_SETTINGS_MODULE`),
 * and each server block / virtual host with its names and the backends it
 * passes requests to. Read from the server models (each dialect's plugin
 * lists its site blocks: `DialectPlugin.siteBlocks`, from
 * src/model/<dialect>/django-sites.ts); nothing here reads Python.
 */
import type { Positioned, Range } from "../../core/range.js";
import type { Dialect } from "../../core/dialect.js";
import { isLocalHost, templatedPortHost } from "../nginx/addresses.js";

/** A place in a server configuration that names something on the Django side. */
export interface RefAt {
  file: string;
  line: number;
  /** The exact place, when known: where a finding about the reference points. */
  range?: Range;
}

export interface ScriptRef {
  /** Server path of the WSGI script. */
  script: string;
  pythonPath: string[];
  at: RefAt;
  /** The virtual host (Apache) that runs it, to tie the host to the project. */
  block: Positioned;
  /**
   * Not the only thing that ties the site (a FastCGI program lighttpd spawns beside the socket it proxies to): a
   * script that cannot be read here is not reported, since the rules still check the site.
   */
  besideBackend?: true;
  /**
   * Named with a trailing `/` (`WSGIScriptAlias / /var/www/rb/htdocs/reviewboard.wsgi/`, as Review Board's rb-site
   * writes it): a directory of scripts, unless the path is a file, which Apache's walk then runs (the rest of the
   * URL its PATH_INFO). Read only when it is one.
   */
  maybeDirectory?: true;
  /** The Python home (a virtualenv) the script runs in: its packages are where an application installed with pip is. */
  pythonHome?: string;
}

export interface SettingsRef {
  module: string;
  /** mod_python's `PythonPath` in effect there: the directories of the list literal. */
  pythonPath: string[];
  at: RefAt;
  block: Positioned;
}

/** A backend address a server block passes requests to. */
export interface BackendRef {
  /** `host:port` (host lower case) or null for a unix socket. */
  address: string | null;
  socket: string | null;
  /** Loopback, a unix socket, a private address or a bare (container) name: an application backend, not an outside site. */
  local: boolean;
  /**
   * A template decides the port (`127.0.0.1:{{ app_port }}`): the address reads `host:?`, which no app server's
   * listen matches, but the block still passes requests to an application backend on that host.
   */
  templatedPort?: true;
}

/** A server block (nginx), virtual host (Apache) or host condition (lighttpd). */
export interface SiteBlock {
  dialect: Dialect;
  /** The block as a position (its opening line): where findings about the site point. */
  block: Positioned;
  /**
   * The block whose settings the site runs under, when findings point at an enclosing one (lighttpd: a `$HTTP["url"]`
   * condition or `else` that proxies, inside the `$HTTP["host"]` block that names the site); absent: `block`.
   */
  scope?: Positioned;
  /** The mod_macro `Use` that made the virtual host (written in the macro's body): where the site is named, and what tells apart the hosts one body makes. */
  use?: Positioned;
  names: string[];
  backends: BackendRef[];
  scripts: ScriptRef[];
  settingsRefs: SettingsRef[];
  /** Every location/URL answers with a redirect or `return`: not tied to anything. */
  onlyRedirects: boolean;
  /**
   * Whether the block itself looks like a Django site (nginx: uwsgi_pass, a backend named after a Python app server,
   * `/static/` or `/media/` served from disk beside the proxy); undefined where the dialect does not say.
   */
  djangoLike?: boolean;
  /**
   * The addresses an Apache virtual host answers on (`<VirtualHost 127.0.0.1:8081>`: `127.0.0.1:8081`): a front that
   * proxies there reaches what the host runs.
   */
  answersAt?: string[];
}

/**
 * A field of a site block computed when first read: `onlyRedirects` and `djangoLike` are asked only when the run
 * has a project to tie sites to (sites.ts), and a fleet's configuration linted without its projects never needs them.
 */
export function lazily(b: SiteBlock, key: "djangoLike" | "onlyRedirects", compute: () => boolean): void {
  Object.defineProperty(b, key, {
    get() {
      const value = compute();
      Object.defineProperty(b, key, { value, enumerable: true, writable: true });
      return value;
    },
    enumerable: true,
    configurable: true,
  });
}

export const refAt = (n: Positioned): RefAt => ({ file: n.file, line: n.range.line, range: n.range });

/** Names that say a backend is a Python app server or Django: `upstream gunicorn`, `unix:/run/uwsgi/app.sock`. */
export const DJANGO_WORDS = /django|gunicorn|uwsgi|wsgi|daphne|uvicorn|hypercorn|waitress/i;
/** Django's conventional URL prefixes for files served from disk beside the application. */
export const FILE_PREFIXES = /^\/(static|media|staticfiles|assets|uploads)\/?$/;

/** A backend address as a site block lists it (a unix socket when `unix` is given). */
export function backendRef(host: string | null, port: number | null, unix: string | null): BackendRef {
  if (unix !== null) return { address: null, socket: unix, local: true };
  const h = (host ?? "").toLowerCase();
  return { address: `${h}:${port ?? 80}`, socket: null, local: h !== "" && isLocalHost(h) };
}

/**
 * A backend on a known host whose port a template decides (`http://127.0.0.1:{{ app_port }}/`, after the grammars
 * read the expression as placeholder characters); null for anything else.
 */
export function templatedPortBackend(target: string): BackendRef | null {
  const host = templatedPortHost(target);
  if (host === null) return null;
  return { address: `${host}:?`, socket: null, local: isLocalHost(host), templatedPort: true };
}

/** `http://127.0.0.1:8000/`, `uwsgi://app:3031/`, `unix:/run/app.sock|http://localhost/`: the address; null for `!` and outside URLs it cannot read. */
export function proxyBackend(url: string): BackendRef | null {
  const unix = /^unix:([^|]+)\|/i.exec(url);
  if (unix) return backendRef(null, null, unix[1]);
  const templated = templatedPortBackend(url);
  if (templated) return templated;
  const m = /^(https?|uwsgi|fcgi|ws|wss|h2c?|scgi):\/\/(\[[^\]]+\]|[^/:]+)(?::(\d+))?/i.exec(url);
  if (!m || m[2].includes("$")) return null;
  const scheme = m[1].toLowerCase();
  const port = m[3] !== undefined ? Number(m[3]) : scheme === "https" || scheme === "wss" ? 443 : 80;
  return backendRef(m[2], port, null);
}
