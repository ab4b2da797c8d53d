#!/usr/bin/env node
/**
 * Builds src/catalog/data/lighttpd.json: every config option lighttpd 1.4
 * knows, the module that reads it, and where it is allowed.
 *
 * Run it on a Debian machine with lighttpd and its module packages installed
 * (lighttpd, lighttpd-mod-*, lighttpd-modules-*): it reads local files only
 * and asks the installed lighttpd itself, never the network.
 *
 * 1. Candidate names: the dotted strings of /usr/sbin/lighttpd and of every
 *    /usr/lib/lighttpd/mod_*.so.
 * 2. A candidate is an option when `lighttpd -tt` with every module loaded
 *    does not answer "WARNING: unknown config-key: <name> (ignored)" for it.
 *    Each candidate is tried alone with a few values (a string, an integer, a
 *    list...) until lighttpd accepts one, since a badly typed value stops
 *    lighttpd before it reports unknown keys.
 * 3. Its module: the option is known with no module loaded at all (core), or
 *    with only that module loaded (several TLS modules share `ssl.*` names).
 * 4. Its scope: set inside `$HTTP["host"] == "x" { }`, lighttpd answers
 *    "DEPRECATED: do not set server options in conditionals" (global scope
 *    only: lighttpd reads it from the global scope and ignores it elsewhere),
 *    or "must be in global scope or $SERVER["socket"] with '=='" (socket
 *    scope), or nothing (allowed in any conditional).
 * 5. Options of older 1.4.x releases (modules removed in 1.4.68, keys renamed
 *    since) come from LEGACY below; they are known (never "unknown") but marked
 *    `legacy`. Each is looked up in the source of every lighttpd-1.4.* release
 *    tag of a clone of https://github.com/lighttpd/lighttpd1.4 (`git grep` for
 *    the quoted name under src/): its `versions` are the first and last
 *    releases that read it, its `source` that file in the last one. A name no
 *    release reads fails the run.
 *
 * Usage: node scripts/gen-catalog-lighttpd.mjs --history DIR [--legacy-only] [> report]
 *   --legacy-only: keep the probed options of the committed catalog, redo the legacy ones.
 */
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const LIGHTTPD = "/usr/sbin/lighttpd";
let historyDir = null;
let legacyOnly = false;
for (let i = 2; i < process.argv.length; i++) {
  if (process.argv[i] === "--history") historyDir = process.argv[++i];
  else if (process.argv[i] === "--legacy-only") legacyOnly = true;
  else throw new Error(`unknown argument ${process.argv[i]}`);
}
if (!historyDir) throw new Error("--history DIR: a clone of https://github.com/lighttpd/lighttpd1.4 (with its release tags)");
const MODDIR = "/usr/lib/lighttpd";
const OUT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../src/catalog/data/lighttpd.json");

/**
 * Options of earlier 1.4.x releases that 1.4.69 no longer has, by module.
 * (Names no 1.4 release's source reads are not here, although some were
 * documented: debug.dump-unknown-headers, server.entropy-file,
 * server.max-stat-threads, server.use-noatime, the stat-cache-fam-dir pair,
 * ssl.use-compression, upload-progress.remove-timeout/debug,
 * debug.log-condition-cache-handling; lighttpd 1.4 warns "unknown config-key".)
 */
