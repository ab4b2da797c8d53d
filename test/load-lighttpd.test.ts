/**
 * lighttpd includes, as lighttpd 1.4.69 resolves them: each case is a tree
 * under fixtures/load/lighttpd/<case>/ whose files carry the expected findings
 * (engine ids and rules alike) as `# expect:` annotations. Then: include_shell
 * is never run, and the server model (module list, contexts, FastCGI, aliases,
 * rewrites) as the rules read it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MAX_NESTING } from "../src/ast/types.js";
import { lintFiles } from "../src/engine/run.js";
import { DiskFs } from "../src/load/fs-facade.js";
import * as fc from "fast-check";
import { countBraceAlternatives, expandBraces, loadLighttpdTree, MAX_BRACE_ALTERNATIVES, type LighttpdTree } from "../src/load/lighttpd.js";
import { PathMap } from "../src/load/path-map.js";
import { LighttpdServer } from "../src/model/lighttpd/server.js";
import { describeLoadCases } from "./support/load-cases.js";
import { cli } from "./support/cli.js";

const ROOT = path.resolve("fixtures/load/lighttpd");

describeLoadCases("lighttpd includes", ROOT, { entry: "lighttpd.conf", dialect: "lighttpd", annotated: (n) => n.endsWith(".conf") });

describe("include_shell is recorded and never run", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-include-shell-"));
  const marker = path.join(dir, "marker-file");
  const conf = path.join(dir, "lighttpd.conf");
  // Relative to the config's directory, where the engine runs: the quoted command stays short whatever the
  // temporary directory's path (messages shorten long commands).
  const command = "touch marker-file";
  fs.writeFileSync(conf, `server.modules = ( "mod_access" )\ninclude_shell "${command}"\ninclude_shell "sh -c '" + "${command}" + "'"\n`);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the command does create the marker when a shell runs it (the check below can fail)", () => {
    const probe = path.join(dir, "probe");
    spawnSync("sh", ["-c", command.replace("marker-file", "probe")], { cwd: dir });
    expect(fs.existsSync(probe)).toBe(true);
    fs.rmSync(probe);
  });

  test("the engine reports include-not-followed and creates no marker", () => {
    const run = lintFiles([conf], { cwd: dir, dialect: "lighttpd" });
    const notFollowed = run.results.flatMap((r) => r.messages).filter((m) => m.ruleId === "include-not-followed");
    expect(notFollowed.map((m) => [m.range.line, m.severity])).toEqual([
      [2, "info"],
      [3, "info"],
    ]);
    expect(notFollowed[0].message).toContain(`include_shell "${command}" is not run`);
    expect(fs.existsSync(marker)).toBe(false);
  });

  test("the CLI (also with --fix) creates no marker", () => {
    const r = cli(["--dialect", "lighttpd", "-f", "json", conf]);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)[0].messages.map((m: { ruleId: string }) => m.ruleId)).toEqual(["include-not-followed", "include-not-followed"]);
    cli(["--dialect", "lighttpd", "--fix", conf]);
    expect(fs.existsSync(marker)).toBe(false);
  });
});

test("brace expansion, as glob(3) with GLOB_BRACE", () => {
  expect(expandBraces("conf.d/{a,b}.conf")).toEqual(["conf.d/a.conf", "conf.d/b.conf"]);
  expect(expandBraces("{x,y}/{1,2}")).toEqual(["x/1", "x/2", "y/1", "y/2"]);
  expect(expandBraces("a{b,{c,d}}e")).toEqual(["abe", "ace", "ade"]);
  expect(expandBraces("no{brace")).toEqual(["no{brace"]);
  expect(expandBraces("{single}")).toEqual(["{single}"]);
});

/** The recursive expansion the loader used before it counted first and worked from a list (the reference). */
function expandBracesRecursively(s: string): string[] {
  const open = s.indexOf("{");
  if (open < 0) return [s];
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === "{") depth++;
    else if (c === "}") {
      depth--;
      if (depth === 0) {
        if (!commas.length) return expandBracesRecursively(s.slice(0, open) + "\u0000" + s.slice(open + 1)).map((x) => x.replace("\u0000", "{"));
        const bounds = [open, ...commas, i];
        const out: string[] = [];
        for (let k = 0; k + 1 < bounds.length; k++)
          out.push(...expandBracesRecursively(s.slice(0, open) + s.slice(bounds[k] + 1, bounds[k + 1]) + s.slice(i + 1)));
        return out;
      }
    } else if (c === "," && depth === 1) commas.push(i);
  }
  return [s];
}

