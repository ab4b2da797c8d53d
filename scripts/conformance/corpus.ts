/**
 * Corpus selection and wrapping: the manifest's files, one private copy of a
 * dialect's corpus per lane (cases are mutated in place, so two lanes never
 * share files), and the minimal main configs that give a fragment the context
 * it was written for.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { CORPUS, corpusFiles } from "../../test/support/corpus.js";
import type { Dialect, Subject, Wrap } from "./types.js";

export { CORPUS };

/** The manifest's files of a dialect (read by the tests' own corpus reader), in path order. */
export function subjects(dialect: Dialect): Subject[] {
  return corpusFiles(dialect)
    .map((f) => ({ dialect, rel: path.relative(CORPUS, f.path), notes: f.notes, invalid: f.invalid }))
    .sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** lighttpd runs `include_shell` commands while it parses: in the copies, each becomes `include_shell "true"`. */
export const defuse = (text: string) => text.replace(/^([ \t]*)include_shell\b.*$/gm, '$1include_shell "true"');

/** Text is valid UTF-8 (mutants of other files would not be byte-faithful). */
export const isUtf8 = (buf: Buffer) => Buffer.from(buf.toString("utf8"), "utf8").equals(buf);

/** One worker's private world: a copy of the dialect's corpus and scratch directories. */
export class Lane {
  readonly root: string;
  constructor(
    readonly dialect: Dialect,
    readonly index: number,
  ) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), `djlint-conformance-${dialect}-${index}-`));
    fs.cpSync(path.join(CORPUS, dialect), path.join(this.root, dialect), { recursive: true });
    if (dialect === "lighttpd") {
      const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p);
          else if (e.isFile()) fs.writeFileSync(p, defuse(fs.readFileSync(p, "latin1")), "latin1");
        }
      };
      walk(path.join(this.root, dialect));
    }
    for (const d of ["run", "lock", "log", "htdocs", "empty-root", "prefix/logs"]) fs.mkdirSync(path.join(this.root, ".scratch", d), { recursive: true });
  }
  /** Absolute path of a corpus file in this lane's copy. */
  abs(rel: string): string {
    return path.join(this.root, rel);
  }
  /** A corpus-relative path when `p` is in this lane's copy; the path itself otherwise. */
  rel(p: string): string {
    const r = path.relative(this.root, p);
    return r.startsWith("..") || path.isAbsolute(r) ? p : r;
  }
  scratch(...parts: string[]): string {
    return path.join(this.root, ".scratch", ...parts);
  }
  dispose() {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** Contexts tried, in order, until the server's verdict is not "not allowed here" at the file's top level. */
export const WRAPS: Record<Dialect, Wrap[]> = {
  apache: ["top", "directory"],
  nginx: ["main", "http", "server", "location"],
  lighttpd: ["main", "top"],
};

/** `.htaccess` files hold directory-context directives: they go straight into `<Directory>`. */
export const wrapsFor = (s: Subject): Wrap[] => (s.dialect === "apache" && /(^|\/)\.?htaccess[^/]*$/.test(s.rel) ? ["directory"] : WRAPS[s.dialect]);

const APACHE_MODULES = "/usr/lib/apache2/modules";
const NGINX_MODULES = "/usr/lib/nginx/modules";

/** Every module this machine's httpd has (one MPM): what a module is missing for is then a verdict about the build, not the file. */
export function apacheModules(): { name: string; file: string }[] {
  if (!fs.existsSync(APACHE_MODULES)) return [];
  const mods = fs
    .readdirSync(APACHE_MODULES)
    .filter((f) => /^mod_\w+\.so$/.test(f) && !/^mod_mpm_/.test(f))
    .sort()
    .map((f) => ({ name: `${f.slice(4, -3)}_module`, file: path.join(APACHE_MODULES, f) }));
  return [{ name: "mpm_event_module", file: path.join(APACHE_MODULES, "mod_mpm_event.so") }, ...mods];
}

export function nginxModules(): string[] {
  return fs.existsSync(NGINX_MODULES)
    ? fs
        .readdirSync(NGINX_MODULES)
        .filter((f) => f.endsWith(".so"))
        .sort()
        .map((f) => path.join(NGINX_MODULES, f))
    : [];
}

export type ApacheModule = { name: string; file: string };

let directiveModules: Map<string, string> | null = null;

/**
 * Directive name (lower case, `<` dropped) -> module file, from `apache2 -L` with every module
 * loaded. Loading all ~120 modules costs httpd ~100 ms per run; a case loads only what it names.
 */
export function apacheDirectiveModules(bin: string, lane: Lane): Map<string, string> {
  if (directiveModules) return directiveModules;
  const conf = lane.scratch("all-modules.conf");
  const head = [
    `ServerRoot "${lane.scratch("empty-root")}"`,
    `PidFile "${lane.scratch("run", "httpd.pid")}"`,
    `ErrorLog "${lane.scratch("log", "error.log")}"`,
    "ServerName localhost",
  ];
  fs.writeFileSync(conf, [...head, ...apacheModules().map((m) => `LoadModule ${m.name} ${m.file}`), ""].join("\n"));
  const r = spawnSync(bin, ["-L", "-f", conf], { encoding: "utf8", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...apacheEnv(lane) } });
  directiveModules = new Map();
  for (const m of (r.stdout ?? "").matchAll(/^<?([A-Za-z][\w-]*) \((mod_\w+)\.c\)$/gm)) {
    const file = path.join(APACHE_MODULES, `${m[2]}.so`);
    if (fs.existsSync(file)) directiveModules.set(m[1].toLowerCase(), file);
  }
  return directiveModules;
}