const LEGACY = {
  mod_secdownload: [
    "secdownload.secret",
    "secdownload.document-root",
    "secdownload.uri-prefix",
    "secdownload.timeout",
    "secdownload.algorithm",
    "secdownload.path-segments",
    "secdownload.hash-querystr",
  ],
  mod_evasive: ["evasive.max-conns-per-ip", "evasive.silent", "evasive.location"],
  mod_usertrack: ["usertrack.cookie-name", "usertrack.cookie-max-age", "usertrack.cookie-domain", "usertrack.cookie-attrs"],
  mod_uploadprogress: ["upload-progress.progress-url"],
  mod_trigger_b4_dl: [
    "trigger-before-download.gdbm-filename",
    "trigger-before-download.trigger-url",
    "trigger-before-download.download-url",
    "trigger-before-download.deny-url",
    "trigger-before-download.trigger-timeout",
    "trigger-before-download.memcache-hosts",
    "trigger-before-download.memcache-namespace",
    "trigger-before-download.debug",
  ],
  mod_cml: ["cml.extension", "cml.memcache-hosts", "cml.memcache-namespace", "cml.power-magnet"],
  mod_mysql_vhost: [
    "mysql-vhost.db",
    "mysql-vhost.user",
    "mysql-vhost.pass",
    "mysql-vhost.sock",
    "mysql-vhost.sql",
    "mysql-vhost.hostname",
    "mysql-vhost.port",
  ],
  mod_flv_streaming: ["flv-streaming.extensions"],
  mod_geoip: ["geoip.db-filename", "geoip.memory-cache"],
  mod_compress: ["compress.cache-dir", "compress.filetype", "compress.max-filesize", "compress.allowed-encodings", "compress.max-loadavg"],
  mod_authn_mysql: [
    "auth.backend.mysql.host",
    "auth.backend.mysql.user",
    "auth.backend.mysql.pass",
    "auth.backend.mysql.db",
    "auth.backend.mysql.port",
    "auth.backend.mysql.socket",
    "auth.backend.mysql.users_table",
    "auth.backend.mysql.col_user",
    "auth.backend.mysql.col_pass",
    "auth.backend.mysql.col_realm",
  ],
  mod_openssl: [
    "ssl.use-sslv2",
    "ssl.use-sslv3",
    "ssl.cipher-list",
    "ssl.honor-cipher-order",
    "ssl.disable-client-renegotiation",
    "ssl.empty-fragments",
    "ssl.dh-file",
    "ssl.ec-curve",
    "ssl.verifyclient.activate",
    "ssl.verifyclient.enforce",
    "ssl.verifyclient.depth",
    "ssl.verifyclient.username",
    "ssl.verifyclient.exportcert",
    "ssl.ca-dn-file",
    "ssl.ca-crl-file",
    "ssl.read-ahead",
    "ssl.openssl.ssl-conf-cmd",
    "ssl.privkey",
    "ssl.stapling-file",
  ],
  mod_proxy: ["proxy.server", "proxy.debug", "proxy.balance"],
  mod_fastcgi: ["fastcgi.server", "fastcgi.debug", "fastcgi.map-extensions"],
  mod_scgi: ["scgi.server", "scgi.debug", "scgi.protocol", "scgi.map-extensions"],
  mod_webdav: ["webdav.activate", "webdav.is-readonly", "webdav.sqlite-db-name", "webdav.log-xml"],
  mod_magnet: ["magnet.attract-raw-url-to", "magnet.attract-physical-path-to"],
  mod_ssi: ["ssi.extension", "ssi.content-type", "ssi.conditional-requests", "ssi.exec"],
  mod_status: ["status.status-url", "status.config-url", "status.statistics-url", "status.enable-sort"],
  mod_rrdtool: ["rrdtool.binary", "rrdtool.db-name"],
  mod_userdir: ["userdir.path", "userdir.exclude-user", "userdir.include-user", "userdir.basepath", "userdir.letterhomes"],
  mod_dirlisting: [
    "dir-listing.activate",
    "dir-listing.hide-dotfiles",
    "dir-listing.external-css",
    "dir-listing.encoding",
    "dir-listing.show-readme",
    "dir-listing.hide-readme-file",
    "dir-listing.show-header",
    "dir-listing.hide-header-file",
    "dir-listing.exclude",
    "dir-listing.set-footer",
    "dir-listing.encode-readme",
    "dir-listing.encode-header",
    "dir-listing.auto-layout",
  ],
  mod_extforward: ["extforward.forwarder", "extforward.headers", "extforward.params"],
  mod_accesslog: ["accesslog.filename", "accesslog.format", "accesslog.use-syslog", "accesslog.syslog-level"],
  core: [
    "server.max-keep-alive-requests",
    "server.max-keep-alive-idle",
    "server.max-read-idle",
    "server.max-write-idle",
    "server.dir-listing",
    "server.indexfiles",
    "server.error-handler-404",
    "server.follow-symlink",
    "server.use-keep-alive",
    "server.force-lower-case-files",
    "server.force-lowercase-filenames",
    "server.protocol-http11",
    "server.range-requests",
    "server.reject-expect-100-with-417",
    "server.kbytes-per-second",
    "connection.kbytes-per-second",
    "server.listen-backlog",
    "server.max-request-field-size",
    "server.errorlog-use-syslog",
    "server.http-parseopt-header-strict",
    "server.http-parseopt-host-strict",
    "server.http-parseopt-host-normalize",
    "server.set-v6only",
    "server.use-ipv6",
    "server.defer-accept",
    "server.bsd-accept-filter",
    "server.v4mapped",
    "server.max-fds",
    "mimetype.use-xattr",
    "mimetype.xattr-name",
    "etag.use-inode",
    "etag.use-mtime",
    "etag.use-size",
    "debug.log-ssl-noise",
  ],
};

