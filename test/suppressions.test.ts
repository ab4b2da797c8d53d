/** Suppression comments: each form, their scope, ids, justifications, unused and unknown ones. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as fc from "fast-check";
import type { Comment } from "../src/ast/types.js";
import { lintFiles } from "../src/engine/run.js";
import type { Diagnostic, Severity } from "../src/core/diagnostic.js";
import { applySuppressions } from "../src/engine/suppressions.js";

function lint(text: string, reportUnused?: Severity, name = "httpd.conf") {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-sup-")), name);
  fs.writeFileSync(file, text);
  const run = lintFiles([file], { reportUnusedDisableDirectives: reportUnused });
  return run.results.flatMap((r) => r.messages.map((m) => `${m.range.line} ${m.ruleId ?? "null"} ${m.severity}${m.ruleId ? "" : " " + m.message}`));
}
const DEBUG = "PythonDebug On";
const SLASH = "WSGIScriptAlias /a/ /srv/a/django.wsgi";

test("disable-next-line covers exactly the next line, for the ids it names", () => {
  expect(lint([`# djlint-conf-disable-next-line apache/python-debug-on`, DEBUG, DEBUG, ""].join("\n"))).toEqual(["3 apache/python-debug-on error"]);
  expect(lint([`# djlint-conf-disable-next-line apache/keepalive-on`, DEBUG, ""].join("\n"))).toEqual(["2 apache/python-debug-on error"]);
  expect(lint([`# djlint-conf-disable-next-line apache/keepalive-on, apache/python-debug-on -- dev box only`, DEBUG, ""].join("\n"))).toEqual([]);
});

test("without ids a comment covers every rule, but never syntax", () => {
  expect(lint([`# djlint-conf-disable-next-line`, `<VirtualHost *:80> ${""}`, DEBUG, "</VirtualHost>", ""].join("\n"))).toEqual([
    "3 apache/python-debug-on error",
  ]);
  // `<Location /x` lacks its `>` and is never closed: two syntax problems, both kept.
  expect(lint([`# djlint-conf-disable-file`, "<Location /x", DEBUG, ""].join("\n"))).toEqual(["2 syntax error", "2 syntax error"]);
});

test("disable ... enable covers a range, per id", () => {
  const text = ["# djlint-conf-disable apache/python-debug-on", DEBUG, SLASH, "# djlint-conf-enable apache/python-debug-on", DEBUG, ""].join("\n");
  // (/srv/a/django.wsgi is not here: django/settings-not-found says so, and only disable-all covers it.)
  expect(lint(text)).toEqual(["3 apache/wsgi-script-alias-trailing-slash error", "3 django/settings-not-found info", "5 apache/python-debug-on error"]);
  expect(lint(["# djlint-conf-disable", DEBUG, SLASH, ""].join("\n"))).toEqual([]);
});

test("disable-file covers the whole file for the ids it names", () => {
  expect(lint([DEBUG, SLASH, "# djlint-conf-disable-file apache/python-debug-on", ""].join("\n"))).toEqual([
    "2 apache/wsgi-script-alias-trailing-slash error",
    "2 django/settings-not-found info",
  ]);
});

test("a comment in a file governs findings in that file only", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-sup-"));
  fs.writeFileSync(path.join(dir, "httpd.conf"), "# djlint-conf-disable-file\nInclude site.conf\n");
  fs.writeFileSync(path.join(dir, "site.conf"), `${DEBUG}\n`);
  const run = lintFiles([path.join(dir, "httpd.conf")], {});
  expect(run.results.flatMap((r) => r.messages.map((m) => `${path.basename(m.file)} ${m.ruleId}`))).toEqual(["site.conf apache/python-debug-on"]);
});

test("--report-unused-disable-directives reports what suppressed nothing; unknown ids are always reported", () => {
  const text = [
    "# djlint-conf-disable-next-line apache/keepalive-on, apache/python-debug-on",
    DEBUG,
    "# djlint-conf-disable-next-line",
    "ServerName x",
    "",
  ].join("\n");
  expect(lint(text)).toEqual([]);
  expect(lint(text, "warning")).toEqual([
    "1 null warning Unused djlint-conf-disable-next-line directive (no problem from 'apache/keepalive-on' was reported here)",
    "3 null warning Unused djlint-conf-disable-next-line directive (no problem was reported here)",
  ]);
  expect(lint(["# djlint-conf-disable-next-line apache/python-debugg", DEBUG, ""].join("\n"))).toEqual([
    "1 null error djlint-conf-disable-next-line names unknown rule id 'apache/python-debugg': did you mean 'apache/python-debug-on'?",
    "2 apache/python-debug-on error",
  ]);
});

test("a directive continued over lines: -next-line governs the line after the comment", () => {
  // The finding about the script points at its argument, on line 3: the comment does not govern it.
  expect(
    lint(["# djlint-conf-disable-next-line apache/wsgi-script-alias-trailing-slash", "WSGIScriptAlias /a/ \\", "  /srv/a/django.wsgi", ""].join("\n")),
  ).toEqual(["3 django/settings-not-found info"]);
});

describe("in nginx", () => {
  const server = (alias: string, before = "") =>
    ["http {", "  server {", "    listen 80;", "    location /static {", before, `      ${alias}`, "    }", "  }", "}", ""].filter((l) => l !== "").join("\n");
  const ALIAS = "alias /srv/static/;";
  test("the finding is there without a comment", () => {
    expect(lint(server(ALIAS), undefined, "nginx.conf")).toEqual(["5 nginx/alias-traversal error"]);
  });
  test("a trailing disable-line and a disable-next-line both suppress it", () => {
    expect(lint(server(`${ALIAS}  # djlint-conf-disable-line nginx/alias-traversal -- vetted`), undefined, "nginx.conf")).toEqual([]);
    expect(lint(server(ALIAS, "      # djlint-conf-disable-next-line nginx/alias-traversal"), undefined, "nginx.conf")).toEqual([]);
    expect(lint(server(`${ALIAS}  # djlint-conf-disable-line nginx/host-from-http-host`), "warning", "nginx.conf")).toEqual([
      "5 nginx/alias-traversal error",
      "5 null warning Unused djlint-conf-disable-line directive (no problem from 'nginx/host-from-http-host' was reported here)",
    ]);
  });
});

describe("in lighttpd", () => {
  const conf = (entry: string, before = "") =>
    [
      'server.modules = ( "mod_rewrite", "mod_access", "mod_fastcgi", "mod_accesslog" )',
      "fastcgi.server = (",
      '  "/mysite.fcgi" => (',
      '    "main" => (',
      before,
      `      ${entry}`,
      "    )",
      "  )",
      ")",
      "",
    ]
      .filter((l) => l !== "")
      .join("\n");
  const SOCKET = '"socket" => "/home/user/mysite.sock",';
  test("the finding is there without a comment", () => {
    expect(lint(conf(SOCKET), undefined, "lighttpd.conf").filter((l) => l.includes("check-local"))).toEqual(["4 lighttpd/fastcgi-check-local error"]);
  });
  test("disable-next-line before the host entry and disable-file suppress it", () => {
    const next = lint(
      conf(SOCKET).replace('    "main" => (', '    # djlint-conf-disable-next-line lighttpd/fastcgi-check-local -- the script exists\n    "main" => ('),
      undefined,
      "lighttpd.conf",
    );
    expect(next.filter((l) => l.includes("check-local"))).toEqual([]);
    expect(
      lint("# djlint-conf-disable-file lighttpd/fastcgi-check-local\n" + conf(SOCKET), undefined, "lighttpd.conf").filter((l) => l.includes("check-local")),
    ).toEqual([]);
  });
});

/**
 * The suppressions as they were applied before they were indexed: every
 * directive tried for every finding, every open range scanned at each enable
 * (the reference the indexed version must agree with). Returns the findings
 * kept and, per directive, the ids that suppressed nothing.
 */
