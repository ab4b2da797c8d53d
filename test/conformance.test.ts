/**
 * The differential conformance suite's own parts (scripts/conformance/): the
 * mutators are deterministic and each makes the change it names, the servers'
 * messages are sorted into the right kinds, and cases are classified as the
 * report says. The suite itself (`npm run conformance`) runs the servers.
 */
import { classify } from "../scripts/conformance/compare.js";
import { ORACLE_CASES } from "../scripts/conformance/oracle-cases.js";
import { oursOnly } from "../scripts/conformance/oracle-run.js";
import { categorize } from "../scripts/conformance/oracles.js";
import { KINDS, mutants, pick, scanBraces } from "../scripts/conformance/mutators.js";
import type { CaseResult, Dialect, Mutant } from "../scripts/conformance/types.js";

const NGINX = `user www-data;
events { worker_connections 64; }
http {
    # a comment; with { braces }
    map $http_upgrade $connection_upgrade { default upgrade; "" close; }
    server {
        listen 80;
        server_name "example.com";
        set $x "\${connection_upgrade}";
        location /static/ { alias /srv/static/; expires 30d; }
        location / { proxy_pass http://127.0.0.1:8000; proxy_set_header Host $host; }
    }
}
`;

const APACHE = `ServerName example.com
<VirtualHost *:80>
    ServerAdmin "webmaster@example.com"
    WSGIScriptAlias / /srv/app/wsgi.py
    <Directory /srv/app>
        Require all granted
    </Directory>
    <Location "/static">
        SetHandler None
    </Location>
    Header set X-Frame-Options "DENY"
</VirtualHost>
`;

const LIGHTTPD = `server.document-root = "/srv/www"
server.port = 8080
server.modules = ( "mod_access", "mod_alias" )
mimetype.assign = ( ".html" => "text/html", ".css" => "text/css" )
$HTTP["host"] == "example.com" {
    alias.url = ( "/static/" => "/srv/static/" )
}
`;

const TEXTS: Record<Dialect, string> = { nginx: NGINX, apache: APACHE, lighttpd: LIGHTTPD };
const lines = (t: string) => t.split("\n").length;
/** The one character deleted from `a` to get `b`, or null. */
function deleted(a: string, b: string): string | null {
  if (b.length !== a.length - 1) return null;
  let i = 0;
  while (i < b.length && a[i] === b[i]) i++;
  return a.slice(0, i) + a.slice(i + 1) === b ? a[i] : null;
}