/** A scratch directory and the two ways of asking lighttpd: `run` a config, `probe` an option. */
function makeProber() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gen-catalog-lighttpd-"));
  process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));
  const conf = path.join(tmp, "probe.conf");
  fs.mkdirSync(path.join(tmp, "dir"));
  fs.writeFileSync(path.join(tmp, "file"), "x\n");
  // A certificate for the TLS modules, which load their files at start.
  const pem = path.join(tmp, "cert.pem");
  spawnSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "2", "-keyout", pem, "-out", path.join(tmp, "c.pem")],
    { stdio: "ignore" },
  );
  if (fs.existsSync(pem)) fs.appendFileSync(pem, fs.readFileSync(path.join(tmp, "c.pem")));

  const VALUES = [
    '"enable"',
    "1",
    '( "x" )',
    '( "x" => "y" )',
    '( "x" => ( "y" => "z" ) )',
    `"${tmp}/dir"`,
    `"${tmp}/file"`,
    `"${pem}"`,
    '"root"',
    '"1"',
    '""',
    '( ".x" => "text/plain" )',
    '( "/x" => ( ( "host" => "127.0.0.1", "port" => 9 ) ) )',
    '"sha1"',
    '"md5"',
    '( "/x" => "/y" )',
    '( "^/x" => "/y" )',
    '"X-Forwarded-For"',
    '( "127.0.0.1" => "trust" )',
    '"access plus 1 days"',
    '( "text/plain" )',
    '"GET"',
  ];

  function run(body, modules) {
    const mods = modules === null ? "" : `server.compat-module-load = "disable"\nserver.modules = ( ${modules.map((m) => `"${m}"`).join(", ")} )\n`;
    fs.writeFileSync(conf, `server.document-root = "${tmp}"\nserver.port = 8080\n${mods}${body}\n`);
    const r = spawnSync(LIGHTTPD, ["-tt", "-f", conf], { encoding: "utf8", cwd: tmp });
    return { status: r.status, out: (r.stdout ?? "") + (r.stderr ?? "") };
  }

  const unknownRe = (name) => new RegExp(`unknown config-key: ${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(ignored\\)`);

  /**
   * Whether lighttpd knows `name` with these modules loaded, and a value it
   * accepts (else the first one tried). Only a known option can make lighttpd
   * stop on its value (an unknown one is ignored, with a warning), so an option
   * whose every value is refused is known too.
   */
  function probe(name, modules, wrap = (s) => s) {
    let first;
    for (const v of VALUES) {
      const r = run(wrap(`${name} = ${v}`), modules);
      if (unknownRe(name).test(r.out)) return { known: false };
      if (r.status === 0) return { known: true, value: v, accepted: true };
      first ??= v;
    }
    return { known: true, value: first, accepted: false };
  }

  return { run, probe };
}

/** A module with the modules it needs loaded before it. */
const withDeps = (m) => (m.startsWith("mod_authn_") ? ["mod_auth", m] : m.startsWith("mod_vhostdb_") ? ["mod_vhostdb", m] : [m]);

const strings = (file) => {
  const r = spawnSync("strings", ["-n", "5", file], { encoding: "utf8", maxBuffer: 64 << 20 });
  return new Set(r.stdout.split("\n"));
};
const KEY = /^[a-z][a-z0-9_-]*(\.[a-zA-Z][a-zA-Z0-9_-]*)+$/;
const NOT_KEY =
  /\.(c|h|so|conf|pl|lua|html?|js|css|txt|db|pid|log|pem|crt|key|sock|gz|br|zst|bz2|cgi|fcgi|php|xml|json|rrd|sqlite|local|com|net|org|io|0|1|2|3|so\.\d+)$/;

/** The modules lighttpd can load and the candidate option names, with the files (or LEGACY modules) they come from. */
function candidates(run) {
  const builtin = [...strings(LIGHTTPD)].filter((s) => /^mod_[a-z0-9_]+$/.test(s) && !s.endsWith("_plugin_init") && !s.endsWith("_"));
  const shared = fs
    .readdirSync(MODDIR)
    .filter((f) => /^mod_.*\.so$/.test(f))
    .map((f) => f.slice(0, -3));
  const loadable = [...new Set([...builtin, ...shared])].filter((m) => run("", withDeps(m)).status === 0).sort();
  // One TLS module at a time: they share the ssl.* names.
  const TLS = ["mod_openssl", "mod_gnutls", "mod_mbedtls", "mod_nss", "mod_wolfssl"];

  const sources = new Map(); // candidate -> files it was read from
  for (const file of [LIGHTTPD, ...shared.map((m) => path.join(MODDIR, `${m}.so`))]) {
    // var.* and env.* are the user's; lighttpd keeps internal placeholder names in its key tables too.
    for (const s of strings(file))
      if (KEY.test(s) && !NOT_KEY.test(s) && !/^(var|env)\./.test(s) && !/placeholder|unused-slot/.test(s)) {
        if (!sources.has(s)) sources.set(s, new Set());
        sources.get(s).add(path.basename(file, ".so"));
      }
  }

  // The legacy names too: some are still known, under another module.
  for (const [module, names] of Object.entries(LEGACY)) {
    for (const name of names) {
      if (!sources.has(name)) sources.set(name, new Set());
      sources.get(name).add(module);
    }
  }

  return { loadable, TLS, sources };
}