/** Modules other modules need loaded first. */
const DEPENDS: [RegExp, string[]][] = [
  [/^mod_(proxy_\w+|lbmethod_\w+)$/, ["mod_proxy"]],
  [/^mod_lbmethod_\w+$/, ["mod_proxy_balancer", "mod_slotmem_shm"]],
  [/^mod_proxy_balancer$/, ["mod_slotmem_shm"]],
  [/^mod_proxy_html$/, ["mod_xml2enc"]],
  [/^mod_authnz_ldap$/, ["mod_ldap"]],
  [/^mod_session_\w+$/, ["mod_session"]],
  [/^mod_dav_\w+$/, ["mod_dav"]],
  [/^mod_cache_\w+$/, ["mod_cache"]],
  [/^mod_ssl$/, ["mod_socache_shmcb"]],
  [/^mod_security2$/, ["mod_unique_id"]],
  [/^mod_auth_(basic|digest|form)$/, ["mod_authn_core", "mod_authn_file"]],
];

/** The modules a file names (directives, `<IfModule>` arguments), with what they need; MPM and authz_core always. */
export function apacheModulesFor(texts: string[], map: Map<string, string>): ApacheModule[] {
  const all = apacheModules();
  const files = new Set<string>([all[0]?.file, path.join(APACHE_MODULES, "mod_authz_core.so")].filter(Boolean) as string[]);
  for (const text of texts) {
    for (const m of text.matchAll(/^[ \t]*<?\/?([A-Za-z][\w-]*)/gm)) {
      const f = map.get(m[1].toLowerCase());
      if (f) files.add(f);
    }
    for (const m of text.matchAll(/<IfModule\s+!?\s*"?([\w.]+)"?\s*>/gi)) {
      const id = m[1]
        .replace(/\.c$/, "")
        .replace(/_module$/, "")
        .replace(/^mod_/, "");
      const f = path.join(APACHE_MODULES, `mod_${id}.so`);
      if (fs.existsSync(f)) files.add(f);
    }
  }
  for (let changed = true; changed;) {
    changed = false;
    for (const f of [...files]) {
      const base = path.basename(f, ".so");
      for (const [re, deps] of DEPENDS)
        if (re.test(base))
          for (const d of deps) {
            const df = path.join(APACHE_MODULES, `${d}.so`);
            if (fs.existsSync(df) && !files.has(df)) {
              files.add(df);
              changed = true;
            }
          }
    }
  }
  return all.filter((m) => files.has(m.file));
}

/** The Debian envvars that `${APACHE_*}` in apache2.conf-style files read. */
export function apacheEnv(lane: Lane): Record<string, string> {
  return {
    APACHE_RUN_USER: "www-data",
    APACHE_RUN_GROUP: "www-data",
    APACHE_PID_FILE: lane.scratch("run", "apache2.pid"),
    APACHE_RUN_DIR: lane.scratch("run"),
    APACHE_LOCK_DIR: lane.scratch("lock"),
    APACHE_LOG_DIR: lane.scratch("log"),
    LANG: "C",
  };
}

