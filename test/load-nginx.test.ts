/**
 * nginx include resolution: each case is a tree under fixtures/load/nginx/<case>/
 * whose files carry the expected findings as `# expect:` annotations; the
 * case runs with the engine ids and the rules its annotations name.
 * `case.json` may give the entry (default nginx.conf), a path map and
 * `nginxPrefix` (what --nginx-prefix sets).
 */
import path from "node:path";
import { MAX_NESTING } from "../src/ast/types.js";
import { loadNginxTree } from "../src/load/nginx.js";
import { DiskFs } from "../src/load/fs-facade.js";
import { PathMap } from "../src/load/path-map.js";
import { NginxServer } from "../src/model/nginx/server.js";
import { describeLoadCases } from "./support/load-cases.js";
import { cli } from "./support/cli.js";

const ROOT = path.resolve("fixtures/load/nginx");

describeLoadCases("nginx includes", ROOT, { entry: "nginx.conf", dialect: "nginx", annotated: (n) => !n.endsWith(".json"), onlyAnnotatedRules: true });

test("includes are read in nginx's order: glob matches sorted, spliced where the include stands; dot files are not matched", () => {
  const dir = path.join(ROOT, "include-glob");
  const tree = loadNginxTree(path.join(dir, "nginx.conf"), new DiskFs(new PathMap([], dir)));
  if ("error" in tree) throw new Error(tree.error);
  expect([...tree.files.keys()].map((p) => path.relative(dir, p))).toEqual(["nginx.conf", "conf.d/a.conf", "conf.d/b.conf", "sites-enabled/x.site"]);
  expect(tree.problems).toEqual([]);
});

test("a cycle is reported once and never followed", () => {
  const dir = path.join(ROOT, "include-cycle");
  const tree = loadNginxTree(path.join(dir, "nginx.conf"), new DiskFs(new PathMap([], dir)));
  if ("error" in tree) throw new Error(tree.error);
  expect(tree.problems.map((p) => p.ruleId)).toEqual(["include-cycle"]);
});

test("a chain of 3,000 includes loads without overflowing the stack; nested in blocks, down to MAX_NESTING levels", () => {
  const load = (nested: boolean) => {
    const files = new Map<string, string>();
    const n = 3000;
    for (let i = 0; i < n; i++) {
      const include = `include /virtual/f${i + 1}.conf;\n`;
      files.set(`/virtual/f${i}.conf`, i + 1 < n ? (nested ? `location /${i} {\n${include}}\n` : include) : "return 204;\n");
    }
    const fsys = {
      local: (p: string) => p,
      kind: (p: string) => (files.has(p) ? ("file" as const) : null),
      list: () => null,
      read: (p: string) => (files.has(p) ? { text: files.get(p) as string } : { error: "no such file or directory" }),
    };
    const tree = loadNginxTree("/virtual/f0.conf", fsys, { prefix: "/virtual" });
    if ("error" in tree) throw new Error(tree.error);
    return tree;
  };
  const flat = load(false);
  expect(flat.files.size).toBe(3000);
  expect(flat.problems).toEqual([]);
  // Each file's location nests one level deeper: the include inside the location 257 levels down is not followed.
  const nested = load(true);
  expect(nested.files.size).toBe(MAX_NESTING + 1);
  expect(nested.problems.map((p) => `${p.file}:${p.range.line} ${p.ruleId} ${p.severity}`)).toEqual([
    `/virtual/f${MAX_NESTING}.conf:1 include-not-followed info`,
  ]);
});

test("--nginx-prefix on the command line", () => {
  const dir = path.join(ROOT, "nginx-prefix-option");
  const r = cli(["-f", "json", "--nginx-prefix", "etc/nginx", "sites/example.conf"], { cwd: dir });
  expect(r.stderr).toBe("");
  const out = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
  const ids = out.flatMap((f) => f.messages.map((m) => `${path.relative(dir, f.filePath)} ${m.ruleId}`));
  expect(ids).toContain("etc/nginx/snippets/proxy-headers.conf nginx/host-from-http-host");
  expect(ids.filter((i) => i.includes("include-not-found"))).toEqual([]);
});