/** Every option lighttpd knows, asked option by option (steps 1-4); `report` gets the names no probe value passed. */
function probeAll(report) {
  const { run, probe } = makeProber();
  const { loadable, TLS, sources } = candidates(run);
  const options = new Map();
  const unaccepted = [];
  for (const name of [...sources.keys()].sort()) {
    const found = [];
    let value;
    let accepted = false;
    const core = probe(name, []);
    // Strings of a module's .so first; the TLS modules all read the ssl.* names: mod_openssl first.
    const from = [...sources.get(name)].filter((m) => loadable.includes(m)).sort((a, b) => (a === "mod_openssl" ? -1 : b === "mod_openssl" ? 1 : 0));
    const order = [...from, ...loadable.filter((m) => !from.includes(m))];
    if (core.known) {
      found.push("core");
      ({ value, accepted } = core);
      // Known with no module loaded, yet read by a module (dir-listing.*): that module, never "not loaded".
      if (from.length === 1) found[0] = from[0];
    } else {
      for (const m of order) {
        const p = probe(name, withDeps(m));
        if (!p.known) continue;
        found.push(m);
        if (!accepted) ({ value, accepted } = p);
        if (!TLS.includes(m)) break;
      }
    }
    if (!found.length) continue;
    if (!accepted) unaccepted.push(name);
    const modules = core.known ? [] : withDeps(found[0]);
    // Scope: set in a $HTTP conditional (both messages come before lighttpd checks the value).
    const inCond = run(`$HTTP["host"] == "x" {\n${name} = ${value}\n}`, modules);
    const esc = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    let scope = "any";
    if (new RegExp(`do not set server options in conditionals, variable: ${esc}$`, "m").test(inCond.out)) scope = "global";
    else if (new RegExp(`WARNING: ${esc} must be in global scope or \\$SERVER\\["socket"\\]`).test(inCond.out)) scope = "socket";
    const entry = { name, module: found[0] === "core" ? "core" : found[0], ...(found.length > 1 ? { alsoIn: found.slice(1) } : {}), scope };
    if (core.known && found[0] !== "core") entry.withoutModule = true;
    options.set(name, entry);
  }

  report.loadable = loadable.length;
  report.unaccepted = unaccepted;
  return options;
}

const report = { loadable: 0, unaccepted: [] };
const options = legacyOnly
  ? new Map(
      JSON.parse(fs.readFileSync(OUT, "utf8"))
        .options.filter((o) => !o.legacy)
        .map((o) => [o.name, o]),
    )
  : probeAll(report);

/**
 * The releases whose source reads each name: one `git grep` per lighttpd-1.4.*
 * tag for all the quoted names under src/. Name -> { first, last, file }.
 */
function releaseHistory(dir, names) {
  const tags = execFileSync("git", ["-C", dir, "tag", "-l", "lighttpd-1.4.*"], { encoding: "utf8" })
    .split("\n")
    .filter((t) => /^lighttpd-1\.4\.\d+$/.test(t))
    .sort((a, b) => Number(a.split(".")[2]) - Number(b.split(".")[2]));
  const patterns = path.join(os.tmpdir(), `gen-catalog-lighttpd-names-${process.pid}`);
  fs.writeFileSync(patterns, names.map((n) => `"${n}"`).join("\n") + "\n");
  const seen = new Map();
  try {
    for (const tag of tags) {
      const r = spawnSync("git", ["-C", dir, "grep", "-o", "-F", "-f", patterns, tag, "--", "src"], { encoding: "utf8", maxBuffer: 64 << 20 });
      for (const line of r.stdout.split("\n")) {
        const m = /^[^:]+:([^:]+):"([^"]+)"$/.exec(line);
        if (!m) continue;
        const h = seen.get(m[2]) ?? { first: tag.slice(9) };
        seen.set(m[2], { ...h, last: tag.slice(9), file: m[1] });
      }
    }
  } finally {
    fs.rmSync(patterns, { force: true });
  }
  return seen;
}