function applyOneByOne(messages: Diagnostic[], comments: Comment[], lastLine: number): { kept: string[]; unused: string[] } {
  const DIRECTIVE = /^#\s*djlint-conf-(disable-next-line|disable-line|disable-file|disable|enable)(?![\w-])(.*)$/s;
  const directives: { kind: string; ids: string[]; from: number; to: number; used: Set<string>; line: number }[] = [];
  const open: typeof directives = [];
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.text.trim());
    if (!m) continue;
    const ids = m[2]
      .split(/\s--\s|\s--$/)[0]
      .split(/[\s,]+/)
      .filter(Boolean);
    const d = { kind: m[1], ids, from: c.range.line, to: c.range.line, used: new Set<string>(), line: c.range.line };
    if (m[1] === "disable-next-line") d.from = d.to = c.range.endLine + 1;
    else if (m[1] === "disable-file") [d.from, d.to] = [1, lastLine];
    else if (m[1] === "disable") {
      d.to = lastLine;
      open.push(d);
    } else if (m[1] === "enable") {
      for (const o of open) {
        if (o.to !== lastLine) continue;
        if (!ids.length) o.to = c.range.line;
        else if (o.ids.length && o.ids.every((x) => ids.includes(x))) o.to = c.range.line;
      }
      continue;
    }
    directives.push(d);
  }
  const kept: string[] = [];
  for (const m of messages) {
    const by =
      m.ruleId === "syntax"
        ? undefined
        : directives.find((d) => m.range.line >= d.from && m.range.line <= d.to && (!d.ids.length || d.ids.includes(m.ruleId as string)));
    if (by) by.used.add(m.ruleId as string);
    else kept.push(`${m.range.line} ${m.ruleId}`);
  }
  const unused: string[] = [];
  for (const d of directives) {
    for (const x of d.ids) if (!d.used.has(x)) unused.push(`${d.line} ${d.kind} ${x}`);
    if (!d.ids.length && !d.used.size) unused.push(`${d.line} ${d.kind} *`);
  }
  return { kept, unused };
}

