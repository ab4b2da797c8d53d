/**
 * The lighttpd option catalog (src/catalog/data/lighttpd.json) and what
 * `unknown-directive` and `directive-context` make of it, checked against
 * Debian's lighttpd 1.4.69 where it is installed (CI installs it).
 *
 * What lighttpd 1.4.69 does, recorded by the oracle tests below:
 * - an unknown option, or one whose module is not loaded: it starts, with
 *   "WARNING: unknown config-key: <name> (ignored)" (no line number);
 * - a global-only option in a conditional: "DEPRECATED: do not set server
 *   options in conditionals, variable: <name>", and ignores it there;
 * - a socket option (`ssl.engine`, `server.use-ipv6`...) outside the global
 *   scope and `$SERVER["socket"] == "..."`: "WARNING: <name> must be in global
 *   scope or $SERVER["socket"] with '==', or else is ignored".
 * lighttpd names the option but gives no line: the differential test compares
 * the name, and checks that we report it at the line where it is set.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import catalog from "../src/catalog/data/lighttpd.json" with { type: "json" };
import { isKnownLighttpdOption, suggestLighttpdOption } from "../src/catalog/lighttpd.js";
import { lintFiles } from "../src/engine/run.js";
import { CORPUS, corpusFiles } from "./support/corpus.js";
import { LIGHTTPD, canLoad, lighttpdTestText, saysAnything, saysNotHere, saysUnknown } from "./support/oracle-lighttpd.js";
import { rng } from "./support/random.js";

const ONLY = ["unknown-directive", "directive-context"];

interface Finding {
  rule: string;
  file: string;
  line: number;
  name: string;
  message: string;
}

/** The option a finding is about, from its message. */
const nameOf = (message: string) =>
  (/^Unknown option '([^']+)'/.exec(message) ?? /^'([^']+)' is not allowed/.exec(message) ?? /^(\S+) needs /.exec(message))?.[1] ?? "?";

function lint(files: string[], opts: Parameters<typeof lintFiles>[1] = {}): Finding[] {
  const run = lintFiles(files, { dialect: "lighttpd", only: ONLY, ...opts });
  return run.results.flatMap((r) =>
    r.messages.map((m) => ({ rule: m.ruleId ?? "", file: m.file, line: m.range.line, name: nameOf(m.message), message: m.message })),
  );
}

function lintText(text: string): Finding[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-catalog-lighttpd-"));
  try {
    const file = path.join(dir, "lighttpd.conf");
    fs.writeFileSync(file, text);
    return lint([file]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz-";
type Edit = "deletion" | "insertion" | "substitution" | "transposition";
const EDITS: Edit[] = ["deletion", "insertion", "substitution", "transposition"];

/** One slip of the fingers in `name` (never in its first segment's dot, so it still reads as an option). */
function typo(name: string, kind: Edit, rand: () => number): string {
  const pick = (n: number) => Math.floor(rand() * n);
  for (let tries = 0; tries < 20; tries++) {
    const i = pick(name.length);
    if (name[i] === ".") continue;
    const letter = LETTERS[pick(LETTERS.length)];
    let out: string;
    switch (kind) {
      case "deletion":
        out = name.slice(0, i) + name.slice(i + 1);
        break;
      case "insertion":
        out = name.slice(0, i) + letter + name.slice(i);
        break;
      case "substitution":
        if (letter === name[i]) continue;
        out = name.slice(0, i) + letter + name.slice(i + 1);
        break;
      case "transposition":
        if (i + 1 >= name.length || name[i + 1] === "." || name[i] === name[i + 1]) continue;
        out = name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2);
        break;
    }
    if (out !== name && !/^\.|\.$|\.\./.test(out)) return out;
  }
  return name;
}

const current = (catalog.options as { name: string; legacy?: boolean }[]).filter((o) => !o.legacy).map((o) => o.name);

describe("the catalog", () => {
  test("says where it comes from and covers the modules a Django site uses", () => {
    expect(catalog.source).toMatch(/lighttpd 1\.4\.69/);
    const modules = new Set((catalog.options as { module: string }[]).map((o) => o.module));
    for (const m of [
      "core",
      "mod_fastcgi",
      "mod_scgi",
      "mod_proxy",
      "mod_rewrite",
      "mod_redirect",
      "mod_alias",
      "mod_access",
      "mod_accesslog",
      "mod_auth",
      "mod_setenv",
      "mod_expire",
      "mod_deflate",
      "mod_openssl",
      "mod_status",
      "mod_cgi",
      "mod_magnet",
      "mod_evhost",
      "mod_simple_vhost",
      "mod_webdav",
      "mod_userdir",
      "mod_secdownload",
      "mod_evasive",
    ]) {
      expect(modules.has(m) ? m : `missing ${m}`).toBe(m);
    }
    expect(current.length).toBeGreaterThan(200);
  });

  test("names are unique and every entry has a module and a scope", () => {
    const names = (catalog.options as { name: string }[]).map((o) => o.name);
    expect(new Set(names).size).toBe(names.length);
    for (const o of catalog.options as { name: string; module: string; scope: string }[]) {
      expect([o.name, /^(core|mod_\w+)$/.test(o.module), ["any", "global", "socket"].includes(o.scope)]).toEqual([o.name, true, true]);
    }
  });

  test("user variables are never unknown; lookups are exact", () => {
    expect(isKnownLighttpdOption("var.anything")).toBe(true);
    expect(isKnownLighttpdOption("env.HOME")).toBe(true);
    expect(isKnownLighttpdOption("server.document-root")).toBe(true);
    expect(isKnownLighttpdOption("Server.Document-Root")).toBe(false);
  });
});

test("suggestions: the top suggestion for a one- or two-letter typo is the intended option in >= 95% of cases", () => {
  const rand = rng(20240811);
  const known = new Set((catalog.options as { name: string }[]).map((o) => o.name));
  let total = 0;
  let right = 0;
  const byKind: Record<string, [number, number]> = {};
  const misses: string[] = [];
  for (const name of current) {
    for (const letters of [1, 2]) {
      for (const kind of EDITS) {
        let t = typo(name, kind, rand);
        if (letters === 2) t = typo(t, EDITS[Math.floor(rand() * EDITS.length)], rand);
        if (known.has(t) || t === name) continue; // a typo that is another real option is not a typo
        const key = `${letters}-letter ${kind}`;
        const k = (byKind[key] ??= [0, 0]);
        total++;
        k[0]++;
        if (suggestLighttpdOption(t) === name) {
          right++;
          k[1]++;
        } else if (misses.length < 15) misses.push(`${t} -> ${suggestLighttpdOption(t) ?? "(none)"} (meant ${name})`);
      }
    }
  }
  const rate = right / total;
  console.log(
    `lighttpd suggestions: ${right}/${total} = ${(rate * 100).toFixed(1)}% top-1\n` +
      Object.entries(byKind)
        .map(([k, [n, r]]) => `  ${k}: ${r}/${n}`)
        .join("\n") +
      `\n  some misses: ${misses.join("; ")}`,
  );
  expect(total).toBeGreaterThan(1500);
  expect(rate).toBeGreaterThanOrEqual(0.95);
});

describe("Debian's default configuration gives no finding of these rules", () => {
  const DEBIAN = path.join(CORPUS, "lighttpd/debian-bookworm-pkg");

  test("the packaged tree (corpus copy of /etc/lighttpd)", () => {
    expect(lint([path.join(DEBIAN, "lighttpd.conf")], { map: [{ from: "/etc/lighttpd", to: DEBIAN }] })).toEqual([]);
  });

  test("the packaged tree with every conf-available fragment enabled", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-debian-lighttpd-"));
    try {
      fs.cpSync(DEBIAN, dir, { recursive: true });
      for (const f of fs.readdirSync(path.join(dir, "conf-available"))) {
        if (f.endsWith(".conf")) fs.copyFileSync(path.join(dir, "conf-available", f), path.join(dir, "conf-enabled", f));
      }
      expect(lint([path.join(dir, "lighttpd.conf")], { map: [{ from: "/etc/lighttpd", to: dir }] })).toEqual([]);
      // The fragments are read: a misspelt option in one of them is found.
      fs.writeFileSync(
        path.join(dir, "conf-enabled", "99-typo.conf"),
        'server.modules += ( "mod_setenv" )\nsetenv.add-response-heder = ( "X-Frame-Options" => "DENY" )\n',
      );
      expect(
        lint([path.join(dir, "lighttpd.conf")], { map: [{ from: "/etc/lighttpd", to: dir }] }).map((f) => [path.basename(f.file), f.line, f.message]),
      ).toEqual([["99-typo.conf", 2, "Unknown option 'setenv.add-response-heder': did you mean 'setenv.add-response-header'?"]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const etc = "/etc/lighttpd/lighttpd.conf";
  (fs.existsSync(etc) ? test : test.skip)(`the installed ${etc} (skipped where lighttpd is not installed)`, () => {
    expect(lint([etc])).toEqual([]);
  });
});

/** A realistic Django-behind-FastCGI config, one statement a line, with the modules Debian's lighttpd package itself ships. */
const MODULES = ["mod_access", "mod_alias", "mod_rewrite", "mod_redirect", "mod_setenv", "mod_expire", "mod_fastcgi", "mod_accesslog", "mod_status"];
const base = (dir: string) => [
  `server.document-root = "${dir}"`,
  `server.modules = ( ${MODULES.map((m) => `"${m}"`).join(", ")} )`,
  `server.tag = "lighttpd"`,
  `server.max-request-size = 10240`,
  `index-file.names = ( "index.html" )`,
  `static-file.exclude-extensions = ( ".py", ".pyc" )`,
  `mimetype.assign = ( ".css" => "text/css", ".js" => "text/javascript" )`,
  `accesslog.filename = "${dir}/access.log"`,
  `fastcgi.server = ( "/mysite.fcgi" => ( "main" => ( "socket" => "${dir}/mysite.sock", "check-local" => "disable" ) ) )`,
  `alias.url = ( "/media/" => "${dir}/media/" )`,
  `url.rewrite-once = ( "^(/media.*)$" => "$1", "^(/.*)$" => "/mysite.fcgi$1" )`,
  `status.status-url = "/server-status"`,
  `$HTTP["host"] == "www.example.com" {`,
  `  url.access-deny = ( "~", ".inc" )`,
  `  setenv.add-response-header = ( "X-Frame-Options" => "DENY" )`,
  `  expire.url = ( "/media/" => "access plus 7 days" )`,
  `  url.redirect = ( "^/old/(.*)" => "/new/$1" )`,
  `  server.name = "www.example.com"`,
  `  debug.log-request-handling = "disable"`,
  `  etag.use-inode = "disable"`,
  `}`,
  `$HTTP["url"] =~ "^/media/" {`,
  `  server.range-requests = "enable"`,
  `  server.follow-symlink = "disable"`,
  `}`,
];
/** Where a moved option goes: the end of the $HTTP["host"] block (line 20), or a $SERVER["socket"] block appended. */
const HOST_BLOCK_END = 20;

/** Global-only and socket options, with a value lighttpd accepts in the global scope. */
const MOVABLE: [string, (dir: string) => string][] = [
  ["server.max-fds", () => "2048"],
  ["server.max-connections", () => "512"],
  ["server.max-worker", () => "0"],
  ["server.upload-dirs", (d) => `( "${d}" )`],
  ["server.stat-cache-engine", () => '"simple"'],
  ["server.network-backend", () => '"writev"'],
  ["server.core-files", () => '"disable"'],
  ["server.max-request-field-size", () => "8192"],
  ["server.upload-temp-file-size", () => "16777216"],
  ["server.http-parseopts", () => '( "header-strict" => "enable" )'],
  ["server.pid-file", (d) => `"${d}/lighttpd.pid"`],
  ["server.port", () => "8080"],
  ["server.bind", () => '"127.0.0.1"'],
  ["server.errorlog-use-syslog", () => '"disable"'],
  ["server.syslog-facility", () => '"daemon"'],
  ["server.chunkqueue-chunk-sz", () => "8192"],
  ["server.feature-flags", () => '( "server.h2proto" => "enable" )'],
  ["server.systemd-socket-activation", () => '"disable"'],
  ["server.modules", () => '( "mod_access" )'],
  ["debug.log-request-header-on-error", () => '"enable"'],
  ["mimetype.xattr-name", () => '"Content-Type"'],
  ["server.use-ipv6", () => '"disable"'],
  ["server.listen-backlog", () => "128"],
  ["server.defer-accept", () => "0"],
  ["server.v4mapped", () => '"enable"'],
];

interface Variant {
  what: string;
  /** The config, one statement a line. */
  lines: (dir: string) => string[];
  /** The option lighttpd must name, and the line we must report it at (0 for the twin: nothing to report). */
  key: string;
  line: number;
  rule: "unknown-directive" | "directive-context";
}

function variants(): { bad: Variant; twin: Variant }[] {
  const rand = rng(69);
  const out: { bad: Variant; twin: Variant }[] = [];
  const good: Variant = { what: "the correct config", lines: base, key: "", line: 0, rule: "unknown-directive" };
  // Misspelt options, one per config, in the global scope and in conditionals.
  const sample = base("/x");
  sample.forEach((l, i) => {
    const m = /^\s*([a-z][\w.-]*)\s*=/.exec(l);
    if (!m || m[1] === "server.document-root" || m[1] === "server.modules") return;
    const key = m[1];
    for (const kind of [EDITS[i % 4], EDITS[(i + 1) % 4]]) {
      const bad = typo(key, kind, rand);
      if (bad === key || isKnownLighttpdOption(bad)) continue;
      out.push({
        bad: {
          what: `${key} misspelt as ${bad} (${kind})`,
          lines: (d) => base(d).map((x, j) => (j === i ? x.replace(key, bad) : x)),
          key: bad,
          line: i + 1,
          rule: "unknown-directive",
        },
        twin: good,
      });
    }
  });
  // Global-only and socket options moved into a conditional; the twin sets them in the global scope.
  for (const [key, value] of MOVABLE) {
    const twin: Variant = {
      what: `${key} in the global scope`,
      lines: (d) => [...base(d), `${key} = ${value(d)}`],
      key: "",
      line: 0,
      rule: "directive-context",
    };
    if (key !== "server.modules") {
      out.push({
        bad: {
          what: `${key} in $HTTP["host"]`,
          lines: (d) => {
            const b = base(d);
            return [...b.slice(0, HOST_BLOCK_END - 1), `  ${key} = ${value(d)}`, ...b.slice(HOST_BLOCK_END - 1)];
          },
          key,
          line: HOST_BLOCK_END,
          rule: "directive-context",
        },
        twin: key === "server.port" ? good : twin,
      });
    }
    const scope = (catalog.options as { name: string; scope: string }[]).find((o) => o.name === key)?.scope;
    if (scope === "global") {
      out.push({
        bad: {
          what: `${key} in $SERVER["socket"]`,
          lines: (d) => [...base(d), `$SERVER["socket"] == "127.0.0.1:8081" {`, `  ${key} = ${value(d)}`, `}`],
          key,
          line: base("/x").length + 2,
          rule: "directive-context",
        },
        twin: key === "server.port" || key === "server.modules" ? good : twin,
      });
    }
  }
  return out;
}

(LIGHTTPD ? describe : describe.skip)("differential: lighttpd -tt and the linter agree (skipped where lighttpd is not installed)", () => {
  const cases = variants();

  test("the generated set is large enough", () => {
    expect(cases.filter((c) => c.bad.rule === "unknown-directive").length).toBeGreaterThanOrEqual(30);
    expect(cases.filter((c) => c.bad.rule === "directive-context").length).toBeGreaterThanOrEqual(30);
  });

  test("the correct config and every correct twin: lighttpd says nothing, nor do we", () => {
    const twins = new Map(cases.map((c) => [c.twin.what, c.twin]));
    const disagree: string[] = [];
    for (const twin of twins.values()) {
      let text = "";
      const server = lighttpdTestText((d) => (text = twin.lines(d).join("\n") + "\n"));
      const ours = lintText(text);
      if (server.status !== 0 || saysAnything(server.out) || ours.length) {
        disagree.push(`${twin.what}: lighttpd ${server.status} ${server.out.trim()} / ours ${JSON.stringify(ours.map((f) => f.message))}`);
      }
    }
    expect(disagree).toEqual([]);
  });

  test.each(cases.map((c) => [c.bad.what, c.bad] as const))("%s: lighttpd names it, we flag it at its line", (_, bad) => {
    let text = "";
    const server = lighttpdTestText((d) => (text = bad.lines(d).join("\n") + "\n"));
    const says = bad.rule === "unknown-directive" ? saysUnknown(server.out, bad.key) : saysNotHere(server.out, bad.key);
    expect([bad.key, says, server.out]).toEqual([bad.key, true, server.out]);
    const ours = lintText(text);
    expect(ours.map((f) => [f.rule, f.line, f.name])).toEqual([[bad.rule, bad.line, bad.key]]);
  });

  test("lighttpd 1.4.69 never warns about a dir-listing.* name but dir-listing.activate; a misspelt one is still ignored, and flagged", () => {
    let text = "";
    const server = lighttpdTestText((d) => (text = [...base(d), 'dir-listing.hide-dotfils = "enable"'].join("\n") + "\n"));
    expect([server.status, server.out]).toEqual([0, ""]);
    expect(lintText(text).map((f) => [f.rule, f.line, f.name])).toEqual([["unknown-directive", base("/x").length + 1, "dir-listing.hide-dotfils"]]);
  });

  test('dir-listing.activate = "disable" without mod_dirlisting: lighttpd loads mod_dirlisting only when a listing is enabled and warns; the setting does what it says, so we stay silent', () => {
    let text = "";
    const server = lighttpdTestText((d) => (text = [...base(d), 'dir-listing.activate = "disable"'].join("\n") + "\n"));
    expect(saysUnknown(server.out, "dir-listing.activate")).toBe(true);
    expect(lintText(text)).toEqual([]);
    const enabled = lighttpdTestText((d) => [...base(d), 'dir-listing.activate = "enable"'].join("\n") + "\n");
    expect([enabled.status, enabled.out]).toEqual([0, ""]);
  });

  test("condition fields: lighttpd refuses exactly the conditions we flag (an error, with the nearest known field)", () => {
    const conds = [
      ...['"host" == "a.example"', '"Host" == "a.example"', '"useragent" =~ "bot"', '"user-agent" =~ "bot"', '"agent" =~ "bot"'],
      ...['"remoteip" == "10.0.0.1"', '"remote-ip" == "10.0.0.1"', '"querystring" =~ "x"', '"query-string" =~ "x"', '"query" =~ "x"'],
      ...['"scheme" == "http"', '"request-method" == "GET"', '"method" == "GET"', '"url" =^ "/a/"', '"uri" =^ "/a/"'],
      ...['"referer" =~ "x"', '"language" =~ "de"', '"cookie" =~ "x"', '"request-header" == "x"'],
    ].map((c) => `$HTTP[${c}`.replace(/^(\$HTTP\["[^"]*")/, "$1]"));
    conds.push('$SERVER["socket"] == ":8081"', '$SERVER["port"] == "8081"', '$REQUEST_HEADER["X-Anything"] == "1"', '$ENV["HOME"] == "/root"');
    const disagree: string[] = [];
    for (const c of conds) {
      let text = "";
      const server = lighttpdTestText((d) => (text = [...base(d), `${c} {`, '  server.name = "x"', "}"].join("\n") + "\n"));
      const ours = lintText(text).filter((f) => f.message.startsWith("Unknown condition"));
      if ((server.status !== 0) !== ours.length > 0) disagree.push(`${c}: lighttpd ${server.status} ${server.out.trim().slice(0, 80)} / ours ${ours.length}`);
    }
    expect(disagree).toEqual([]);
    let text = "";
    lighttpdTestText((d) => (text = [...base(d), '$HTTP["Host"] == "a.example" {', '  server.name = "x"', "}"].join("\n") + "\n"));
    expect(lintText(text).map((f) => [f.rule, f.line, f.message])).toEqual([
      ["unknown-directive", base("/x").length + 1, `Unknown condition '$HTTP["Host"]': did you mean '$HTTP["host"]'?`],
    ]);
  });

  test("an ssl.* option without mod_openssl in server.modules: lighttpd loads mod_openssl for it (with a warning), we say nothing", () => {
    let text = "";
    const server = lighttpdTestText((d) => (text = [...base(d), 'ssl.openssl.ssl-conf-cmd = ( "MinProtocol" => "TLSv1.2" )'].join("\n") + "\n"));
    expect(server.out).toMatch(/please add "mod_openssl" to server\.modules/);
    expect(saysUnknown(server.out, "ssl.openssl.ssl-conf-cmd")).toBe(false);
    expect(lintText(text)).toEqual([]);
  });

  test("an option whose module is not loaded: lighttpd ignores it, we say which module it needs", () => {
    // (fastcgi.server, alias.url and url.rewrite-* are lighttpd/module-not-loaded's, not reported twice.)
    const withoutExpire = (d: string) => base(d).map((l) => l.replace('"mod_expire", ', ""));
    let text = "";
    const server = lighttpdTestText((d) => (text = withoutExpire(d).join("\n") + "\n"));
    expect(saysUnknown(server.out, "expire.url")).toBe(true);
    expect(lintText(text).map((f) => [f.rule, f.line, f.message])).toEqual([["unknown-directive", 16, "expire.url needs mod_expire, which is not loaded"]]);
  });
});

(LIGHTTPD ? describe : describe.skip)(
  "the corpus: every finding of these rules is one lighttpd 1.4.69 makes too (skipped where lighttpd is not installed)",
  () => {
    const files = corpusFiles("lighttpd");
    const findings = lint(
      files.map((f) => f.path),
      { cwd: CORPUS },
    );

    /**
     * Residual findings: none today. A corpus file mostly cannot run alone
     * (it needs its tree, env.*, other modules), so each finding is replayed in
     * a minimal config: the option where the finding says it is.
     */
    test.each(
      findings.length ? findings.map((f) => [`${path.relative(CORPUS, f.file)}:${f.line} ${f.message}`, f] as const) : [["(no finding)", null] as const],
    )("%s", (_, f) => {
      if (!f) return;
      const text = fs.readFileSync(f.file, "utf8").split(/\r\n|\r|\n/)[f.line - 1];
      const value = /=\s*(.*)$/.exec(text)?.[1]?.replace(/(env|var)\.[\w.]+/g, '"x"') ?? '"x"';
      const modules = f.message.includes(" needs ")
        ? [...new Set([...fs.readFileSync(f.file, "utf8").matchAll(/"(mod_\w+)"/g)].map((m) => m[1]))].filter(canLoad)
        : MODULES;
      const body = (d: string) => `server.document-root = "${d}"\nserver.modules = ( ${modules.map((m) => `"${m}"`).join(", ")} )\n`;
      const stmt = `${f.name} = ${value}`;
      const server = lighttpdTestText((d) => (f.rule === "directive-context" ? `${body(d)}$HTTP["host"] == "x" {\n${stmt}\n}\n` : `${body(d)}${stmt}\n`));
      expect([f.name, f.rule === "directive-context" ? saysNotHere(server.out, f.name) : saysUnknown(server.out, f.name)]).toEqual([f.name, true]);
    });
  },
);