test("brace expansion without recursion: the same patterns, in the same order, as the recursive expansion; counted before it is made", () => {
  const piece = fc.constantFrom("{", "}", ",", "a", "b", "/", "{a,b}", "{,}", "{x}");
  fc.assert(
    fc.property(
      fc.array(piece, { maxLength: 14 }).map((a) => a.join("")),
      (p) => {
        const want = expandBracesRecursively(p);
        expect(expandBraces(p)).toEqual(want);
        expect(countBraceAlternatives(p, Infinity)).toBe(want.length);
      },
    ),
    { numRuns: 3000, seed: 14 },
  );
  // Twenty groups are a million patterns, refused from the count; 5,000 nested groups too (no recursion that deep).
  expect(expandBraces("{a,b}".repeat(20), MAX_BRACE_ALTERNATIVES)).toBeNull();
  expect(expandBraces("{a,".repeat(5000) + "}".repeat(5000), MAX_BRACE_ALTERNATIVES)).toBeNull();
  expect(expandBraces("{a,b}".repeat(13), MAX_BRACE_ALTERNATIVES)).toHaveLength(8192);
});

/** The model of an in-memory config, with files of a scratch directory as includes. */
function model(main: string, extra: Record<string, string> = {}, entry = "lighttpd.conf"): LighttpdServer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-lighttpd-model-"));
  for (const [name, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const tree = loadLighttpdTree(path.join(dir, entry), new DiskFs(new PathMap([], dir)), {}, main) as LighttpdTree;
  fs.rmSync(dir, { recursive: true, force: true });
  return new LighttpdServer(tree);
}

describe("the lighttpd model", () => {
  test("server.modules is the list after every =, += and := in read order, includes spliced in", () => {
    const s = model('server.modules = ( "mod_access" )\ninclude "conf.d/*.conf"\nserver.modules += ( "mod_accesslog" )\n', {
      "conf.d/10-rewrite.conf": 'server.modules += ( "mod_rewrite" )\n',
      "conf.d/20-fastcgi.conf": 'server.modules += ( "mod_fastcgi", "mod_alias" )\n',
    });
    expect(s.modules.map((m) => m.name)).toEqual(["mod_access", "mod_rewrite", "mod_fastcgi", "mod_alias", "mod_accesslog"]);
    expect(s.modules.map((m) => path.basename(m.entry.node.file))).toEqual([
      "lighttpd.conf",
      "10-rewrite.conf",
      "20-fastcgi.conf",
      "20-fastcgi.conf",
      "lighttpd.conf",
    ]);
    expect([s.modulesKnown, s.hasModule("mod_fastcgi"), s.hasModule("mod_proxy")]).toEqual([true, "yes", "no"]);
    expect(model('server.modules = ( "mod_a" )\nserver.modules := ( "mod_b" )\n').modules.map((m) => m.name)).toEqual(["mod_b"]);
  });

  test("the module list is incomplete when a fragment only appends, or an include_shell may add to it", () => {
    const fragment = model('server.modules += ( "mod_fastcgi" )\n', {}, "10-fastcgi.conf");
    expect([fragment.modulesKnown, fragment.hasModule("mod_fastcgi"), fragment.hasModule("mod_alias")]).toEqual([false, "yes", "unknown"]);
    const main = model('server.modules += ( "mod_fastcgi" )\n');
    expect([main.modulesKnown, main.hasModule("mod_alias")]).toEqual([true, "no"]);
    const shell = model('server.modules = ( "mod_access" )\ninclude_shell "/usr/local/bin/site-modules.sh"\n');
    expect([shell.modulesKnown, shell.hasModule("mod_fastcgi")]).toEqual([false, "unknown"]);
    const debian = model(
      'server.modules = ( "mod_access" )\ninclude_shell "/usr/share/lighttpd/create-mime.conf.pl"\ninclude_shell "/usr/share/lighttpd/use-ipv6.pl " + 80\n',
    );
    expect([debian.modulesKnown, debian.hasModule("mod_fastcgi")]).toEqual([true, "no"]);
    const unread = model('server.modules = ( "mod_access" )\ninclude env.EXTRA\n');
    expect(unread.modulesKnown).toBe(false);
  });

  test("Debian's include-conf-enabled.pl is read as the include it prints (conf-enabled/*.conf of its directory), never run", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-conf-enabled-"));
    fs.mkdirSync(path.join(dir, "conf-enabled"));
    fs.writeFileSync(path.join(dir, "conf-enabled", "10-fastcgi.conf"), 'server.modules += ( "mod_fastcgi" )\n');
    fs.writeFileSync(path.join(dir, "conf-enabled", "10-fastcgi.disabled"), 'server.modules += ( "mod_proxy" )\n');
    const text = `server.modules = ( "mod_access" )\ninclude_shell "/usr/share/lighttpd/include-conf-enabled.pl ${dir}"\n`;
    const tree = loadLighttpdTree(path.join(dir, "lighttpd.conf"), new DiskFs(new PathMap([], dir)), {}, text) as LighttpdTree;
    const s = new LighttpdServer(tree);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(tree.problems.filter((p) => p.ruleId === "include-not-followed")).toEqual([]);
    expect([s.modulesKnown, s.hasModule("mod_fastcgi"), s.hasModule("mod_proxy")]).toEqual([true, "yes", "no"]);
  });

  test("conditional contexts: own settings, += copies the enclosing value, the same test twice is one context", () => {
    const s = model(
      [
        'var.root = "/srv"',
        'alias.url = ( "/media/" => root + "/media/" )',
        '$HTTP["host"] == "a.example.com" {',
        '  alias.url += ( "/static/" => root + "/static/" )',
        '  server.document-root = root + "/a"',
        "}",
        '$HTTP["host"] == "b.example.com" { server.document-root = "/srv/b" }',
        '$HTTP["host"] == "a.example.com" { server.name = "a" }',
        'else { server.name = "other" }',
        "",
      ].join("\n"),
    );
    expect(s.contexts.map((c) => c.label)).toEqual(["global", '$HTTP["host"] == "a.example.com"', '$HTTP["host"] == "b.example.com"', "else"]);
    const [global, a, b, other] = s.contexts;
    expect(a.blocks).toHaveLength(2);
    expect(s.aliases(s.settingInEffect("alias.url", a)!).map((x) => [x.url, x.target.type === "string" ? x.target.value : null])).toEqual([
      ["/media/", "/srv/media/"],
      ["/static/", "/srv/static/"],
    ]);
    expect(s.aliases(s.settingInEffect("alias.url", b)!).map((x) => x.url)).toEqual(["/media/"]);
    expect(s.settingInEffect("alias.url", b)!.context).toBe(global);
    expect(s.settingInEffect("server.document-root", a)!.value).toMatchObject({ type: "string", value: "/srv/a" });
    expect(s.settingInEffect("server.name", other)!.value).toMatchObject({ type: "string", value: "other" });
    expect(s.settingInEffect("server.name", global)).toBeUndefined();
    expect(s.settings("server.document-root").map((x) => x.context)).toEqual([a, b]);
  });

  test("fastcgi.server: mounts, labelled and unlabelled hosts, their options", () => {
    const s = model(
      [
        "fastcgi.server = (",
        '  "/mysite.fcgi" => ( "main" => ( "socket" => "/run/mysite.sock", "check-local" => "disable" ) ),',
        '  ".php" => (( "bin-path" => "/usr/bin/php-cgi", "socket" => "/run/php.sock" )),',
        ")",
        "",
      ].join("\n"),
    );
    const mounts = s.fastcgiMounts(s.settingInEffect("fastcgi.server")!);
    expect(mounts.map((m) => [m.mount, m.hosts.map((h) => h.label)])).toEqual([
      ["/mysite.fcgi", ["main"]],
      [".php", [null]],
    ]);
    const main = mounts[0].hosts[0];
    expect(main.option("check-local")?.value).toMatchObject({ type: "string", value: "disable" });
    expect(main.option("check-local")?.node.range.line).toBe(2);
    expect(main.option("port")).toBeUndefined();
  });

  test("url.rewrite rules keep their order across +=", () => {
    const s = model('url.rewrite-once = ( "^(/media.*)$" => "$1" )\nurl.rewrite-once += ( "^(/.*)$" => "/mysite.fcgi$1" )\n');
    expect(s.rewrites(s.settingInEffect("url.rewrite-once")!).map((r) => r.pattern)).toEqual(["^(/media.*)$", "^(/.*)$"]);
    expect(s.assignments("url.rewrite-once").map((e) => e.node.op)).toEqual(["=", "+="]);
  });

  test("statements built from a syntax error are left out", () => {
    const s = model('server.modules = ( "mod_access" "mod_fastcgi" )\nalias.url = ( "/m/" => )\n');
    expect(s.settings("server.modules")).toEqual([]);
    expect(s.assignments("alias.url")).toEqual([]);
  });

  test("10,000 nested conditions (read down to MAX_NESTING levels) and a chain of 2,000 includes load without recursion", () => {
    const nest = (n: number) => '$HTTP["url"] =^ "/" {\n'.repeat(n) + 'server.tag = "deep"\n' + "}\n".repeat(n);
    const within = model(nest(MAX_NESTING));
    expect(within.contexts).toHaveLength(MAX_NESTING + 1);
    expect(within.settings("server.tag")[0].context.id).toBe(MAX_NESTING);
    expect(within.tree.problems).toEqual([]);
    // Deeper: not read, and said at the condition one level too deep.
    const s = model(nest(10_000));
    expect(s.contexts).toHaveLength(MAX_NESTING + 1);
    expect(s.settings("server.tag")).toEqual([]);
    expect(s.tree.problems.map((p) => `${p.range.line} ${p.ruleId} ${p.severity}`)).toEqual([`${MAX_NESTING + 1} include-not-followed info`]);
    const chain: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) chain[`c/${i}.conf`] = i < 1999 ? `include "c/${i + 1}.conf"\n` : 'server.tag = "end"\n';
    const t = model('include "c/0.conf"\n', chain);
    expect(t.tree.files.size).toBe(2001);
    expect(t.settingInEffect("server.tag")!.value).toMatchObject({ value: "end" });
  });
});
