#!/usr/bin/env node
/**
 * Generates src/catalog/data/apache.json, the Apache httpd directive catalog,
 * from the httpd installed on this machine: Debian's apache2 with every module
 * in /usr/lib/apache2/modules (the third-party ones installed there too:
 * mod_wsgi, mod_python, mod_fcgid, mod_security2 ...) and the modules of the
 * Debian packages given with --debs (mod_perl, mod_uwsgi, mod_passenger, mod_php
 * ...: unpacked to a temporary directory with `dpkg-deb -x` and loaded from
 * there as their .load files say; nothing is installed). Local only: it runs
 * `apache2 -L` (names, module, req_override classes) and probes each directive
 * with `apache2 -t` in every context (server, <VirtualHost>, <Directory>,
 * <Location>, <Files>, <If>, <Proxy>, <Limit>), so the contexts are those httpd
 * checks, including the checks a directive makes itself (GLOBAL_ONLY,
 * NOT_IN_LOCATION ...). Argument counts come from httpd's own arity errors
 * (TAKE1, TAKE12, FLAG ...); directives that parse their own arguments have none.
 * Directives of modules Debian does not ship (mod_fastcgi) are added from their
 * source (HAND below). Every entry's source is recorded (`sources`).
 *
 *   node scripts/gen-catalog-apache.mjs --debs DIR
 *
 * DIR holds the .deb files of EXPECTED's packages (`apt-get download ...`); the
 * shared libraries they link to must be installed (README, "Catalogs").
 * Not needed at test time: the JSON is committed.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const MODULES = "/usr/lib/apache2/modules";
const APACHE2 = "/usr/sbin/apache2";
const OUT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../src/catalog/data/apache.json");
const MPMS = ["event", "prefork", "worker"];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gen-catalog-apache-"));
const debDirs = [];
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === "--debs") debDirs.push(process.argv[++i]);
  else throw new Error(`unknown argument ${process.argv[i]}`);
}

/** Third-party modules the catalog must cover (short name -> Debian package), so that a run without them fails. */
const EXPECTED = {
  wsgi: "libapache2-mod-wsgi-py3",
  python: "libapache2-mod-python",
  fcgid: "libapache2-mod-fcgid",
  security2: "libapache2-mod-security2",
  auth_openidc: "libapache2-mod-auth-openidc",
  auth_gssapi: "libapache2-mod-auth-gssapi",
  perl: "libapache2-mod-perl2",
  uwsgi: "libapache2-mod-uwsgi",
  xsendfile: "libapache2-mod-xsendfile",
  passenger: "libapache2-mod-passenger",
  rpaf: "libapache2-mod-rpaf",
  evasive20: "libapache2-mod-evasive",
  auth_mellon: "libapache2-mod-auth-mellon",
  mod_shib: "libapache2-mod-shib",
  php: "libapache2-mod-php8.2",
};

// ---- Sources ----
const codename = /VERSION_CODENAME=(\w+)/.exec(fs.readFileSync("/etc/os-release", "utf8"))?.[1] ?? "stable";
const SOURCES = {};
/** Debian's source package of httpd: its modules are httpd's own, every other package's are third-party. */
const HTTPD_SOURCE_PACKAGE = "apache2";
function debianSource(pkg, version, sourcePkg, description) {
  const key = `deb:${pkg}`;
  SOURCES[key] ??= {
    title: `${pkg} ${version} (Debian ${codename}): ${description}; directives from apache2 -L, contexts and argument counts probed with apache2 -t`,
    url: `https://packages.debian.org/${codename}/${pkg}`,
    ...(sourcePkg === HTTPD_SOURCE_PACKAGE ? {} : { thirdParty: true }),
  };
  return key;
}
const dpkgQuery = (pkg, field) => execFileSync("dpkg-query", ["-W", "-f", `\${${field}}`, pkg], { encoding: "utf8" }).trim();
const debField = (deb, field) => execFileSync("dpkg-deb", ["-f", deb, field], { encoding: "utf8" }).trim();

