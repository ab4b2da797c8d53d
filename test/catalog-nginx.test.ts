/**
 * The nginx directive catalog (src/catalog/data/nginx.json) and its checker:
 * `unknown-directive` and `directive-context` on nginx configs.
 *
 * - A differential test: generated configs with one misspelt or misplaced
 *   directive, at a seeded random position of a realistic config; `nginx -t`
 *   rejects each at line N ("unknown directive" / "is not allowed here") and
 *   we report the matching rule at line N; the correct twin passes both.
 * - Suggestions: seeded one- and two-letter typos of every catalog name; the
 *   top suggestion is the intended name in at least 95% of them.
 * - Debian's default /etc/nginx tree and the real-world corpus: nothing that
 *   nginx -t does not also report.
 */
import fs from "node:fs";
import path from "node:path";
import { nginxDirectiveContexts, isKnownNginxDirective, suggestNginxDirective } from "../src/catalog/nginx.js";
import catalog from "../src/catalog/data/nginx.json" with { type: "json" };
import { lintFiles } from "../src/engine/run.js";
import { corpusFiles, CORPUS } from "./support/corpus.js";
import { NGINX, NGINX_CONTEXTS, nginxT, withPrefix } from "./support/oracle-nginx.js";

const RULES = ["unknown-directive", "directive-context"];

interface Found {
  file: string;
  line: number;
  ruleId: string;
  message: string;
}

function lint(files: string[], opts: { cwd?: string; extraDirectives?: string[]; overlay?: Map<string, string> } = {}): Found[] {
  const run = lintFiles(files, { dialect: "nginx", only: RULES, ...opts });
  return run.results.flatMap((r) =>
    r.messages.filter((m) => RULES.includes(m.ruleId ?? "")).map((m) => ({ file: m.file, line: m.range.line, ruleId: m.ruleId as string, message: m.message })),
  );
}

/** Lints a text as if it were `name` (nginx.conf by default) in a scratch directory. */
function lintText(text: string, name = "nginx.conf", extraDirectives?: string[]): Found[] {
  const file = path.resolve("/tmp/djlint-conf-catalog-nginx", name);
  return lint([file], { overlay: new Map([[file, text]]), extraDirectives });
}

/** A small seeded generator (deterministic runs). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    s ^= s + Math.imul(s ^ (s >>> 7), 61);
    return ((s ^ (s >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = [...new Set((catalog.directives as { name: string }[]).map((d) => d.name))].sort();
const ALPHABET = "abcdefghijklmnopqrstuvwxyz_";

/** One typing slip at a random position: a letter dropped, added, replaced, or two neighbours swapped. */
function slip(name: string, rand: () => number): string {
  const i = Math.floor(rand() * name.length);
  const c = ALPHABET[Math.floor(rand() * ALPHABET.length)];
  switch (Math.floor(rand() * 4)) {
    case 0:
      return name.length > 1 ? name.slice(0, i) + name.slice(i + 1) : name;
    case 1:
      return name.slice(0, i) + c + name.slice(i);
    case 2:
      return name.slice(0, i) + c + name.slice(i + 1);
    default:
      return i + 1 < name.length ? name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2) : name;
  }
}

// ---- Generated configs ----

interface Block {
  ctx: string;
  head: string | null;
  body: (string | Block)[];
}

const b = (ctx: string, head: string | null, body: (string | Block)[]): Block => ({ ctx, head, body });

/** A realistic Django front end; every context a sample can go to is one block of it. */
function template(): Block {
  return b("main", null, [
    "worker_processes 1;",
    b("events", "events", ["worker_connections 64;"]),
    b("http", "http", [
      "access_log off;",
      b("upstream", "upstream app", ["server 127.0.0.1:8000;"]),
      b("server", "server", [
        "listen 127.0.0.1:8080;",
        "server_name example.com;",
        b("location", "location /", [b("if in location", "if ($request_method = POST)", ["set $post 1;"]), "root /srv/site/public;"]),
        b("location /app/", "location /app/", ["proxy_set_header Host $host;", b("limit_except", "limit_except GET", ["deny all;"])]),
      ]),
    ]),
  ]);
}

