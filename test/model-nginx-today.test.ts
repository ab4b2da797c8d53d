/**
 * The nginx model's answers for the "nginx today" rules, each against what
 * nginx does: which location serves a URI (the table below is nginx 1.22's
 * own answer for each URI, recorded with curl against this configuration,
 * every location returning its name), which regex groups can hold a newline,
 * which variables carry client input, which add_header directives a level
 * keeps, and which allow lists protect nothing.
 */
import { loadNginxTree } from "../src/load/nginx.js";
import { accessRulesInEffect, allowWithoutDeny, restrictionAt, rewriteOutcome } from "../src/model/nginx/access.js";
import { proxyPassAuthority, proxyPassUri, resolvedOnce } from "../src/model/nginx/backends.js";
import { parseBackend } from "../src/model/nginx/addresses.js";
import { addHeadersInEffect, dependsOnContentType, droppedAddHeaders, headerName } from "../src/model/nginx/headers.js";
import { internalOnly, locationFor, takenBy, takenFrom } from "../src/model/nginx/location-match.js";
import { admitsNewline, groupAdmitsNewline, groupIsFixedChoice, pcreToJs } from "../src/model/nginx/regex.js";
import { NginxServer, type Location, type NginxEntry, type Scope } from "../src/model/nginx/server.js";
import { reachedDirectly, variables } from "../src/model/nginx/variables.js";
import { nginxVersion, versionAtLeast } from "../src/model/nginx/version.js";
import { servedKind, staticMediaPrefixes } from "../src/model/static-media.js";
import type { NginxDirective } from "../src/ast/nginx.js";

const model = (text: string, nginxVersion?: string) => {
  const tree = loadNginxTree(
    "/virtual/nginx.conf",
    { local: (p) => p, kind: () => null, list: () => null, read: () => ({ error: "no such file or directory" }) },
    {},
    text,
  );
  if ("error" in tree) throw new Error(tree.error);
  return new NginxServer(tree, { nginxVersion });
};
const name = (l: Location | null) => (l ? (l.scope.entries.find((e) => e.node.name === "return")?.node.args[1]?.value ?? "?") : null);
const directive = (s: NginxServer, n: string, i = 0) => s.directives(n)[i] as NginxEntry<NginxDirective>;

describe("which location serves a URI", () => {
  const s = model(`events {}
http {
server {
    listen 127.0.0.1:38099;
    location = / { return 200 "A"; }
    location / { return 200 "B"; }
    location /documents/ { return 200 "C";
        location ~ \\.pdf$ { return 200 "C-pdf"; }
        location /documents/private/ { return 200 "C-private"; }
    }
    location ^~ /images/ { return 200 "D";
        location ~ \\.svg$ { return 200 "D-svg"; }
    }
    location ~* \\.(gif|jpg|jpeg)$ { return 200 "E"; }
    location /static/ { return 200 "S"; }
    location ^~ /media/ { return 200 "M"; }
    location ~ \\.php$ { return 200 "PHP"; }
    location ~ ^/(api|admin)/ { return 200 "API"; }
    location /api/v2/ { return 200 "API2"; }
    location = /api/v2/ { return 200 "API2-exact"; }
    location /static { return 200 "S-noslash"; }
    location ~ /ws/?$ { return 200 "WS"; }
}
}`);
  // nginx 1.22's answers (curl against this server)
  const NGINX: [string, string][] = [
    ["/", "A"],
    ["/index.html", "B"],
    ["/documents/document.html", "C"],
    ["/documents/1.jpg", "E"],
    ["/documents/1.pdf", "C-pdf"],
    ["/documents/private/x.pdf", "C-pdf"],
    ["/documents/private/x.jpg", "E"],
    ["/images/1.gif", "D"],
    ["/images/x.svg", "D-svg"],
    ["/images/a/b.jpg", "D"],
    ["/static/app.css", "S"],
    ["/static/img/logo.JPG", "E"],
    ["/static/x.php", "PHP"],
    ["/media/x.php", "M"],
    ["/media/a.jpg", "M"],
    ["/api/x", "API"],
    ["/api/v2/", "API2-exact"],
    ["/api/v2/users", "API"],
    ["/admin/x.jpg", "E"],
    ["/staticfiles/x", "S-noslash"],
    ["/static", "S-noslash"],
    ["/ws/", "WS"],
    ["/chat/ws", "WS"],
    ["/x.PHP", "B"],
    ["/documents/x.php", "PHP"],
  ];
  test.each(NGINX)("%s -> %s", (uri, expected) => {
    const m = locationFor(s.servers[0], uri);
    expect([uri, name(m.location), m.unsure]).toEqual([uri, expected, false]);
  });

  test("a regex JavaScript cannot run makes the answer unsure; a ^~ prefix does not need it", () => {
    const t = model(`server { listen 80; location /static/ { } location ^~ /media/ { } location ~ ^/x++$ { return 200 "X"; } }`);
    expect(locationFor(t.servers[0], "/static/a").unsure).toBe(true);
    expect(locationFor(t.servers[0], "/media/a").unsure).toBe(false);
  });

  test("a regex location takes URLs from a prefix location only when the prefix lacks ^~", () => {
    const t = model(`server { listen 80; location /static/ { } location ^~ /media/ { } location ~ \\.php$ { fastcgi_pass php:9000; } }`);
    const [st, media, php] = t.servers[0].locations;
    expect(takenFrom(t.servers[0], st, php)).toBe("/static/x.php");
    expect(takenFrom(t.servers[0], media, php)).toBeNull();
  });
});