// ---- Modules: Debian's in /usr/lib/apache2/modules, and those of --debs ----
/** { id (LoadModule's), file, source key, short, mpms (where it loads) } */
const modules = [];
const owners = new Map(
  execFileSync(
    "dpkg",
    [
      "-S",
      ...fs
        .readdirSync(MODULES)
        .filter((f) => /^mod_\w+\.so$/.test(f))
        .map((f) => fs.realpathSync(path.join(MODULES, f))),
    ],
    { encoding: "utf8" },
  )
    .trim()
    .split("\n")
    .map((l) => {
      const [pkg, file] = l.split(": ");
      return [path.basename(file), pkg];
    }),
);
for (const f of fs.readdirSync(MODULES).sort()) {
  const m = /^mod_(\w+)\.so$/.exec(f);
  if (!m || m[1].startsWith("mpm_")) continue;
  const pkg = owners.get(path.basename(fs.realpathSync(path.join(MODULES, f))));
  const key = debianSource(pkg, dpkgQuery(pkg, "Version"), dpkgQuery(pkg, "source:Package"), dpkgQuery(pkg, "binary:Summary"));
  modules.push({ id: `${m[1]}_module`, file: path.join(MODULES, f), source: key, short: m[1], mpms: MPMS });
}
const httpdSource = debianSource("apache2-bin", dpkgQuery("apache2-bin", "Version"), HTTPD_SOURCE_PACKAGE, dpkgQuery("apache2-bin", "binary:Summary"));
for (const dir of debDirs) {
  for (const f of fs
    .readdirSync(dir)
    .filter((x) => x.endsWith(".deb"))
    .sort()) {
    const deb = path.join(dir, f);
    const pkg = debField(deb, "Package");
    const into = path.join(tmp, "debs", pkg);
    fs.mkdirSync(into, { recursive: true });
    execFileSync("dpkg-deb", ["-x", deb, into]);
    const key = debianSource(pkg, debField(deb, "Version"), (debField(deb, "Source") || pkg).split(" ")[0], debField(deb, "Description").split("\n")[0]);
    // Loaded the way Debian's .load file says (`LoadModule mod_shib .../mod_shib.so`, php's libphp8.2.so).
    const avail = path.join(into, "etc/apache2/mods-available");
    for (const load of fs.existsSync(avail) ? fs.readdirSync(avail).filter((x) => x.endsWith(".load")) : []) {
      for (const [, id, file] of fs.readFileSync(path.join(avail, load), "utf8").matchAll(/^\s*LoadModule\s+(\S+)\s+(\S+)/gm)) {
        if (modules.some((m) => m.id === id)) continue; // installed as well: the installed one is loaded already
        modules.push({ id, file: path.join(into, file), source: key, short: id.replace(/_module$/, ""), mpms: MPMS });
      }
    }
  }
}

function mainConf(mpm, only = null) {
  const lines = [
    `ServerRoot ${tmp}`,
    `PidFile ${tmp}/pid`,
    `ErrorLog ${tmp}/error.log`,
    `Mutex file:${tmp} default`,
    "ServerName localhost",
    `LoadModule mpm_${mpm}_module ${MODULES}/mod_mpm_${mpm}.so`,
  ];
  for (const m of modules) if (m.mpms.includes(mpm) && (!only || only.includes(m))) lines.push(`LoadModule ${m.id} ${m.file}`);
  return lines.join("\n") + "\n";
}

/** The source files `apache2 -L` names for what `conf` loads. */
function sourcesListed(conf) {
  const file = path.join(tmp, "list.conf");
  fs.writeFileSync(file, conf);
  const r = spawnSync(APACHE2, ["-f", file, "-L"], { encoding: "utf8" });
  return r.status === 0 ? new Set([...r.stdout.matchAll(/^<?[A-Za-z][\w-]* \(([\w.+-]+)\)$/gm)].map((m) => m[1])) : null;
}
// A module that refuses some MPM (mod_php: "Apache is running a threaded MPM") is loaded only with the others;
// the source files -L names for it (mod_rpaf-2.0.c, mod_shib.cpp) map to its LoadModule name.
const bySourceFile = new Map();
const base = Object.fromEntries(MPMS.map((mpm) => [mpm, sourcesListed(mainConf(mpm, []))]));
const loadsWith = (mpm, m) => {
  const file = path.join(tmp, "one.conf");
  fs.writeFileSync(file, mainConf(mpm, [m]));
  return spawnSync(APACHE2, ["-t", "-f", file]).status === 0;
};
for (const m of modules.filter((x) => x.source !== httpdSource)) {
  m.mpms = MPMS.filter((mpm) => loadsWith(mpm, m));
  if (!m.mpms.length) throw new Error(`${m.id} (${m.file}) loads with no MPM`);
  for (const src of sourcesListed(mainConf(m.mpms[0], [m])) ?? []) if (!base[m.mpms[0]].has(src)) bySourceFile.set(src, m);
}
for (const [short, pkg] of Object.entries(EXPECTED)) {
  if (!modules.some((m) => m.short === short)) throw new Error(`module ${short} missing: install ${pkg}, or pass its .deb with --debs`);
}