/** Directive lines nginx 1.22 (without dynamic modules) accepts in their context; the first word is the directive. */
const SAMPLES: [string, string][] = [
  ["pcre_jit on;", "main"],
  ["worker_rlimit_nofile 1024;", "main"],
  ["timer_resolution 100ms;", "main"],
  ["worker_shutdown_timeout 10s;", "main"],
  ["multi_accept on;", "events"],
  ["accept_mutex off;", "events"],
  ["accept_mutex_delay 100ms;", "events"],
  ["sendfile on;", "http"],
  ["tcp_nopush on;", "http"],
  ["server_tokens off;", "http"],
  ["gzip on;", "http"],
  ["client_max_body_size 10m;", "http"],
  ["types_hash_max_size 2048;", "http"],
  ["default_type text/plain;", "http"],
  ["limit_req_zone $binary_remote_addr zone=one:1m rate=1r/s;", "http"],
  ["proxy_read_timeout 30s;", "http"],
  ["keepalive_timeout 30;", "http"],
  ["server { listen 127.0.0.1:8090; }", "http"],
  ["listen 127.0.0.1:8081;", "server"],
  ["server_name example.org;", "server"],
  ["rewrite ^/old$ /new permanent;", "server"],
  ["error_page 404 /404.html;", "server"],
  ["add_header X-Frame-Options DENY;", "server"],
  ["ssl_protocols TLSv1.2 TLSv1.3;", "server"],
  ["location /static/ { alias /srv/static/; }", "server"],
  ["proxy_pass http://app;", "location"],
  ["uwsgi_pass 127.0.0.1:8001;", "location"],
  ["try_files $uri =404;", "location"],
  ["internal;", "location"],
  ["expires 30d;", "location"],
  ["autoindex on;", "location"],
  ["proxy_buffering off;", "location"],
  ["stub_status;", "location"],
  ['auth_basic "restricted";', "location"],
  ["keepalive 16;", "upstream"],
  ["least_conn;", "upstream"],
  ["zone backend 64k;", "upstream"],
  ["server 127.0.0.1:8002 backup;", "upstream"],
  ["return 403;", "if in location"],
  ["break;", "if in location"],
  ["rewrite ^ /x;", "if in location"],
  ["allow 127.0.0.1;", "limit_except"],
];

/** Renders the template with `line` inserted at `index` of the block of context `ctx`; returns the text and the line's number. */
function render(ctx: string, index: number, line: string): { text: string; at: number } {
  const out: string[] = [];
  let at = 0;
  const walk = (blk: Block, depth: number) => {
    const pad = "    ".repeat(depth);
    const items: (string | Block | { inserted: string })[] = [...blk.body];
    if (blk.ctx === ctx) items.splice(Math.min(index, items.length), 0, { inserted: line });
    for (const it of items) {
      if (typeof it === "string") out.push(pad + it);
      else if ("inserted" in it) {
        out.push(pad + it.inserted);
        at = out.length;
      } else {
        out.push(`${pad}${it.head} {`);
        walk(it, depth + 1);
        out.push(`${pad}}`);
      }
    }
  };
  walk(template(), 0);
  return { text: out.join("\n") + "\n", at };
}

function blockSize(ctx: string): number {
  const find = (blk: Block): Block | null =>
    blk.ctx === ctx ? blk : blk.body.reduce<Block | null>((f, x) => f ?? (typeof x === "string" ? null : find(x)), null);
  return (find(template()) as Block).body.length;
}

const TEMPLATE_CONTEXTS = ["main", "events", "http", "upstream", "server", "location", "if in location", "limit_except"];

interface Case {
  id: string;
  rule: "unknown-directive" | "directive-context";
  nginx: RegExp;
  bad: { text: string; at: number };
  twin: { text: string; at: number };
}

function generate(): Case[] {
  const rand = rng(20240611);
  const cases: Case[] = [];
  for (const [line, native] of SAMPLES) {
    const name = line.split(/[\s;]/)[0];
    // misspelt, in its own context
    let typo = name;
    for (let k = 0; k < 50 && (typo === name || isKnownNginxDirective(typo)); k++) typo = slip(name, rand);
    const pos = Math.floor(rand() * (blockSize(native) + 1));
    cases.push({
      id: `misspelt ${typo} (${name}) in ${native}`,
      rule: "unknown-directive",
      nginx: new RegExp(`^unknown directive "${typo.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"`),
      bad: render(native, pos, typo + line.slice(name.length)),
      twin: render(native, pos, line),
    });
    // moved to a context where it is not allowed
    const allowed = new Set(nginxDirectiveContexts(name));
    const wrong = TEMPLATE_CONTEXTS.filter((c) => !allowed.has(c));
    const where = wrong[Math.floor(rand() * wrong.length)];
    const wpos = Math.floor(rand() * (blockSize(where) + 1));
    cases.push({
      id: `${name} moved from ${native} to ${where}`,
      rule: "directive-context",
      nginx: new RegExp(`^"${name}" directive is not allowed here`),
      bad: render(where, wpos, line),
      twin: render(native, Math.floor(rand() * (blockSize(native) + 1)), line),
    });
  }
  return cases;
}