test("indexed suppressions agree with trying every comment for every finding, down to which comment is used", () => {
  const comment = fc.record({
    line: fc.integer({ min: 1, max: 30 }),
    kind: fc.constantFrom("disable-next-line", "disable-line", "disable-file", "disable", "enable"),
    ids: fc.subarray(["a/x", "a/y", "a/z"]),
    span: fc.integer({ min: 0, max: 1 }),
  });
  const finding = fc.record({ line: fc.integer({ min: 1, max: 32 }), id: fc.constantFrom("a/x", "a/y", "syntax") });
  const range = (line: number, endLine = line) => ({ start: 0, end: 0, line, column: 1, endLine, endColumn: 1 });
  const unusedOf = (r: Diagnostic) => {
    const m = /^Unused djlint-conf-([\w-]+) directive \(no problem (?:from '([^']+)' )?was reported here\)$/.exec(r.message);
    return m ? `${r.range.line} ${m[1]} ${m[2] ?? "*"}` : `not an unused report: ${r.message}`;
  };
  fc.assert(
    fc.property(fc.array(comment, { maxLength: 12 }), fc.array(finding, { maxLength: 20 }), (cs, found) => {
      const comments: Comment[] = cs
        .map((c) => ({ text: `# djlint-conf-${c.kind}${c.ids.length ? " " + c.ids.join(", ") : ""}`, range: range(c.line, c.line + c.span) }))
        .sort((a, b) => a.range.line - b.range.line);
      const messages: Diagnostic[] = found.map((f) => ({ ruleId: f.id, severity: "error", message: f.id, file: "f", range: range(f.line) }));
      const { kept, reports } = applySuppressions("f", messages, comments, 40, ["a/x", "a/y", "a/z", "syntax"], "warning");
      const want = applyOneByOne(messages, comments, 40);
      expect(kept.map((m) => `${m.range.line} ${m.ruleId}`)).toEqual(want.kept);
      expect(reports.map(unusedOf)).toEqual(want.unused);
    }),
    { numRuns: 3000, seed: 14 },
  );
});