describe("mutants", () => {
  for (const dialect of ["nginx", "apache", "lighttpd"] as Dialect[]) {
    test(`${dialect}: deterministic, every kind applies, each mutant differs from the original`, () => {
      const a = mutants(dialect, `${dialect}/x/test.conf`, TEXTS[dialect], 2);
      const b = mutants(dialect, `${dialect}/x/test.conf`, TEXTS[dialect], 2);
      expect(a).toEqual(b);
      expect(new Set(a.map((m) => m.kind))).toEqual(new Set(KINDS[dialect]));
      for (const m of a) expect(m.text).not.toBe(TEXTS[dialect]);
      // A different file name picks differently somewhere (the seed is the path and the kind).
      const c = mutants(dialect, `${dialect}/y/other.conf`, TEXTS[dialect], 2);
      expect(c.map((m) => m.what)).not.toEqual(a.map((m) => m.what));
    });
  }

  const by = (dialect: Dialect, kind: Mutant["kind"]) => mutants(dialect, `${dialect}/x/test.conf`, TEXTS[dialect], 5).filter((m) => m.kind === kind);

  test("nginx: delete-semicolon and delete-brace remove one such character outside comments and strings", () => {
    for (const [kind, ch] of [
      ["delete-semicolon", ";"],
      ["delete-brace", "}"],
    ] as const) {
      const ms = by("nginx", kind);
      expect(ms.length).toBe(5);
      for (const m of ms) {
        expect(deleted(NGINX, m.text)).toBe(ch);
        // never the one in the comment, nor the ones of ${connection_upgrade}
        expect(m.text).toContain("# a comment; with { braces }");
        expect(m.text).toContain("${connection_upgrade}");
        expect(NGINX.split("\n")[m.line - 1]).toContain(ch);
      }
    }
  });

  test("nginx: break-quote deletes a closing quote; misspell drops one letter of a statement's first word", () => {
    for (const m of by("nginx", "break-quote")) expect(['"', "'"]).toContain(deleted(NGINX, m.text));
    for (const m of by("nginx", "misspell")) {
      const [, from, to] = /^'(\w+)' misspelt '(\w+)'/.exec(m.what) as RegExpExecArray;
      expect(to.length).toBe(from.length - 1);
      expect(m.text.split("\n")[m.line - 1]).toMatch(new RegExp(`(^|[\\s;{}])${to}\\b`));
      expect(m.text.replace(to, from)).toBe(NGINX);
    }
  });

  test("nginx: move puts a whole statement right after another block's '{' and keeps line numbers", () => {
    for (const m of by("nginx", "move")) {
      expect(lines(m.text)).toBe(lines(NGINX));
      const name = /^'(\w+)'/.exec(m.what)![1];
      expect(m.text.split("\n")[m.line - 1]).toMatch(new RegExp(`\\{ ${name}\\b[^;]*;`));
      expect(m.text.replace(/\s+/g, "").length).toBe(NGINX.replace(/\s+/g, "").length);
    }
  });

  test("apache: delete-close-section empties a closing tag's line; misspell and break-quote change one line", () => {
    const closes = by("apache", "delete-close-section");
    expect(closes.length).toBe(3);
    for (const m of closes) {
      expect(APACHE.split("\n")[m.line - 1]).toMatch(/^\s*<\/\w+>$/);
      expect(m.text.split("\n")[m.line - 1]).toBe("");
    }
    for (const m of by("apache", "break-quote")) {
      const [before, after] = [APACHE.split("\n")[m.line - 1], m.text.split("\n")[m.line - 1]];
      expect(deleted(before, after)).toBe('"');
      expect(after.lastIndexOf('"')).toBeLessThan(before.lastIndexOf('"'));
    }
    for (const m of by("apache", "misspell")) {
      expect(lines(m.text)).toBe(lines(APACHE));
      const changed = m.text.split("\n").filter((l, i) => l !== APACHE.split("\n")[i]);
      expect(changed.length).toBe(1);
    }
  });

  test("apache: move puts a directive line right after a <Directory>/<Location> opener", () => {
    const ms = by("apache", "move");
    expect(ms.length).toBeGreaterThan(0);
    for (const m of ms) {
      const ls = m.text.split("\n");
      expect(ls.length).toBe(lines(APACHE) + 1);
      expect(ls[m.line - 2]).toMatch(/^\s*<(Directory|Location)\b/);
      expect(APACHE).toContain(ls[m.line - 1]);
    }
  });

  test("lighttpd: delete-comma/brace/quote remove one such character; move wraps a top-level server option in a conditional", () => {
    for (const [kind, ch] of [
      ["delete-comma", ","],
      ["delete-brace", "}"],
      ["delete-quote", '"'],
    ] as const) {
      const ms = by("lighttpd", kind);
      expect(ms.length).toBeGreaterThan(0);
      for (const m of ms) expect(deleted(LIGHTTPD, m.text)).toBe(ch);
    }
    for (const m of by("lighttpd", "move")) {
      expect(lines(m.text)).toBe(lines(LIGHTTPD));
      expect(m.text.split("\n")[m.line - 1]).toMatch(/^\$HTTP\["host"\] == "conformance\.invalid" \{ server\.\S+ .* \}$/);
    }
    for (const m of by("lighttpd", "misspell")) expect(m.text.split("\n")[m.line - 1]).toMatch(/^\s*[a-z]+\.[\w.-]+ /);
  });

  test("pick is a seeded shuffle: stable, distinct, bounded", () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    expect(pick(items, 5, "s")).toEqual(pick(items, 5, "s"));
    expect(new Set(pick(items, 20, "s")).size).toBe(20);
    expect(pick(items, 50, "s")).toHaveLength(20);
  });

  test("scanBraces skips comments, quoted strings and ${var}", () => {
    const { marks, words } = scanBraces('a "x;}" b; # c; }\nset $v "${a}";\nif ($x) { return 403; }\n', "nginx");
    expect(marks.map((m) => m.ch).join("")).toBe(";;{;}");
    expect(words.map((w) => w.ch)).toEqual(["a", "set", "if", "return"]);
  });
});