/** Source file named by -L -> the module's short name (as in `<name>_module`). */
function moduleOf(src) {
  if (bySourceFile.has(src)) return bySourceFile.get(src).short;
  if (src === "core.c") return "core";
  if (src === "http_core.c") return "http";
  if (src === "util_ldap.c") return "ldap";
  if (MPMS.includes(src.replace(/\.c$/, ""))) return `mpm_${src.replace(/\.c$/, "")}`;
  return src.replace(/^mod_/, "").replace(/\.c$/, "");
}

// 1. apache2 -L per MPM: names, modules, override classes.
const found = new Map(); // lower name -> { name, modules:Set, where, overrides }
for (const mpm of MPMS) {
  const conf = path.join(tmp, `main-${mpm}.conf`);
  fs.writeFileSync(conf, mainConf(mpm));
  const r = spawnSync(APACHE2, ["-f", conf, "-L"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`apache2 -L failed: ${r.stderr}`);
  const lines = r.stdout.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^(<?[A-Za-z][\w-]*) \(([\w.+-]+)\)$/.exec(lines[i]);
    if (!m) continue;
    let where = "";
    let overrides = null;
    for (let j = i + 1; j < lines.length && lines[j].startsWith("\t"); j++) {
      const a = /^\tAllowed in \*\.conf (anywhere|only outside|only inside)/.exec(lines[j]);
      if (a) {
        where = a[1];
        if (/and in \.htaccess$/.test(lines[j])) {
          const w = lines[j + 1] ?? "";
          overrides = /isn't None/.test(w) ? ["All"] : w.replace(/^\s*when AllowOverride includes /, "").split(" or ");
        }
      }
    }
    const name = m[1].startsWith("<") ? m[1] + ">" : m[1];
    const key = name.toLowerCase();
    // `seen`: the first MPM whose -L lists it, the one it is probed with (mod_php's directives: prefork).
    const e = found.get(key) ?? { name, modules: new Set(), mpms: new Set(), where, overrides, seen: mpm };
    e.modules.add(moduleOf(m[2]));
    if (/^(event|prefork|worker)\.c$/.test(m[2])) e.mpms.add(mpm);
    found.set(key, e);
  }
}

// 2. Probes.
const SECTION_ARGS = {
  "<directory>": "/tmp",
  "<directorymatch>": "^/tmp",
  "<files>": "x",
  "<filesmatch>": "x",
  "<location>": "/x",
  "<locationmatch>": "^/x",
  "<virtualhost>": "*:80",
  "<proxy>": "http://x",
  "<proxymatch>": "^http",
  "<limit>": "GET",
  "<limitexcept>": "GET",
  "<ifmodule>": "x_module",
  "<ifdefine>": "X",
  "<ifversion>": "2.4",
  "<iffile>": "/x",
  "<ifdirective>": "Alias",
  "<ifsection>": "Directory",
  "<if>": '"true"',
  "<authnprovideralias>": "file a1",
  "<authzprovideralias>": "user a2 x",
  "<macro>": "M",
  "<mdomain>": "example.org",
  "<mdomainset>": "example.org",
  "<requireall>": "",
  "<requireany>": "",
  "<requirenone>": "",
};
const CONTEXTS = {
  server: (d) => d,
  vhost: (d) => `<VirtualHost *:80>\n${d}\n</VirtualHost>`,
  directory: (d) => `<Directory "/tmp">\n${d}\n</Directory>`,
  location: (d) => `<Location "/x">\n${d}\n</Location>`,
  files: (d) => `<Files "x">\n${d}\n</Files>`,
  if: (d) => `<Directory "/tmp">\n<If "true">\n${d}\n</If>\n</Directory>`,
  proxy: (d) => `<Proxy "http://x">\n${d}\n</Proxy>`,
  limit: (d) => `<Directory "/tmp">\n<Limit GET>\n${d}\n</Limit>\n</Directory>`,
};
// httpd's own context errors (invoke_cmd, ap_check_cmd_context) and the modules' ("ServerAlias only used in <VirtualHost>",
// "RewriteBase: only valid in per-directory config files", "ModSecurity: SecDataDir not allowed in VirtualHost",
// mod_perl's "PerlModule directive not allowed in a <Location> block").
const CONTEXT_ERROR =
  /not allowed here$|cannot occur within|not allowed in <|not allowed in a <|not allowed in VirtualHost|only used in <|only valid in per-directory|is only valid inside/;