describe("PCRE as nginx runs it", () => {
  test.each([
    ["[^/]+", true],
    ["(.+)", false],
    ["(?s).+", true],
    ["\\s", true],
    ["[a-z0-9-]+", false],
    ["[^/\\n]+", false],
    ["\\D+", true],
    ["[\\x00-\\x1f]", true],
    ["\\S+", false],
    ["\\w+", false],
    ["(?=\\s)x", false],
    ["[^/\\s]+", false],
    ["\\W", true],
  ])("%s can match a newline: %s", (pattern, expected) => {
    expect(admitsNewline(pattern)).toBe(expected);
  });

  test("a group of one character carries at most a lone line feed, not a header line", () => {
    expect(groupAdmitsNewline("/([^\\.])$", 1)).toBe(false);
    expect(groupAdmitsNewline("/([^\\.]+)$", 1)).toBe(true);
  });

  test("a group that can only be a few literal words is a fixed choice", () => {
    expect(["^/(eu|us)/", "^/(https?)/", "^/(a\\.b|c)/", "^/([a-z]+)/", "^/(.*)/"].map((p) => groupIsFixedChoice(p, 1))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  test("groups are numbered as PCRE numbers them, named ones included", () => {
    expect(groupAdmitsNewline("^/(?<slug>[^/]+)/(\\d+)$", "slug")).toBe(true);
    expect(groupAdmitsNewline("^/(?<slug>[^/]+)/(\\d+)$", 2)).toBe(false);
    expect(groupAdmitsNewline("^/(?:x)(.+)$", 1)).toBe(false);
    expect(groupAdmitsNewline("^/x$", 1)).toBeNull();
  });

  test("what JavaScript cannot run is refused, not guessed", () => {
    expect(pcreToJs("^/(?P<id>\\d+)$", false)?.test("/42")).toBe(true);
    expect(pcreToJs("(?i)^/ADMIN", false)?.test("/admin")).toBe(true);
    expect(pcreToJs("^/a++$", false)).toBeNull();
    expect(pcreToJs("^/(?>a)", false)).toBeNull();
  });
});

describe("client input in variables", () => {
  const s = model(`events {}
http {
  map $uri $orig { default $uri; }
  map $uri $section { default public; ~^/admin/ admin; }
  map $http_host $backend { default 127.0.0.1:8000; }
  server {
    listen 80;
    location ~ ^/u/(?<user>[^/]+)/(\\w+)$ {
      set $copy $1;
      return 302 https://x/$user/$2/$copy/$orig/$section/$request_uri/$arg_next;
    }
  }
}`);
  test("each variable as the return directive sees it", () => {
    const v = variables(s);
    const ret = directive(s, "return");
    const found = v.inputsIn(ret, ret.node.args[1].value).map((i) => `${i.variable} ${i.kind} ${i.newline ? "newline" : "raw"}`);
    expect(found).toEqual([
      "$user uri newline", // named capture of [^/]+: a variable, not escaped
      "$2 uri raw", // \w+ cannot match a newline
      "$copy uri raw", // set copies $1 escaped
      "$orig uri newline", // map result that is its source
      "$request_uri uri raw",
      "$arg_next argument raw",
    ]);
    expect(v.inputsIn(ret, "$backend")).toEqual([]); // a map with fixed values only
  });

  test("a leading set variable is read as what it was set to, in the set's context", () => {
    const t = model(
      `server { listen 80; location ~ ^/(eu|us)/(.*)$ { set $u "http://$2/x"; set $v "http://backend$request_uri"; proxy_pass $u; proxy_pass $v; } }`,
    );
    const v = variables(t);
    const [pu, pv] = t.directives("proxy_pass");
    const eu = v.expandLeadingSet(pu, "$u");
    expect([eu.value, eu.at.node.name, proxyPassAuthority(eu.value)]).toEqual(["http://$2/x", "set", "http://$2"]);
    expect(v.inputsIn(eu.at, proxyPassAuthority(eu.value)).map((i) => [i.variable, i.capture, i.fixed])).toEqual([["$2", true, false]]);
    expect(v.inputsIn(pv, proxyPassAuthority(v.expandLeadingSet(pv, "$v").value))).toEqual([]);
  });

  test("the scheme and host part of a proxy_pass target ends where a path variable starts", () => {
    expect(proxyPassAuthority("http://backend$route$is_args$args")).toBe("http://backend$route");
    expect(proxyPassAuthority("http://$backend$request_uri")).toBe("http://$backend");
    expect(proxyPassAuthority("$scheme://$1/$2")).toBe("$scheme://$1");
    expect(proxyPassAuthority("$target")).toBe("$target");
  });
});

describe("add_header inheritance", () => {
  const s = model(`events {}
http {
  add_header Strict-Transport-Security max-age=1;
  server {
    listen 80;
    add_header X-Frame-Options DENY;
    location /a/ { add_header Cache-Control public; }
    location /b/ { add_header_inherit merge; add_header Cache-Control public; }
    location /c/ { add_header_inherit off; }
    location /d/ { }
  }
}`);
  const loc = (p: string) => s.locations.find((l) => l.path === p)!.scope;
  const names = (sc: Scope) => addHeadersInEffect(s, sc).entries.map(headerName);
  test("a level with its own add_header replaces; merge appends; off drops even with none of its own", () => {
    expect(names(s.servers[0].scope)).toEqual(["x-frame-options"]);
    expect(names(loc("/a/"))).toEqual(["cache-control"]);
    expect(names(loc("/b/"))).toEqual(["cache-control", "x-frame-options"]);
    expect(names(loc("/c/"))).toEqual([]);
    expect(names(loc("/d/"))).toEqual(["x-frame-options"]);
    expect(droppedAddHeaders(s, loc("/a/"))?.dropped.map(headerName)).toEqual(["x-frame-options"]);
    expect(droppedAddHeaders(s, loc("/b/"))?.dropped).toEqual([]);
    expect(droppedAddHeaders(s, s.servers[0].scope)?.dropped.map(headerName)).toEqual(["strict-transport-security"]);
  });
});

test("a header whose value is a content-type map (or a variable defined elsewhere) may not be sent at all", () => {
  const s = model(`events {} http { map $sent_http_content_type $xfo { ~*text/html DENY; } server { listen 80;
    add_header X-Frame-Options $xfo; add_header X-A $undefined_here; add_header X-B $host; add_header X-C DENY; } }`);
  expect(s.directives("add_header").map((e) => dependsOnContentType(s, e))).toEqual([true, true, false, false]);
});

test("regex locations that take URLs from a prefix: one search per probe; internal-only locations", () => {
  const s = model(`server { listen 80; location /static/ { } location ~ \\.php$ { fastcgi_pass a:9000; } location ~ \\.py$ { proxy_pass http://a; }
    location @named { } location /x/ { internal; location /x/y/ { } } }`);
  const [st, php, py, named, x, xy] = s.servers[0].locations;
  expect([...takenBy(s.servers[0], st, [php.path, py.path])].map(([l, u]) => `${l.path} ${u}`)).toEqual(["\\.php$ /static/x.php", "\\.py$ /static/x.py"]);
  expect([named, x, xy, st].map(internalOnly)).toEqual([true, true, true, false]);
});

describe("access", () => {
  const s = model(`server {
    listen 80;
    deny all;
    location /open/ { allow 10.0.0.0/8; }
    location /closed/ { allow 10.0.0.0/8; deny all; location /closed/sub/ { return 200 x; } }
    location /exceptions/ { allow 10.1.1.1; deny 10.0.0.0/8; }
    location /auth/ { auth_basic "x"; return 302 https://other.example.com/; }
  }`);
  const loc = (p: string) => s.locations.find((l) => l.path === p)!.scope;
  test("a level's own allow/deny replace the inherited ones", () => {
    expect(allowWithoutDeny(loc("/open/"))?.first.node.args[0].value).toBe("10.0.0.0/8");
    expect(allowWithoutDeny(loc("/closed/"))).toBeNull();
    expect(allowWithoutDeny(loc("/exceptions/"))).toBeNull();
    expect(accessRulesInEffect(s, loc("/open/")).rules.map((e) => e.node.name)).toEqual(["allow"]);
    expect(restrictionAt(s, loc("/closed/sub/")).restriction?.entry.node.args[0].value).toBe("all");
    expect(restrictionAt(s, loc("/auth/")).restriction?.kind).toBe("deny"); // the server's deny all is inherited: /auth/ has no allow/deny
  });
  test("what return and rewrite do before the access phase", () => {
    const t = model(`server { listen 80; server_name a.example.com;
      return 301 https://a.example.com$request_uri; return 301 https://b.example.com$request_uri; return 403; return 200 ok;
      rewrite ^/x/(.*)$ /y/$1 last; rewrite ^ /z break; rewrite ^ https://$host$uri; }`);
    const out = ["return", "rewrite"].flatMap((n) => t.directives(n)).map((e) => rewriteOutcome(e, ["a.example.com"]));
    expect(out).toEqual([
      { kind: "redirect", target: "https://a.example.com$request_uri", httpsUpgrade: true },
      { kind: "redirect", target: "https://b.example.com$request_uri", httpsUpgrade: false },
      { kind: "answer", status: "403" },
      { kind: "answer", status: "200" },
      { kind: "internal", target: "/y/x" },
      { kind: "none" },
      { kind: "redirect", target: "https://$host$uri", httpsUpgrade: false },
    ]);
  });
});

describe("backends, fronts, versions and the static/media prefixes", () => {
  test("proxy_pass URI parts and names resolved once", () => {
    const s = model(`events {} http { upstream app { server 10.0.0.2:8000; } server { listen 80; location / { proxy_pass http://app; } } }`);
    const b = (v: string) => parseBackend("proxy", { kind: "arg", raw: v, value: v, quote: null, range: s.main.entries[0].node.range, file: "/x" });
    expect(["http://a/", "http://a:8000/app/", "http://unix:/run/a.sock:/app/", "http://a", "http://a$request_uri"].map((v) => proxyPassUri(b(v)))).toEqual([
      "/",
      "/app/",
      "/app/",
      null,
      null,
    ]);
    expect(
      ["http://app", "http://web:8000", "http://web", "http://10.0.0.3:80", "http://localhost:8000", "http://unix:/run/a.sock", "http://$x"].map((v) =>
        resolvedOnce(s, b(v)),
      ),
    ).toEqual([null, "web", "web", null, null, null, null]);
  });
  test("clients reach a server directly unless a front is declared or it listens only where a proxy must be", () => {
    const s = model(
      `events {} http { server { listen 80; } server { listen 127.0.0.1:8080; } server { listen 443 ssl proxy_protocol; } server { listen 80; set_real_ip_from 10.0.0.0/8; } }`,
    );
    expect(s.servers.map((v) => reachedDirectly(s, v)?.direct)).toEqual([true, false, false, false]);
  });
  test("versions", () => {
    expect(nginxVersion(model("events {}"))).toBe("1.30");
    expect(nginxVersion(model("events {}", "1.24.0"))).toBe("1.24.0");
    expect([versionAtLeast("1.29.3", "1.29.3"), versionAtLeast("1.29", "1.29.3"), versionAtLeast("1.30", "1.29.3"), versionAtLeast("2.0", "1.29.3")]).toEqual([
      true,
      false,
      true,
      true,
    ]);
  });
  test("static and media prefixes: the conventions, or the settings' URLs", () => {
    const conv = staticMediaPrefixes();
    expect(["/static/", "/media/avatars/", "/uploads", "/assets/"].map((p) => servedKind(p, conv))).toEqual(["static", "media", "media", null]);
    const set = staticMediaPrefixes({ STATIC_URL: "assets/", MEDIA_URL: "https://cdn.example.com/media/" });
    expect(set).toEqual({ static: ["/assets/"], media: [], from: "settings" });
    expect(["/assets/x", "/media/"].map((p) => servedKind(p, set))).toEqual(["static", null]);
  });
});