describe("the nginx server model", () => {
  const model = (text: string) => {
    const tree = loadNginxTree(
      "/virtual/nginx.conf",
      { local: (p) => p, kind: () => null, list: () => null, read: () => ({ error: "no such file or directory" }) },
      {},
      text,
    );
    if ("error" in tree) throw new Error(tree.error);
    return new NginxServer(tree);
  };

  test("servers, listen addresses, names, TLS and location match types", () => {
    const s = model(`events {}
http {
    upstream app { server 127.0.0.1:9000; server unix:/run/app.sock; }
    server {
        listen 443 ssl default_server;
        listen [::]:443 ssl;
        server_name example.com www.example.com;
        location = /exact { return 204; }
        location ^~ /static/ { alias /srv/static/; }
        location ~* \\.(css|js)$ { expires 1d; }
        location @django { proxy_pass http://app; }
        location / {
            location /nested/ { uwsgi_pass unix:/run/uwsgi.sock; }
            fastcgi_pass 127.0.0.1:3033;
        }
    }
    server { server_name other.example.com; }
}`);
    expect(s.complete).toBe(true);
    const [a, b] = s.servers;
    expect(a.listens.map((l) => [l.address.key, l.address.defaultServer, l.address.ssl])).toEqual([
      ["*:443", true, true],
      ["[::]:443", false, true],
    ]);
    expect(a.names).toEqual(["example.com", "www.example.com"]);
    expect(a.tls).toBe(true);
    expect(b.listens.map((l) => l.address.key)).toEqual(["*:80"]);
    expect(a.locations.map((l) => [l.modifier, l.path, l.handler.kind, l.parent?.path ?? null])).toEqual([
      ["=", "/exact", "return", null],
      ["^~", "/static/", "static", null],
      ["~*", "\\.(css|js)$", "static", null],
      ["@", "@django", "proxy", null],
      ["", "/", "fastcgi", null],
      ["", "/nested/", "uwsgi", "/"],
    ]);
    expect(s.mounts(a).map((m) => `${m.match} -> ${m.to}${m.backend ? " " + m.backend : ""}`)).toEqual([
      "= /exact -> return",
      "^~ /static/ -> static",
      "~* \\.(css|js)$ -> static",
      "@django -> proxy http://app",
      "/ -> fastcgi 127.0.0.1:3033",
      "/nested/ -> uwsgi unix:/run/uwsgi.sock",
    ]);
    const proxy = a.locations[3].handler;
    if (proxy.kind !== "proxy") throw new Error("not a proxy");
    expect(s.upstreamOf(proxy.backend)?.name).toBe("app");
    expect(s.addressesOf(proxy.backend).map((x) => [x.host, x.port, x.unix])).toEqual([
      ["127.0.0.1", 9000, null],
      [null, null, "/run/app.sock"],
    ]);
    expect(s.isAppBackend(proxy.backend)).toBe(true);
  });

  test("proxy_set_header: a level with any replaces the inherited set, a level with none inherits", () => {
    const s = model(`http {
    proxy_set_header Host $host;
    server {
        location /a/ { proxy_pass http://127.0.0.1:1; }
        location /b/ { proxy_set_header X-Id 1; proxy_pass http://127.0.0.1:1; }
        location /c/ { if ($x) { proxy_pass http://127.0.0.1:1; } }
    }
}`);
    const names = (path: string) => {
      const loc = s.locations.find((l) => l.path === path)!;
      const h = loc.handler;
      if (h.kind !== "proxy") throw new Error("not a proxy");
      return s.directivesInEffect("proxy_set_header", h.entry.scope).entries.map((e) => e.node.args[0].value);
    };
    expect(names("/a/")).toEqual(["Host"]);
    expect(names("/b/")).toEqual(["X-Id"]);
    expect(names("/c/")).toEqual(["Host"]);
  });

  test("an unreadable include makes the set at that level unsure", () => {
    const s = model(`server { location / { include /nowhere/proxy.conf; proxy_pass http://127.0.0.1:1; } }`);
    const h = s.locations[0].handler;
    if (h.kind !== "proxy") throw new Error("not a proxy");
    expect(s.directivesInEffect("proxy_set_header", h.entry.scope)).toMatchObject({ entries: [], unsure: true });
  });
});

