/**
 * Command-line inputs -> the files to lint. A file is taken as given; a
 * directory is searched for configuration files by name (`*.conf`, `.htaccess`,
 * `*.load`, `*.nginx`, and extensionless files in the directories
 * distributions keep sites in: sites-enabled/, conf.d/, vhosts/...; and
 * templates of those names: `site.conf.j2`, `httpd.conf.erb`, the nginx
 * image's envsubst `default.conf.template`), whichever
 * server they configure (the engine tells Apache, nginx and lighttpd apart);
 * files such as nginx's `fastcgi_params` or `mime.types` are reached through
 * the includes of the main config instead. Application-server files are taken too
 * (`*.service`, `Procfile`, `gunicorn*.py`, uWSGI ini files: isAppServerName),
 * for the Django side. Anything else is a glob (tinyglobby). An input that matches nothing is a usage error, as in ESLint.
 */
import { fnmatchRegExp, hasWildcard } from "../load/fnmatch.js";
import fs from "node:fs";
import path from "node:path";
import { globSync } from "tinyglobby";
import { UsageError } from "../core/errors.js";
import { configName } from "../template/detect.js";

const SKIP_DIRS = new Set([".git", ".hg", ".svn", "node_modules"]);
/** What a glob never matches: version control, dependencies, and djlint-conf's own --cache file (src/cli/cache.ts). */
const DEFAULT_IGNORES = ["**/node_modules/**", "**/.git/**", "**/.djlint-conf-cache"];
const CONF_DIRS = new Set([
  "sites-available",
  "sites-enabled",
  "conf.d",
  "conf-available",
  "conf-enabled",
  "mods-available",
  "mods-enabled",
  "vhosts.d",
  "vhosts",
]);

/** Names that are configuration (or a template of one) when found inside a directory. */
export function isConfigName(p: string): boolean {
  const base = path.basename(configName(p));
  // The official nginx image renders `/etc/nginx/templates/*.template` with envsubst into conf.d/ (`default.conf.template`).
  if (/\.(conf|load|vhost|htaccess|nginx)(\.template)?$/i.test(base)) return true;
  if (base === ".htaccess" || base === "htaccess.txt") return true;
  return CONF_DIRS.has(path.basename(path.dirname(p))) && !base.includes(".") && !base.startsWith(".");
}

/**
 * Application-server files found by name inside a directory (the engine reads them for the Django side, and sets
 * aside any whose content is not an app server's): systemd units, Procfiles, gunicorn's Python configuration, and
 * uWSGI ini, XML and YAML files named after uWSGI or kept where Debian and the Emperor keep them. Supervisor's are `*.conf`.
 */
export function isAppServerName(p: string): boolean {
  const base = path.basename(configName(p));
  if (/\.service$/.test(base) || /^Procfile(\.[\w-]+)?$/.test(base) || /^gunicorn[\w.-]*\.py$/.test(base)) return true;
  return /\.(ini|xml|ya?ml)$/.test(base) && (/uwsgi/i.test(base) || UWSGI_DIRS.has(path.basename(path.dirname(p))));
}
// Debian's apps-enabled, the Emperor's vassals, and /etc/uwsgi.d (the Emperor's directory in Fedora's and EPEL's uwsgi).
const UWSGI_DIRS = new Set(["apps-enabled", "apps-available", "vassals", "uwsgi", "uwsgi.d"]);

export interface ExpandOptions {
  /** An input that matches nothing is a usage error (default), or is skipped (--no-error-on-unmatched-pattern). */
  errorOnUnmatched?: boolean;
  /** Told of each file a directory search leaves out though it reads as a server's configuration (passedOver). */
  passedOver?: (file: string, reason: string) => void;
}

/**
 * The files to lint, each once: a file reached under two names (a
 * sites-available file and its sites-enabled link, two hard links are two
 * files) keeps the first name it was reached by.
 */