const SOURCES = {};
const legacyNames = Object.values(LEGACY)
  .flat()
  .filter((n) => !options.has(n));
const history = releaseHistory(historyDir, legacyNames);
const unread = legacyNames.filter((n) => !history.has(n));
if (unread.length) throw new Error(`LEGACY names no lighttpd 1.4 release reads: ${unread.join(", ")}`);
for (const [module, names] of Object.entries(LEGACY)) {
  for (const name of names) {
    if (options.has(name)) continue;
    const { first, last, file } = history.get(name);
    const source = `lighttpd:${last}:${file}`;
    SOURCES[source] ??= { title: `lighttpd ${last} source, ${file}`, url: `https://github.com/lighttpd/lighttpd1.4/blob/lighttpd-${last}/${file}` };
    options.set(name, { name, module, scope: "any", legacy: true, versions: `${first}-${last}`, source });
  }
}

const version = /lighttpd\/(\S+)/.exec(spawnSync(LIGHTTPD, ["-v"], { encoding: "utf8" }).stdout)?.[1] ?? "unknown";
const pkg = (p) => spawnSync("dpkg-query", ["-W", "-f", "${Version}", p], { encoding: "utf8" }).stdout || null;
const codename = /VERSION_CODENAME=(\w+)/.exec(fs.readFileSync("/etc/os-release", "utf8"))?.[1] ?? "stable";
SOURCES["deb:lighttpd"] = {
  title: `lighttpd ${pkg("lighttpd")} (Debian ${codename}) with every lighttpd-mod-* and lighttpd-modules-* package, asked option by option with lighttpd -tt`,
  url: `https://packages.debian.org/${codename}/lighttpd`,
};
const data = {
  source:
    `lighttpd ${version} as packaged by Debian (lighttpd ${pkg("lighttpd")}, with every lighttpd-mod-* and lighttpd-modules-* package), ` +
    'asked option by option with `lighttpd -tt` (known or "unknown config-key"; the module that makes it known; "DEPRECATED: do not set server options in conditionals" or ' +
    '"must be in global scope or $SERVER[\\"socket\\"]" for its scope), by scripts/gen-catalog-lighttpd.mjs; options of older lighttpd 1.4 releases that ' +
    `${version} no longer has (modules removed in 1.4.68, renamed keys) are added, each with the releases whose source reads it (fields versions, source), and marked legacy.`,
  version,
  legend: {
    source: "where an option comes from: its own `source`, else `defaultSource`; a key of `sources` (title and public address)",
    versions: "for a legacy option, the first and last lighttpd 1.4 releases whose source reads it",
  },
  defaultSource: "deb:lighttpd",
  sources: SOURCES,
  scopes: {
    any: "the global scope and any conditional",
    global: "the global scope only (lighttpd ignores it in a conditional, with a DEPRECATED warning)",
    socket: 'the global scope or a $SERVER["socket"] == "..." conditional (lighttpd ignores it elsewhere, with a warning)',
  },
  // lighttpd adds these to server.modules itself (unless server.compat-module-load = "disable").
  // mod_dirlisting only when a listing is enabled somewhere: a lone dir-listing.activate = "disable" then
  // gets "unknown config-key", harmlessly (no listing either way); lighttpd never warns about other dir-listing.* names.
  autoloaded: {
    always: ["mod_indexfile", "mod_dirlisting", "mod_staticfile"],
    "with mod_auth": ["mod_authn_file", "mod_authn_ldap", "mod_authn_mysql"],
    "with ssl.* options": ["mod_openssl"],
    aliases: { mod_compress: "mod_deflate" },
  },
  options: [...options.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
};
// One option a line, so a regenerated catalog reads as a short diff.
const { options: list, ...head } = data;
const text = JSON.stringify(head, null, 1).replace(/\n}$/, `,\n "options": [\n${list.map((o) => `  ${JSON.stringify(o)}`).join(",\n")}\n ]\n}\n`);
JSON.parse(text);
fs.writeFileSync(OUT, text);
console.log(
  `${data.options.length} options (${data.options.filter((o) => o.legacy).length} legacy)${legacyOnly ? "" : `, modules probed: ${report.loadable}`}`,
);
if (report.unaccepted.length)
  console.log(`known, but no probe value was accepted (scope read from the messages before the value check): ${report.unaccepted.join(", ")}`);