const CASES = generate();

describe("generated configs with one misspelt or misplaced directive", () => {
  test("there are enough of them", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(80);
    expect(new Set(CASES.map((c) => c.bad.text)).size).toBe(CASES.length);
  });

  test.each(CASES.map((c) => [c.id, c] as const))("we flag %s at its line, and not its twin", (_, c) => {
    expect(lintText(c.bad.text).map((f) => `${f.line} ${f.ruleId}`)).toEqual([`${c.bad.at} ${c.rule}`]);
    expect(lintText(c.twin.text)).toEqual([]);
  });

  (NGINX ? describe : describe.skip)(`oracle: nginx -t${NGINX ? "" : " (not installed here: skipped)"}`, () => {
    test("rejects each at the same line and accepts each twin", () => {
      const disagree: string[] = [];
      withPrefix((prefix) => {
        const file = path.join(prefix, "nginx.conf");
        for (const c of CASES) {
          fs.writeFileSync(file, c.bad.text);
          const bad = nginxT(file, prefix);
          if (bad.ok || !c.nginx.test(bad.message) || bad.line !== c.bad.at)
            disagree.push(`${c.id}: nginx says ${bad.ok ? "ok" : `${bad.message} at ${bad.line}`}, expected line ${c.bad.at}`);
          fs.writeFileSync(file, c.twin.text);
          const twin = nginxT(file, prefix);
          if (!twin.ok) disagree.push(`${c.id}: nginx rejects the twin: ${twin.message} at ${twin.line}`);
        }
      });
      expect(disagree).toEqual([]);
    });
  });
});

describe("suggestions", () => {
  test("the top suggestion for a one- or two-letter typo is the intended name in at least 95% of cases", () => {
    const rand = rng(7);
    const known = new Set(NAMES);
    let total = 0;
    let right = 0;
    const per = { 1: [0, 0], 2: [0, 0] } as Record<1 | 2, [number, number]>;
    const misses: string[] = [];
    for (const edits of [1, 2] as const) {
      for (const name of NAMES) {
        let typo = name;
        for (let e = 0; e < edits; e++) typo = slip(typo, rand);
        if (typo === name || known.has(typo)) continue;
        const got = suggestNginxDirective(typo, nginxDirectiveContexts(name));
        total++;
        per[edits][1]++;
        if (got === name) {
          right++;
          per[edits][0]++;
        } else if (misses.length < 15) misses.push(`${typo} -> ${got ?? "(none)"} (meant ${name})`);
      }
    }
    const pct = (a: number, n: number) => ((100 * a) / n).toFixed(1);
    console.log(
      `nginx suggestions: ${right}/${total} = ${pct(right, total)}% top-1 ` +
        `(one slip ${pct(...per[1])}%, two slips ${pct(...per[2])}%); e.g. missed: ${misses.slice(0, 8).join("; ")}`,
    );
    expect(total).toBeGreaterThan(2000);
    expect(right / total).toBeGreaterThanOrEqual(0.95);
  });

  test("the brief's examples", () => {
    expect(suggestNginxDirective("proxy_set_heder")).toBe("proxy_set_header");
    expect(suggestNginxDirective("uwsgi_pas", ["location"])).toBe("uwsgi_pass");
    expect(suggestNginxDirective("server_nme", ["server"])).toBe("server_name");
  });

  test("a misspelt third-party name gets its module's name, never one of nginx's own", () => {
    // headers-more's names start with more_; max_headers (core) is nearer by letters.
    expect(suggestNginxDirective("more_headers", ["server"])).toBe("more_set_headers");
    // lua-nginx-module has no name near enough; grpc_ssl_verify is not one to offer.
    expect(suggestNginxDirective("lua_ssl_verify", ["http"])).toBeUndefined();
    expect(suggestNginxDirective("passenger_enable", ["server"])).toBe("passenger_enabled");
  });
});