let n = 0;
function probe(mpm, body) {
  const file = path.join(tmp, `p${n++}.conf`);
  fs.writeFileSync(file, mainConf(mpm) + body + "\n");
  return new Promise((resolve) => {
    const p = spawn(APACHE2, ["-t", "-f", file]);
    let out = "";
    p.stderr.on("data", (b) => (out += b));
    p.stdout.on("data", (b) => (out += b));
    p.on("close", (code) => {
      fs.rmSync(file, { force: true });
      // Directives run at read time (Define, Include) report on the same line.
      const m = /Syntax error on line \d+ of [^:]+:[ \n](.*)/.exec(out);
      resolve({ ok: code === 0, raw: out, message: m ? m[1].trim() : code === 0 ? "" : out.trim().split("\n").pop() });
    });
  });
}

async function pool(items, size, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

const ARITY = [
  [/ takes no arguments/, [0, 0]],
  [/ takes one argument/, [1, 1]],
  [/ takes two arguments/, [2, 2]],
  [/ takes three arguments/, [3, 3]],
  [/ takes 1-2 arguments/, [1, 2]],
  [/ takes two or three arguments/, [2, 3]],
  [/ takes one, two or three arguments/, [1, 3]],
  [/ takes one or three arguments/, [1, 3]],
  [/ requires at least one argument/, [1, null]],
  [/ requires at least two arguments/, [2, null]],
  [/ must be On or Off/, [1, 1]],
];

const entries = [...found.values()];
const review = [];
const size = Math.max(4, os.cpus().length * 2);
/** Lines before the probed body: the MPMs load different modules (mod_php only with prefork). */
const headLines = Object.fromEntries(MPMS.map((mpm) => [mpm, mainConf(mpm).split("\n").length - 1]));

/**
 * Probes many one-line bodies in one configuration: httpd stops at the first
 * error, which settles that line; the lines before it passed; go on after it.
 * Returns each body's message ("" when accepted).
 */
async function batch(mpm, ctx, bodies) {
  const offset = CONTEXTS[ctx]("@@").split("\n").indexOf("@@");
  const out = new Array(bodies.length).fill(null);
  // The first error httpd reports need not be on the first bad line (directives run at read
  // time fail before the others): only a run without error proves the remaining lines good.
  const rest = bodies.map((_, i) => i);
  while (rest.length) {
    const r = await probe(mpm, CONTEXTS[ctx](rest.map((i) => bodies[i]).join("\n")));
    if (r.ok) {
      for (const i of rest) out[i] = "";
      break;
    }
    const line = Number(/Syntax error on line (\d+)/.exec(r.raw)?.[1] ?? NaN);
    const k = line - headLines[mpm] - offset - 1;
    if (!(k >= 0 && k < rest.length)) {
      // An error outside the lines probed (a check after reading): settle the rest one by one.
      for (const i of rest) out[i] = (await probe(mpm, CONTEXTS[ctx](bodies[i]))).message;
      break;
    }
    out[rest[k]] = r.message;
    rest.splice(k, 1);
  }
  return out;
}

/** Directives that change how the rest of the file is read: probed alone. */
const ALONE = /^(serverroot|defaultruntimedir|define|undefine|include|includeoptional|loadmodule|loadfile|use|undefmacro|macro\w*|error|<.*)$/;

/** Runs `fn(mpm, list)` on the entries grouped by the MPM they need, in chunks, in parallel. */
async function grouped(list, fn) {
  const tasks = [];
  for (const mpm of MPMS) {
    const mine = list.filter((e) => (e.mpms.size ? [...e.mpms][0] : e.seen) === mpm);
    const alone = mine.filter((e) => ALONE.test(e.name.toLowerCase()));
    const rest = mine.filter((e) => !ALONE.test(e.name.toLowerCase()));
    for (const e of alone) tasks.push([mpm, [e]]);
    for (let i = 0; i < rest.length; i += 60) tasks.push([mpm, rest.slice(i, i + 60)]);
  }
  await pool(tasks, size, ([mpm, chunk]) => fn(mpm, chunk));
}

// Arity, from httpd's own arity errors: no argument, then four.
const plain = entries.filter((e) => !e.name.startsWith("<"));
for (const extra of ["", " x x x x"]) {
  for (const first of ["server", "directory"]) {
    const list = plain.filter((e) => !e.args && (e.where === "only inside") === (first === "directory"));
    await grouped(list, async (mpm, chunk) => {
      const messages = await batch(
        mpm,
        first,
        chunk.map((e) => e.name + extra),
      );
      chunk.forEach((e, i) => {
        const hit = ARITY.find(([re]) => re.test(messages[i]) && messages[i].startsWith(e.name));
        if (hit) {
          e.args = { min: hit[1][0], max: hit[1][1] };
          if (/must be On or Off/.test(messages[i])) e.flag = true;
        } else if (/ takes \d|arguments?[,.]?$/.test(messages[i])) review.push(`${e.name}: arity? ${messages[i]}`);
      });
    });
  }
}

// Contexts. What -L already says is not probed: "only outside" directives are refused in every
// directory-like section, "only inside" ones at server and virtual-host level.
const bodyOf = (e) => {
  if (e.name.startsWith("<")) {
    const bare = e.name.slice(1, -1);
    const a = SECTION_ARGS[e.name.toLowerCase()];
    return `<${bare}${a ? " " + a : ""}>\n</${bare}>`;
  }
  const args = e.args ? (e.flag ? "On" : Array.from({ length: Math.max(e.args.min, 1) }, () => "x").join(" ")) : "x";
  return `${e.name} ${args}`;
};
for (const e of entries) e.ok = {};
for (const ctx of Object.keys(CONTEXTS)) {
  const outer = ctx === "server" || ctx === "vhost";
  // (Except <Proxy>, which takes some server-level directives, and the directives run at read time.)
  const list = entries.filter(
    (e) =>
      !["<else>", "<elseif>"].includes(e.name.toLowerCase()) &&
      (ALONE.test(e.name.toLowerCase()) || ctx === "proxy" || (outer ? e.where !== "only inside" : e.where !== "only outside")),
  );
  for (const e of entries) if (!list.includes(e)) e.ok[ctx] = false;
  await grouped(list, async (mpm, chunk) => {
    const messages = await batch(mpm, ctx, chunk.map(bodyOf));
    chunk.forEach((e, i) => {
      const m = messages[i] ?? "";
      e.ok[ctx] = !CONTEXT_ERROR.test(m);
      if (m && e.ok[ctx] && /allowed|within|context|section|only/i.test(m)) review.push(`${e.name} in ${ctx}: ${m}`);
    });
  });
}
for (const k of ["<else>", "<elseif>"]) found.get(k).ok = found.get("<if>").ok;

// 3. Modules Debian does not ship, from their source.
// mod_fastcgi 2.4.x (FastCGI.com, no longer maintained, removed from Debian after jessie): the command table
// `fastcgi_cmds` in mod_fastcgi.c (RSRC_CONF or ACCESS_CONF, TAKE1/TAKE12/FLAG/RAW_ARGS) and the checks its
// handlers make in fcgi_config.c (GLOBAL_ONLY; NOT_IN_LIMIT|NOT_IN_DIR_LOC_FILE for the server definitions).
// docs/mod_fastcgi.html says the same ("Context: server config, virtual host" for FastCgiServer and
// FastCgiExternalServer, "server config" for FastCgiConfig/FastCgiIpcDir/FastCgiWrapper, "directory" for the
// authorizers). AppClass, ExternalAppClass and FCGIConfig are mod_fastcgi 1.x names the table still accepts.
SOURCES["mod_fastcgi"] = {
  title:
    "mod_fastcgi 2.4 source (FastCGI-Archives mirror of the FastCGI.com CVS): fastcgi_cmds in mod_fastcgi.c, context checks in fcgi_config.c, docs/mod_fastcgi.html",
  url: "https://github.com/FastCGI-Archives/mod_fastcgi/blob/48cb8e51411856d62a2d45d412a1158fcdfa6805/mod_fastcgi.c",
  thirdParty: true,
};
const HAND = [
  ...["FastCgiServer", "AppClass", "FastCgiExternalServer", "ExternalAppClass"].map((name) => ({
    name,
    module: "fastcgi",
    context: ["server config", "virtual host"],
  })),
  ...["FastCgiConfig", "FCGIConfig"].map((name) => ({ name, module: "fastcgi", context: ["server config"] })),
  ...["FastCgiIpcDir", "FastCgiWrapper", "FastCgiSuexec"].map((name) => ({ name, module: "fastcgi", context: ["server config"], args: { min: 1, max: 1 } })),
  ...["FastCgiAuthenticator", "FastCgiAuthorizer", "FastCgiAccessChecker"].map((name) => ({
    name,
    module: "fastcgi",
    context: ["directory"],
    args: { min: 1, max: 2 },
  })),
  ...["FastCgiAuthenticatorAuthoritative", "FastCgiAuthorizerAuthoritative", "FastCgiAccessCheckerAuthoritative"].map((name) => ({
    name,
    module: "fastcgi",
    context: ["directory"],
    args: { min: 1, max: 1 },
  })),
].map((h) => ({ ...h, source: "mod_fastcgi" }));

/**
 * Name prefixes of third-party modules (case-insensitive): an unknown name with
 * one is a typo of that module's directives, never of httpd's own
 * (`PerlSetHandler` is not `SetHandler`). Checked below: no other module has a name with it.
 */
const FAMILIES = {
  perl: "perl",
  uwsgi: "uwsgi",
  xsendfile: "xsendfile",
  passenger: "passenger",
  rpaf: "rpaf",
  evasive20: "dos",
  auth_mellon: "mellon",
  mod_shib: "shib",
  wsgi: "wsgi",
  python: "python",
  fcgid: "fcgid",
  fastcgi: "fastcgi",
  security2: "sec",
  auth_openidc: "oidc",
  auth_gssapi: "gssapi",
};

// 4. The catalog.
const DIR_KINDS = [
  ["directory", "<Directory>"],
  ["location", "<Location>"],
  ["files", "<Files>"],
  ["if", "<If>"],
  ["proxy", "<Proxy>"],
];
const out = [];
for (const e of [...found.values()].sort((a, b) => a.name.replace(/^</, "").localeCompare(b.name.replace(/^</, "")) || a.name.localeCompare(b.name))) {
  const ok = e.ok;
  const context = [];
  if (ok.server) context.push("server config");
  if (ok.vhost) context.push("virtual host");
  const dirOk = DIR_KINDS.filter(([k]) => ok[k]);
  if (dirOk.length) context.push("directory");
  if (e.overrides) context.push(".htaccess");
  const d = { name: e.name, module: moduleName(e), context };
  if (dirOk.length) {
    const notIn = DIR_KINDS.filter(([k]) => !ok[k]).map(([, s]) => s);
    if (!ok.limit) notIn.push("<Limit>");
    if (notIn.length) d.notIn = notIn;
  }
  if (e.overrides) d.override = e.overrides;
  if (e.args) d.args = e.args;
  out.push(d);
}
for (const h of HAND) {
  const d = out.find((x) => x.name.toLowerCase() === h.name.toLowerCase());
  // mod_fcgid answers to mod_fastcgi's authorizer names too: one entry, both modules, contexts as the wider one has them.
  if (d) d.module = [...new Set([d.module, h.module].flat())].sort();
  else out.push(h);
}

function moduleName(e) {
  const mods = [...e.modules];
  // Every MPM defines the mpm_common directives (Listen, MaxRequestWorkers ...).
  if (e.mpms.size === MPMS.length) return "mpm_common";
  return mods.length === 1 ? mods[0] : mods.sort();
}

// Sources: each module's, and whether it is third-party; an entry is third-party when all its modules are.
const moduleSources = { fastcgi: "mod_fastcgi" };
const compiledIn = ["core", "so", "watchdog", "http", "log_config", "logio", "version", "unixd", "mpm_common"];
for (const m of [...compiledIn, ...MPMS.map((x) => `mpm_${x}`)]) moduleSources[m] = httpdSource;
for (const m of modules) moduleSources[m.short] ??= m.source;
for (const d of out) {
  const srcs = [d.module].flat().map((m) => SOURCES[moduleSources[m]]);
  if (srcs.some((x) => !x)) throw new Error(`${d.name}: no source for module ${d.module}`);
  if (srcs.every((x) => x.thirdParty)) d.thirdParty = true;
}
for (const [module, prefix] of Object.entries(FAMILIES)) {
  const hits = out.filter((d) => d.name.replace(/^</, "").toLowerCase().startsWith(prefix));
  const stray = hits.filter((d) => !Object.entries(FAMILIES).some(([m, p]) => p.startsWith(prefix) && [d.module].flat().includes(m)));
  if (!hits.length || stray.length) throw new Error(`family ${prefix} (${module}): ${hits.length ? `also ${stray.map((d) => d.name).join(", ")}` : "no name"}`);
}
// <IfModule> names that are neither `<short>_module` nor `mod_<short>.c` (LoadModule mod_shib, mod_rpaf-2.0.c).
const moduleNames = {};
for (const m of modules) {
  const names = [m.id, ...[...bySourceFile].filter(([, x]) => x === m).map(([src]) => src)].filter(
    (n) => n !== `${m.short}_module` && n !== `mod_${m.short}.c`,
  );
  if (names.length) moduleNames[m.short] = names;
}

const version = /Apache\/([\d.]+)/.exec(spawnSync(APACHE2, ["-v"], { encoding: "utf8" }).stdout)?.[1] ?? "?";
const catalog = {
  source: `httpd ${version} (Debian) with the modules of ${MODULES} and of the packages ${[...new Set(modules.filter((m) => !m.file.startsWith(MODULES)).map((m) => m.source.replace(/^deb:/, "")))].join(", ")}: names, modules and .htaccess override classes from 'apache2 -L', contexts and argument counts probed with 'apache2 -t' (scripts/gen-catalog-apache.mjs); mod_fastcgi 2.4 from its source (field sources)`,
  server: `Apache/${version}`,
  legend: {
    context:
      "where httpd accepts the directive: 'server config' (outside any section), 'virtual host' (directly in <VirtualHost>), 'directory' (inside <Directory>, <Location>, <Files>, <If>, <Proxy> and their Match forms), '.htaccess'",
    notIn: "directory-like sections where httpd refuses it although 'directory' is listed (<Limit> covers <LimitExcept>)",
    override: "AllowOverride classes that allow it in .htaccess ('All': any class)",
    args: "argument count httpd enforces (max null: no upper bound); absent where the directive parses its own arguments",
    module: "short module name (proxy for mod_proxy, mpm_common for what every MPM provides); a list when several modules define it",
    source: "where an entry comes from: its own `source`, else its modules' in `moduleSources`; a key of `sources` (title and public address)",
    thirdParty: "every module that defines it is outside the httpd distribution (mod_wsgi, mod_perl, mod_fastcgi ...)",
    families: "name prefixes (lower case) of third-party modules: a misspelt name with one is suggested only that module's names",
    moduleNames: "<IfModule> names of a module other than '<short>_module' and 'mod_<short>.c'",
  },
  compiledIn,
  modules: [...new Set([...modules.map((m) => m.short), ...MPMS.map((mpm) => `mpm_${mpm}`), "fastcgi"])].sort(),
  moduleNames,
  families: FAMILIES,
  sources: SOURCES,
  moduleSources,
  directives: out,
};
// One directive per line: the file stays readable and diffs stay small.
const head = JSON.stringify({ ...catalog, directives: "@" }, null, 2);
fs.writeFileSync(OUT, head.replace('"@"', "[\n" + out.map((d) => "    " + JSON.stringify(d)).join(",\n") + "\n  ]") + "\n");
fs.rmSync(tmp, { recursive: true, force: true });
console.log(`${out.length} directives -> ${path.relative(process.cwd(), OUT)}`);
if (review.length) console.error("To review:\n" + review.join("\n"));