describe("servers' messages", () => {
  test.each([
    ["nginx", 'unexpected "}"', "syntax"],
    ["nginx", 'unexpected end of file, expecting ";" or "}"', "syntax"],
    ["nginx", 'unknown directive "retrn"', "unknown"],
    ["nginx", '"worker_processes" directive is not allowed here', "context"],
    ["nginx", 'invalid number of arguments in "root" directive', "semantic"],
    ["nginx", 'host not found in upstream "backend"', "environment"],
    ["apache", "Expected </Directory> but saw </Location>", "syntax"],
    ["apache", "<Location> was not closed.", "syntax"],
    ["apache", "Invalid command 'ServrAdmin', perhaps misspelled or defined by a module not included in the server configuration", "unknown"],
    ["apache", "KeepAlive not allowed in <Location> context", "context"],
    ["apache", "SSLCertificateFile: file '/etc/ssl/x.pem' does not exist or is empty", "environment"],
    ["lighttpd", "parser failed somehow near here: (EOL)", "syntax"],
  ] as const)("%s: %s -> %s", (dialect, message, category) => {
    expect(categorize(dialect, message)).toBe(category);
  });
});

describe("classification", () => {
  const base = (over: Partial<CaseResult>): Omit<CaseResult, "outcome" | "reason"> => ({
    dialect: "nginx",
    rel: "nginx/x/a.conf",
    wrap: "http",
    kind: "delete-semicolon",
    server: { ok: true, message: "" },
    ours: { reject: false, findings: [] },
    ...over,
  });
  const finding = (line: number, message: string, ruleId = "syntax") => ({ ruleId, file: "nginx/x/a.conf", line, message });

  test("accept/reject agreement and the two disagreements", () => {
    expect(classify(base({})).outcome).toBe("agree-accept");
    expect(classify(base({ ours: { reject: true, findings: [finding(3, "x")] } })).outcome).toBe("false-rejection");
    expect(classify(base({ server: { ok: true, message: "", misread: true }, ours: { reject: true, findings: [finding(3, "x")] } })).outcome).toBe(
      "agree-misread",
    );
    expect(classify(base({ server: { ok: false, file: "nginx/x/a.conf", line: 3, message: 'unexpected "}"' } })).outcome).toBe("missed-rejection");
    expect(
      classify(
        base({
          server: { ok: false, file: "nginx/x/a.conf", line: 3, message: 'unexpected "}"' },
          ours: { reject: true, findings: [finding(3, 'unexpected "}"')] },
        }),
      ).outcome,
    ).toBe("agree-reject");
  });

  test("a line difference counts only with a documented structural reason", () => {
    const runsOn = classify(
      base({
        server: { ok: false, file: "nginx/x/a.conf", line: 5, message: 'invalid number of arguments in "root" directive' },
        ours: { reject: true, findings: [finding(4, '"root" is not terminated by ";" before "index" on line 5')] },
      }),
    );
    expect([runsOn.outcome, runsOn.reason?.id]).toEqual(["agree-shifted", "nginx-semicolon-runs-on"]);
    // The server stopping before the line we name is not that shift.
    const before = classify(
      base({
        server: { ok: false, file: "nginx/x/a.conf", line: 3, message: 'invalid number of arguments in "root" directive' },
        ours: { reject: true, findings: [finding(4, '"root" is not terminated by ";" before "index" on line 5')] },
      }),
    );
    expect(before.outcome).toBe("line-mismatch");
    const eof = classify(
      base({
        kind: "delete-brace",
        server: { ok: false, file: "nginx/x/a.conf", line: 12, message: 'unexpected end of file, expecting "}"', eofLine: 12 },
        ours: { reject: true, findings: [finding(2, '"server" block is never closed: nginx expects a "}" for this "{"')] },
      }),
    );
    expect([eof.outcome, eof.reason?.id]).toEqual(["agree-shifted", "nginx-eof-unclosed-block"]);
  });
});

describe("oracle cases: the linter's side (npm run conformance checks the servers' side)", () => {
  test.each(ORACLE_CASES.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const failed = oursOnly(c)
      .filter((x) => !x.ok)
      .map((x) => `${x.what} (got: ${x.got})`);
    expect(failed).toEqual([]);
  });

  test("every case states a server verdict and a linter expectation", () => {
    for (const c of ORACLE_CASES) {
      expect([c.id, typeof c.test.accepts]).toEqual([c.id, "boolean"]);
      expect([c.id, c.ours.length > 0]).toEqual([c.id, true]);
    }
  });
});