describe("third-party modules", () => {
  test("a Django site's nginx.conf with headers-more, brotli, geoip2, vts, lua and Passenger gives neither finding", () => {
    const file = path.resolve("fixtures/rules/unknown-directive/clean-nginx-third-party.conf");
    expect(lint([file], { cwd: path.dirname(file) })).toEqual([]);
  });
});

describe("the checker", () => {
  test("data blocks, lua bodies and declared third-party names are never directives", () => {
    const text = [
      "events {}",
      "http {",
      "  map $uri $flag { default 0; proxy_pass 1; ~^/x 2; }",
      "  types { text/html html; listen 80; }",
      "  geo $geo { default 0; 10.0.0.0/8 1; }",
      "  split_clients $remote_addr $v { 50% a; * b; }",
      "  charset_map koi8-r utf-8 { C0 D18E; }",
      "  my_module_setting on;",
      "  server {",
      "    location / { content_by_lua_block { ngx.say('hi') listen 80; } }",
      "  }",
      "}",
      "",
    ].join("\n");
    expect(lintText(text, "nginx.conf", ["my_module_setting"])).toEqual([]);
    expect(lintText(text).map((f) => `${f.line} ${f.message}`)).toEqual(["8 Unknown directive 'my_module_setting'"]);
  });

  test("template placeholders are not names yet; a short name far from every directive gets no suggestion", () => {
    expect(lintText("events {}\nhttp {\n  %%EXTRA_DIRECTIVE%% on;\n  ${DIRECTIVE} off;\n}\n")).toEqual([]);
    expect(lintText("events {}\nhttp {\n  blah on;\n}\n").map((f) => f.message)).toEqual(["Unknown directive 'blah'"]);
  });

  test("an unknown block's body is not checked", () => {
    expect(lintText("events {}\nhttp {\n  vts_block {\n    whatever 1;\n  }\n}\n").map((f) => f.line)).toEqual([3]);
  });

  test("a fragment linted alone is checked only where its context is proven", () => {
    // a conf.d file: the server holds a location, so it is an http server
    const site =
      "upstream app { server 127.0.0.1:8000; }\nserver {\n  listen 80;\n  proxy_pass http://app;\n  location / { proxy_pass http://app; listen 81; }\n}\n";
    expect(lintText(site, "site.conf").map((f) => `${f.line} ${f.ruleId}`)).toEqual(["4 directive-context", "5 directive-context"]);
    // a snippet of location-level lines: any context could include it
    expect(lintText("proxy_pass http://app;\nproxy_set_header Host $host;\n", "proxy.conf")).toEqual([]);
    // a stream server (no location): proxy_pass fits
    expect(lintText("server {\n  listen 12345;\n  proxy_pass backend;\n}\n", "stream.conf")).toEqual([]);
    // directives no context at that level allows
    expect(lintText("server { listen 80; }\nlisten 81;\n", "site.conf").map((f) => `${f.line} ${f.message}`)).toEqual([
      "2 'listen' is not allowed in http, stream, mail or rtmp; it is allowed in server, stream server, mail server, rtmp server",
    ]);
  });

  test("a whole config: main level, events, if in server", () => {
    const text = "user www-data;\nserver { listen 80; }\nevents { sendfile on; }\nhttp { server { if ($x) { proxy_pass http://a; } } }\n";
    expect(lintText(text).map((f) => `${f.line} ${f.message}`)).toEqual([
      "2 'server' is not allowed in main; it is allowed in http, stream, mail, rtmp",
      "3 'sendfile' is not allowed in events; it is allowed in http, server, location, if in location",
      "4 'proxy_pass' is not allowed in if in server; it is allowed in location, if in location, limit_except, stream server",
    ]);
  });

  test("add_header_inherit and add_trailer_inherit (nginx 1.29.3) are known, in their contexts", () => {
    const text =
      "events {}\nhttp {\n  add_header_inherit merge;\n  server {\n    location / {\n      if ($x) { add_trailer_inherit off; }\n    }\n  }\n}\nadd_header_inherit on;\n";
    expect(lintText(text).map((f) => `${f.line} ${f.ruleId}`)).toEqual(["10 directive-context"]);
  });

  test("a file included from a block is in that block's context", () => {
    const dir = fs.mkdtempSync("/tmp/djlint-conf-catalog-nginx-");
    try {
      fs.writeFileSync(path.join(dir, "nginx.conf"), "events {}\nhttp {\n  include sites/*.conf;\n}\n");
      fs.mkdirSync(path.join(dir, "sites"));
      fs.writeFileSync(path.join(dir, "sites", "a.conf"), "proxy_pass http://x;\nserver { listen 80; }\n");
      expect(lint([path.join(dir, "nginx.conf")], { cwd: dir }).map((f) => `${path.basename(f.file)}:${f.line} ${f.message}`)).toEqual([
        "a.conf:1 'proxy_pass' is not allowed in http; it is allowed in location, if in location, limit_except, stream server",
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the catalog", () => {
  test("records its source, and each directive's module, contexts and argument counts", () => {
    expect(catalog.source).toMatch(/nginx\/1\.22\.1/);
    for (const d of catalog.directives as { name: string; module: string; contexts: string[]; min: number; max: number | null }[]) {
      expect([d.name, /^n(gx|dk)_\w+_module$/.test(d.module)]).toEqual([d.name, true]);
      expect([d.name, d.contexts.length > 0 && d.contexts.every((c) => c === "any" || catalog.contexts.includes(c))]).toEqual([d.name, true]);
      expect([d.name, d.max === null || d.max >= d.min]).toEqual([d.name, true]);
    }
    expect(NAMES.length).toBeGreaterThan(1000);
    for (const n of [
      "proxy_pass",
      "uwsgi_pass",
      "geoip_country",
      "more_set_headers",
      "brotli",
      "rtmp",
      "nchan_channel_id",
      "stream",
      "auth_http",
      "content_by_lua_block",
      "spdy_chunk_size",
      "http3",
    ]) {
      expect([n, isKnownNginxDirective(n)]).toEqual([n, true]);
    }
  });
});

const DEBIAN = "/etc/nginx/nginx.conf";
(fs.existsSync(DEBIAN) ? describe : describe.skip)(`Debian's default configuration${fs.existsSync(DEBIAN) ? "" : " (not installed here: skipped)"}`, () => {
  test("/etc/nginx/nginx.conf and what it includes give none of these findings", () => {
    expect(lint([DEBIAN], { cwd: "/etc/nginx" })).toEqual([]);
  });
});

describe("the real-world corpus", () => {
  const files = corpusFiles("nginx").map((f) => f.path);
  const found = lint(files, { cwd: CORPUS });
  const byFile = new Map<string, Found[]>();
  for (const f of found) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);

  (NGINX ? describe : describe.skip)(`oracle: nginx -t${NGINX ? "" : " (not installed here: skipped)"}`, () => {
    test("for each file we flag, nginx -t does not accept it, and where its first error is about a directive name or place, we report that line", () => {
      const accepted: string[] = [];
      const agreed: string[] = [];
      const undecided: string[] = [];
      withPrefix((prefix) => {
        for (const [file, fs_] of byFile) {
          let verdict = "";
          let done = false;
          for (const { name, wrap } of NGINX_CONTEXTS) {
            let main = file;
            if (wrap) fs.writeFileSync((main = path.join(prefix, "wrapper.conf")), wrap(file));
            const r = nginxT(main, prefix);
            if (r.ok) {
              accepted.push(`${path.relative(CORPUS, file)}: nginx -t accepts it in ${name}, we report ${fs_.map((f) => `${f.line} ${f.message}`).join("; ")}`);
              done = true;
              break;
            }
            const kind = /^unknown directive /.test(r.message)
              ? "unknown-directive"
              : /directive is not allowed here$/.test(r.message)
                ? "directive-context"
                : null;
            if (kind && fs_.some((f) => f.ruleId === kind && f.line === r.line && (r.file === f.file || r.file === null))) {
              agreed.push(path.relative(CORPUS, file));
              done = true;
              break;
            }
            verdict += ` [${name}] ${r.message}${r.line ? ` at ${path.basename(r.file ?? "")}:${r.line}` : ""};`;
          }
          if (!done) undecided.push(`${path.relative(CORPUS, file)}:${verdict}`);
        }
      });
      console.log(
        `nginx corpus: ${byFile.size} files with findings, nginx -t agrees on ${agreed.length}; undecided (nginx stops earlier at something else): ${undecided.length}\n${undecided.join("\n")}`,
      );
      expect(accepted).toEqual([]);
      // most are decided by nginx itself (the others stop earlier, at a missing file or a module that is not loaded)
      expect(agreed.length).toBeGreaterThan(2 * undecided.length);
    });
  });
});