export function expandInputs(inputs: string[], cwd: string, opts: ExpandOptions = {}): string[] {
  const out = new Set<string>();
  const unmatched = (message: string) => {
    if (opts.errorOnUnmatched !== false) throw new UsageError(message);
  };
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(abs);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) {
      const over: string[] = [];
      const found = enabledOnly(
        walk(abs, (f, why) => {
          over.push(f);
          opts.passedOver?.(f, why);
        }),
      );
      if (!found.length) {
        const hint = over.length ? `; ${path.relative(cwd, over[0]) || over[0]} holds a server's block but no extension: name it on the command line` : "";
        unmatched(`no files to lint in the directory '${input}': it holds no ${FOUND_IN_DIRECTORIES}${hint}`);
      }
      for (const f of found) out.add(f);
    } else if (st)
      out.add(abs); // a device or FIFO too: the engine says what it is and never reads it
    // A link this machine cannot follow (Debian's `apps-enabled/x.ini -> /etc/uwsgi/apps-available/x.ini` in a copy):
    // the engine reads it through --map, and says so when that cannot either.
    else if (fs.lstatSync(abs, { throwIfNoEntry: false })?.isSymbolicLink()) out.add(abs);
    else if (/[*?[\]{}]/.test(input)) {
      const found = globSync(input, { cwd, absolute: true, dot: true, onlyFiles: true, ignore: DEFAULT_IGNORES });
      if (!found.length) unmatched(`no files match the pattern '${input}'`);
      for (const f of found.sort()) out.add(path.resolve(f));
    } else unmatched(`no such file or directory: '${input}'`);
  }
  return onePerFile([...out]);
}

/**
 * The paths without those naming a file already listed (by its real path). A systemd instance's link
 * (`multi-user.target.wants/ledger@staging.service` -> `../ledger@.service`) is a unit of its own: systemd runs the
 * template once per instance, each with its `%i`.
 */