/** Environment the lighttpd upstream test configs read (`env.SRCDIR`...). */
export function lighttpdEnv(dir: string): Record<string, string> {
  return {
    SRCDIR: dir,
    PERL: "/usr/bin/perl",
    PHP: "/usr/bin/php-cgi",
    EPHEMERAL_PORT: "8080",
    PORT: "8080",
    SUBFOLDER: "/sub",
    condition_include_file: "/dev/null",
    env_test: "x",
    LANG: "C",
  };
}

/** Apache's ServerRoot for a file: the nearest ancestor in its tree holding apache2.conf/httpd.conf (relative Includes resolve there). */
export function apacheServerRoot(lane: Lane, rel: string): string {
  const top = lane.abs(rel.split("/").slice(0, 2).join("/"));
  for (let d = path.dirname(lane.abs(rel)); d.startsWith(top); d = path.dirname(d)) {
    if (["apache2.conf", "httpd.conf"].some((n) => fs.existsSync(path.join(d, n)))) return d;
    if (d === top) break;
  }
  return lane.scratch("empty-root");
}

/** Files Debian's nginx installs beside nginx.conf, which a repository's copy of a site often includes without carrying. */
const NGINX_STOCK = ["fastcgi_params", "fastcgi.conf", "mime.types", "proxy_params", "scgi_params", "uwsgi_params", "koi-utf", "koi-win", "win-utf"];

/**
 * For a file that includes one of nginx's stock files by a relative name its tree lacks,
 * a copy of Debian's (/etc/nginx) beside it, in the lane; returns what it added (to remove afterwards).
 */
export function supplyNginxStock(lane: Lane, rel: string, text: string): string[] {
  const dir = path.dirname(lane.abs(rel));
  const added: string[] = [];
  for (const m of text.matchAll(/(?:^|[;{}\s])include\s+["']?([\w.-]+)["']?\s*;/g)) {
    const name = m[1];
    const target = path.join(dir, name);
    const stock = path.join("/etc/nginx", name);
    if (NGINX_STOCK.includes(name) && !fs.existsSync(target) && fs.existsSync(stock)) {
      fs.copyFileSync(stock, target);
      added.push(target);
    }
  }
  return added;
}

export interface Wrapped {
  /** The file the server (and the linter) is run on. */
  main: string;
  /** Wrapper text written at `main` (null when the subject itself is the main file). */
  text: string | null;
  /** Apache ServerRoot / nginx prefix for the linter. */
  serverRoot?: string;
  nginxPrefix?: string;
  /** Working directory for the server. */
  cwd: string;
}

/** The main config for checking `rel` in context `wrap`. */
export function wrap(lane: Lane, rel: string, how: Wrap, modules: ApacheModule[] = apacheModules()): Wrapped {
  const file = lane.abs(rel);
  const dir = path.dirname(file);
  const here = path.join(dir, ".conformance-wrap.conf");
  switch (lane.dialect) {
    case "apache": {
      const root = apacheServerRoot(lane, rel);
      const inc = `Include "${file}"`;
      const text = [
        `ServerRoot "${root}"`,
        ...modules.map((m) => `LoadModule ${m.name} ${m.file}`),
        "ServerName localhost",
        `PidFile "${lane.scratch("run", "httpd.pid")}"`,
        `ErrorLog "${lane.scratch("log", "error.log")}"`,
        ...(how === "directory" ? [`<Directory "${lane.scratch("htdocs")}">`, inc, "</Directory>"] : [inc]),
        "",
      ].join("\n");
      return { main: lane.scratch("httpd.conf"), text, serverRoot: root, cwd: lane.scratch() };
    }
    case "nginx": {
      const loads = nginxModules().map((m) => `load_module ${m};`);
      const inc = `include ${path.basename(file)};`;
      const body: Record<string, string[]> = {
        main: [inc],
        http: ["events {}", "http {", inc, "}"],
        server: ["events {}", "http {", "server {", inc, "}", "}"],
        location: ["events {}", "http {", "server {", "location / {", inc, "}", "}", "}"],
      };
      return { main: here, text: [...loads, ...body[how], ""].join("\n"), nginxPrefix: dir, cwd: dir };
    }
    case "lighttpd":
      if (how === "main") return { main: file, text: null, cwd: dir };
      return { main: here, text: `server.document-root = "${lane.scratch("htdocs")}"\ninclude "${path.basename(file)}"\n`, cwd: dir };
  }
}