describe("a stock parameter file that is not here: by its relative name with no --nginx-prefix, or by its /etc/nginx path", () => {
  const lone = (site: string, prefix?: string) => {
    const dir = "/repo/deploy/nginx";
    const file = path.join(dir, "shop.conf");
    const fsys = {
      local: (p: string) => p,
      kind: (p: string) => (p === file ? ("file" as const) : null),
      list: () => null,
      read: (p: string) => (p === file ? { text: site } : { error: "no such file or directory" }),
    };
    const tree = loadNginxTree(file, fsys, prefix ? { prefix } : {});
    if ("error" in tree) throw new Error(tree.error);
    return tree;
  };
  const site = (include: string) => `server {\n  listen 80;\n  location / {\n    include ${include};\n    proxy_pass http://127.0.0.1:8000;\n  }\n}\n`;

  test.each([
    // Debian's proxy_params (as its 2026 security update has it: the client's name from $host).
    ["proxy_params", "proxy_set_header", ["Host", "$host"]],
    ["proxy_params", "proxy_set_header", ["X-Forwarded-Proto", "$scheme"]],
    // nginx's conf/uwsgi_params passes HTTPS, not X-Forwarded-Proto.
    ["uwsgi_params", "uwsgi_param", ["HTTPS", "$https", "if_not_empty"]],
    ["conf/fastcgi_params", "fastcgi_param", ["SCRIPT_NAME", "$fastcgi_script_name"]],
    ["fastcgi.conf", "fastcgi_param", ["SCRIPT_FILENAME", "$document_root$fastcgi_script_name"]],
  ])("include %s reads what the packages install in /etc/nginx: %s %j", (name, directive, args) => {
    const tree = lone(site(name));
    expect(tree.unresolved.size).toBe(0);
    expect(tree.problems).toEqual([]);
    const stock = tree.files.get(path.posix.join("/etc/nginx", name.replace(/^conf\//, "")));
    expect(stock).toBeDefined();
    const set = stock!.ast.children.filter((n) => n.kind === "directive" && n.name === directive).map((n) => n.args.map((a) => a.value));
    expect(set).toContainEqual(args);
    // ...and nothing it does not set: the stock files never set X-Forwarded-Proto for uwsgi/fastcgi.
    if (directive !== "proxy_set_header") expect(set.map((a) => a[0])).not.toContain("HTTP_X_FORWARDED_PROTO");
  });

  test("by its path in /etc/nginx on a machine without nginx: the same stock file; another file there stays unknown", () => {
    const tree = lone(site("/etc/nginx/uwsgi_params") + site("/etc/nginx/snippets/shop.conf"));
    expect([...tree.files.keys()]).toEqual(["/repo/deploy/nginx/shop.conf", "/etc/nginx/uwsgi_params"]);
    expect([...tree.unresolved].map((d) => d.args[0].value)).toEqual(["/etc/nginx/snippets/shop.conf"]);
  });

  test("with --nginx-prefix the conf directory is known: a missing file there is an error, not the stock one", () => {
    const tree = lone(site("proxy_params"), "/etc/nginx-custom");
    expect(tree.problems.map((p) => [p.ruleId, p.severity ?? "error"])).toEqual([["include-not-found", "error"]]);
    expect(tree.unresolved.size).toBe(1);
  });

  test("a file of another name stays unknown (an info says how to point at it)", () => {
    const tree = lone(site("snippets/shop-proxy.conf"));
    expect(tree.unresolved.size).toBe(1);
    expect(tree.problems.map((p) => p.severity)).toEqual(["info"]);
  });
});

test("the stock file read in place of the packages' is in no result: the run reports only the files the user has", () => {
  const dir = path.join(ROOT, "stock-params-not-here");
  const r = cli(["-f", "json", "--no-config", "site.conf"], { cwd: dir });
  expect(r.stderr).toBe("");
  const out = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; relatedLocations?: unknown }[] }[];
  expect(out.map((f) => path.relative(dir, f.filePath))).toEqual(["site.conf"]);
  expect(out[0].messages.map((m) => m.ruleId)).not.toContain("include-not-found");
});