function onePerFile(paths: string[]): string[] {
  const seen = new Set<string>();
  return paths.filter((p) => {
    let real: string;
    try {
      real = fs.realpathSync(p);
    } catch {
      return true; // a dangling link: the engine reports it
    }
    const key = SYSTEMD_INSTANCE.test(path.basename(p)) ? `${real}\0${path.basename(p)}` : real;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A systemd unit instance's name (`name@instance.service`), not its template's (`name@.service`). */
const SYSTEMD_INSTANCE = /^[^@/]+@[^@/]+\.(service|socket)$/;

/** What a directory is searched for, as the usage error says it. */
const FOUND_IN_DIRECTORIES = "*.conf, *.load, *.vhost, *.nginx or .htaccess file, nor an extensionless file in sites-enabled/, conf.d/ or the like";

/** Directories below this depth are not searched. */
const MAX_DEPTH = 64;

/**
 * Debian's pairs: the server reads a file of the first directory only through a link of the same name in the second
 * (Debian's uWSGI starts an instance per file of apps-enabled/).
 */
const ENABLED_DIRS: Record<string, string> = {
  "sites-available": "sites-enabled",
  "conf-available": "conf-enabled",
  "mods-available": "mods-enabled",
  "apps-available": "apps-enabled",
};

/**
 * A directory search's found files without those their server does not read: a `sites-available` (`conf-`,
 * `mods-`) file beside a `sites-enabled` directory is read when a link there names it (a2ensite's and Debian's
 * nginx layout: the link has the file's name, its target may be absolute, `/etc/nginx/sites-available/x`). A
 * site that is not enabled is not linted as one: a staging or retired site kept beside the live ones is not
 * served. Named on the command line, it is linted.
 */
function enabledOnly(found: string[]): string[] {
  // Each *-enabled directory read once: the names it links to (null: there is none, and the pair does not apply).
  const enabled = new Map<string, Set<string> | null>();
  const namesIn = (dir: string): Set<string> | null => {
    if (enabled.has(dir)) return enabled.get(dir) as Set<string> | null;
    let names: Set<string> | null = null;
    try {
      names = new Set();
      for (const n of fs.readdirSync(dir)) {
        names.add(n);
        try {
          names.add(path.basename(fs.readlinkSync(path.join(dir, n))));
        } catch {
          // not a link
        }
      }
    } catch {
      names = null; // no such pair here: a repository's own sites-available/ is taken whole
    }
    enabled.set(dir, names);
    return names;
  };
  const started = new Map<string, SystemdStarts | null>();
  const vassalPatterns = new Map<string, { test(name: string): boolean } | null>();
  return found.filter((file) => {
    const dir = path.dirname(file);
    // A masked unit (`systemctl mask`: a link to /dev/null) is never started, whatever names it.
    if (/\.(service|socket)$/.test(file) && masked(file)) return false;
    // A unit of /etc/systemd/system, or a drop-in of one (`old.service.d/override.conf`), runs when the unit is started.
    const unit = file.endsWith(".service") && SYSTEMD_UNIT_DIR.test(dir) ? { dir, name: path.basename(file) } : dropInOf(dir);
    if (unit) {
      if (!started.has(unit.dir)) started.set(unit.dir, systemdStarts(unit.dir));
      return started.get(unit.dir)?.(unit.name) ?? true;
    }
    // An Emperor that starts only the vassals its pattern matches (`emperor = /etc/uwsgi-emperor/vassals/*.ini`).
    if (UWSGI_DIRS.has(path.basename(dir)) && isAppServerName(file)) {
      if (!vassalPatterns.has(dir)) vassalPatterns.set(dir, emperorPattern(dir));
      const pattern = vassalPatterns.get(dir);
      if (pattern && !pattern.test(path.basename(file))) return false;
    }
    const enabledName = ENABLED_DIRS[path.basename(dir)];
    const names = enabledName ? namesIn(path.join(path.dirname(dir), enabledName)) : null;
    return names === null || names.has(path.basename(file));
  });
}

/**
 * The pattern the uWSGI Emperor of a vassal directory starts its vassals by, when an ini beside the directory
 * (Debian's /etc/uwsgi-emperor/emperor.ini) names the directory with one (`emperor = /etc/uwsgi-emperor/vassals/*.ini`);
 * null when none does (the Emperor then starts every configuration file in it).
 */
function emperorPattern(dir: string): { test(name: string): boolean } | null {
  const parent = path.dirname(dir);
  let names: string[];
  try {
    names = fs.readdirSync(parent).filter((n) => n.endsWith(".ini"));
  } catch {
    return null;
  }
  for (const n of names) {
    const m = /^[ \t]*emperor[ \t]*=[ \t]*(\S+)[ \t]*$/m.exec(readSmall(path.join(parent, n)));
    const value = m?.[1];
    if (value && hasWildcard(path.basename(value)) && path.basename(path.dirname(value)) === path.basename(dir)) return fnmatchRegExp(path.basename(value));
  }
  return null;
}

/** Whether a unit file is masked: a link to /dev/null. */
function masked(file: string): boolean {
  try {
    return fs.readlinkSync(file) === "/dev/null";
  } catch {
    return false;
  }
}

/** The administrator's unit directory, where `systemctl enable` makes its links (`*.wants/`). */
const SYSTEMD_UNIT_DIR = /(^|\/)etc\/systemd\/system$/;

/** The unit a drop-in directory of /etc/systemd/system belongs to (`old.service.d` -> old.service), with its directory. */
function dropInOf(dir: string): { dir: string; name: string } | null {
  const parent = path.dirname(dir);
  const base = path.basename(dir);
  return base.endsWith(".service.d") && SYSTEMD_UNIT_DIR.test(parent) ? { dir: parent, name: base.slice(0, -2) } : null;
}

/** Whether systemd starts a unit of the directory, by its file name. */
type SystemdStarts = (unit: string) => boolean;

/**
 * What starts the services of /etc/systemd/system: a unit is started when a `*.wants/` (`*.requires/`,
 * `*.upholds/`) link names it or an instance of its template (what `systemctl enable` makes), when its socket of the
 * same name is so enabled (socket activation), or when another unit of the directory names it (a timer's `Unit=`,
 * a `Wants=`, `Requires=` or `BindsTo=`: read as a mention of its name, wherever). null when the directory has no
 * such link directory: a copy without them (a repository's `deploy/systemd/`) cannot say, and every unit is taken.
 */
function systemdStarts(dir: string): SystemdStarts | null {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return null;
  }
  const linkDirs = entries.filter((e) => /\.(wants|requires|upholds)$/.test(e.name) && (e.isDirectory() || e.isSymbolicLink()));
  if (!linkDirs.length) return null;
  const linked = new Set<string>();
  for (const d of linkDirs)
    try {
      for (const n of fs.readdirSync(path.join(dir, d.name))) linked.add(n);
    } catch {
      // unreadable: it enables nothing we can see
    }
  // The other units' texts, read when a unit no link names is asked about.
  let texts: { name: string; text: string }[] | null = null;
  const mentioned = (name: string, self: string) => {
    texts ??= entries
      .filter((e) => /\.(service|socket|timer|path|target)$/.test(e.name) && !e.isDirectory())
      .map((e) => ({ name: e.name, text: readSmall(path.join(dir, e.name)) }));
    // As a word of a unit list (`Wants=a.service b.service`, `Unit=report.service`): `app.service` is not in `webapp.service`.
    const word = new RegExp(`(?:^|[\\s="'])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}${name.endsWith("@") ? "" : "(?=$|[\\s\"'])"}`, "m");
    return texts.some((t) => t.name !== self && word.test(t.text));
  };
  return (file) => {
    const unit = file.replace(/\.service$/, "");
    // `name@.service` runs as its instances, `name@staging.service`.
    const template = unit.endsWith("@");
    for (const n of linked) {
      const base = n.replace(/\.(service|socket)$/, "");
      if (base === unit || (template && base.startsWith(unit))) return true;
    }
    return mentioned(template ? unit : file, file);
  };
}

/** A unit file's text (units are small; a large or unreadable file names nothing). */
function readSmall(file: string): string {
  try {
    const st = fs.statSync(file);
    return st.isFile() && st.size <= 64 * 1024 ? fs.readFileSync(file, "latin1") : "";
  } catch {
    return "";
  }
}

/** Directories named after a web server (`deploy/nginx/`), where a team keeps its site files under any name. */
const SERVER_DIRS = /^(nginx|apache2?|httpd|lighttpd)$/i;
/** What a web server's configuration opens with, one of its blocks: nginx `server {`, Apache `<VirtualHost`, lighttpd `$HTTP["host"]`. */
const SERVER_BLOCK = /^[ \t]*(?:server[ \t]*\{|<VirtualHost\b|\$(?:HTTP|SERVER)\[)/im;

/**
 * An extensionless file of a directory named after a web server that holds one of its blocks (`deploy/nginx/shop`):
 * a site file the search does not take (by name, it could be anything), said so that its silence is not a clean bill.
 */
function passedOverSite(p: string): boolean {
  const base = path.basename(p);
  return !base.includes(".") && SERVER_DIRS.test(path.basename(path.dirname(p))) && SERVER_BLOCK.test(readSmall(p));
}

/**
 * Configuration files below `root`, depth first in name order, without
 * recursion (directories nest deep, and hold hundreds of thousands of files).
 * Symbolic links to directories are not followed, so the walk cannot loop.
 */
function walk(root: string, passedOver?: ExpandOptions["passedOver"]): string[] {
  const out: string[] = [];
  const byName = (a: fs.Dirent, b: fs.Dirent) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  // Each frame: a directory's entries, sorted, and how far they have been read.
  const frames: { dir: string; names: fs.Dirent[]; i: number }[] = [];
  const enter = (dir: string) => {
    if (frames.length > MAX_DEPTH) return;
    try {
      frames.push({ dir, names: fs.readdirSync(dir, { withFileTypes: true }).sort(byName), i: 0 });
    } catch {
      // unreadable: nothing to lint there
    }
  };
  enter(root);
  while (frames.length) {
    const top = frames[frames.length - 1];
    if (top.i >= top.names.length) {
      frames.pop();
      continue;
    }
    const d = top.names[top.i++];
    const p = path.join(top.dir, d.name);
    if (d.isDirectory()) {
      if (!SKIP_DIRS.has(d.name)) enter(p);
    } else if (isConfigName(p) || isAppServerName(p)) out.push(p);
    else if (passedOver && passedOverSite(p))
      passedOver(
        p,
        "an extensionless file the directory search does not take (only sites-enabled/, conf.d/ and the like hold sites under any name): name it on the command line, or give it a .conf extension, to lint it",
      );
  }
  return out;
}
