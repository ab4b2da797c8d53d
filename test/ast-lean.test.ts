/**
 * The parsers' most numerous nodes (arguments, directives, lighttpd's scalars
 * and array entries) keep offsets and compute line and column on demand:
 * every range a rule reads must be the one the file's position table gives
 * for the node's offsets, on any line ending, and no node carries Range
 * objects of its own (they were a third of a large configuration's memory).
 */
import { parseApache } from "../grammars/apache/index.js";
import { parseLighttpd } from "../grammars/lighttpd/index.js";
import { parseNginx } from "../grammars/nginx/index.js";
import type { LighttpdScalar } from "../src/ast/lighttpd.js";
import type { ArgNode } from "../src/ast/types.js";
import type { Range } from "../src/core/range.js";
import type { SourceFile } from "../src/source/source-file.js";

const APACHE =
  'ServerName a.example\r\n<VirtualHost *:80>\n  Alias "/static/" \\\r\n     /srv/static/\r\n  WSGIScriptAlias / /srv/app/wsgi.py\n</VirtualHost>\n';
const NGINX = 'http {\r\n  server {\n    listen 80;\r\n    location "/static/" { alias /srv/static/; }\n    proxy_pass http://127.0.0.1:8000;\n  }\n}\n';

/** The range a node's text has, found from the text itself (the node's raw spelling at its offset). */
function expectRangeOf(source: SourceFile, text: string, range: Range, raw: string) {
  expect(text.slice(range.start, range.end)).toBe(raw);
  expect(range).toEqual(source.range(range.start, range.end));
}

type Node = { kind: string; args: ArgNode[]; range: Range; nameRange: Range; file: string; children?: Node[] };

function walk(nodes: Node[], visit: (n: Node) => void) {
  for (const n of nodes) {
    visit(n);
    if (n.children) walk(n.children, visit);
  }
}

// Counted from the texts above: ServerName, <VirtualHost>, Alias, WSGIScriptAlias (1 + 1 + 2 + 2 arguments);
// http, server, listen, location, alias, proxy_pass (1 + 1 + 1 + 1 arguments).
describe.each([
  ["apache", APACHE, (t: string) => parseApache("/x/apache2.conf", t), 4, 6],
  ["nginx", NGINX, (t: string) => parseNginx("/x/nginx.conf", t), 6, 4],
] as const)("%s nodes", (_dialect, text, parse, dialectNodes, dialectArgs) => {
  const { ast, source } = parse(text);
  const nodes: Node[] = [];
  walk(ast.children as unknown as Node[], (n) => nodes.push(n));

  test("parses without problems", () => {
    expect(ast.problems).toEqual([]);
    expect(nodes.length).toBe(dialectNodes);
  });

  test("every argument's range covers its raw text, with the line and column of its offsets", () => {
    const args = nodes.flatMap((n) => n.args);
    expect(args.length).toBe(dialectArgs);
    for (const a of args) {
      expectRangeOf(source, text, a.range, a.raw);
      expect(a.file).toBe(source.path);
      expect(a.kind).toBe("arg");
    }
  });

  test("a directive's range runs from its name to its last argument; its name range covers the name", () => {
    for (const n of nodes.filter((x) => x.kind === "directive")) {
      expect(n.nameRange.start).toBe(n.range.start);
      expect(text.slice(n.nameRange.start, n.nameRange.end)).toMatch(/^[A-Za-z_]+$/);
      expect(n.range).toEqual(source.range(n.range.start, n.range.end));
      const last = n.args[n.args.length - 1];
      if (last) expect(n.range.end).toBeGreaterThanOrEqual(last.range.end);
      expect(n.file).toBe(source.path);
    }
  });

  test("arguments and directives hold no Range object of their own", () => {
    for (const n of nodes.filter((x) => x.kind === "directive")) {
      for (const o of [n, ...n.args]) {
        const own = Object.values(o).filter((v) => v !== null && typeof v === "object" && "line" in (v as object));
        expect(own).toEqual([]);
      }
    }
  });
});

test("a range read twice is equal and not shared (a caller may keep or change its copy)", () => {
  const { ast } = parseApache("/x/a.conf", "Listen 80\n");
  const d = ast.children[0] as unknown as Node;
  const a = d.args[0] as ArgNode;
  expect(a.range).toEqual(a.range);
  expect(a.range).not.toBe(a.range);
});

test("an nginx directive's name argument, made on demand, is the name as written (quoted here)", () => {
  const text = 'events { }\n"worker_connections" 512;\n';
  const { ast, source } = parseNginx("/x/nginx.conf", text);
  expect(ast.problems).toEqual([]);
  const d = ast.children[1];
  expect(d?.kind).toBe("directive");
  if (d?.kind !== "directive") return;
  expect(d.name).toBe("worker_connections");
  const n = d.nameArg;
  expect({ raw: n.raw, value: n.value, quote: n.quote, file: n.file }).toEqual({
    raw: '"worker_connections"',
    value: "worker_connections",
    quote: '"',
    file: "/x/nginx.conf",
  });
  expect(n.range).toEqual(source.range(11, 31));
  expect(d.nameRange).toEqual(n.range);
});

/** Own properties of a node that are Range objects (the lean nodes compute theirs when read). */
const ownRanges = (o: object) => Object.values(o).filter((v) => v !== null && typeof v === "object" && "line" in (v as object));

test("Apache sections keep offsets: range, openRange and closeRange are the position table's, closed or not", () => {
  const text = "<VirtualHost *:80>\r\n  <Location /a>\n    Require all granted\n  </Location>\n  <Directory /srv>\n";
  const { ast, source } = parseApache("/x/apache2.conf", text);
  const vhost = ast.children[0];
  if (vhost?.kind !== "section") throw new Error("expected a section");
  const location = vhost.children[0];
  const directory = vhost.children[1];
  if (location?.kind !== "section" || directory?.kind !== "section") throw new Error("expected sections");
  for (const s of [vhost, location, directory]) expect(ownRanges(s)).toEqual([]);
  expect(text.slice(location.openRange.start, location.openRange.end)).toBe("<Location /a>");
  expect(text.slice(location.closeRange?.start, location.closeRange?.end)).toBe("</Location>");
  expect(location.range).toEqual(source.range(text.indexOf("<Location"), text.indexOf("</Location>") + "</Location>".length));
  // Never closed: the section runs to the end of the file and has no closing tag.
  for (const s of [vhost, directory]) {
    expect(s.closeRange).toBeNull();
    expect(s.range).toEqual(source.range(s.openRange.start, text.length));
  }
  expect(vhost.openRange).toEqual(source.range(0, "<VirtualHost *:80>".length));
  expect(vhost.file).toBe("/x/apache2.conf");
});

test("nginx blocks keep offsets: range, openRange, nameRange and closeRange are the position table's", () => {
  const text = 'http {\r\n  "server" {\n    listen 80;\n  }\n  content_by_lua_block { ngx.say("}") }\n  location / {\n';
  const { ast, source } = parseNginx("/x/nginx.conf", text);
  const http = ast.children[0];
  if (http?.kind !== "block") throw new Error("expected a block");
  const [server, lua, location] = http.children;
  if (server?.kind !== "block" || lua?.kind !== "block" || location?.kind !== "block") throw new Error("expected blocks");
  for (const b of [http, server, lua, location]) expect(ownRanges(b)).toEqual([]);
  expect(server.name).toBe("server");
  expect(server.nameArg.raw).toBe('"server"');
  expect(server.nameArg.quote).toBe('"');
  expect(text.slice(server.nameRange.start, server.nameRange.end)).toBe('"server"');
  expect(text.slice(server.openRange.start, server.openRange.end)).toBe('"server" {');
  expect(text.slice(server.range.start, server.range.end)).toBe('"server" {\n    listen 80;\n  }');
  expect(server.closeRange).toEqual(source.range(server.range.end - 1, server.range.end));
  expect(text.slice(lua.range.start, lua.range.end)).toBe('content_by_lua_block { ngx.say("}") }');
  expect(lua.lua?.text).toBe(' ngx.say("}") ');
  for (const b of [http, location]) {
    expect(b.incomplete).toBe(true);
    expect(b.closeRange).toBeNull();
    expect(b.range).toEqual(source.range(b.openRange.start, text.length));
  }
});

test("an argument's quote comes from its raw text; its value can be replaced (the Apache loader's Define expansion)", () => {
  const { ast } = parseApache("/x/apache2.conf", "Alias /static/ \"/srv/a b/\"\nHeader set X 'y'\n");
  const [alias, header] = ast.children.map((n) => (n as unknown as Node).args);
  expect(alias.map((a) => [a.raw, a.value, a.quote])).toEqual([
    ["/static/", "/static/", null],
    ['"/srv/a b/"', "/srv/a b/", '"'],
  ]);
  expect(header[2].quote).toBe("'");
  for (const a of [alias[0], alias[1]]) {
    a.value = "/elsewhere/";
    expect(a.value).toBe("/elsewhere/");
    expect(a.raw).not.toBe("/elsewhere/");
  }
  expect(alias[0].range).toEqual(alias[0].range);
});

test("lighttpd scalars and array entries keep offsets: type, quote, value, range and comma as the text gives them", () => {
  //            0         1         2         3         4
  //            0123456789012345678901234567890123456789012345
  const text = 'port = 80\r\nx = ( "a\\"b" => port,\n  var.y,\n  "c" )\n';
  const { ast, source } = parseLighttpd("/x/lighttpd.conf", text);
  expect(ast.problems).toEqual([]);
  const [p, x] = ast.children;
  if (p?.kind !== "assignment" || x?.kind !== "assignment" || x.value?.kind !== "array") throw new Error("expected two assignments");
  const port = p.value as LighttpdScalar;
  const [e1, e2, e3] = x.value.entries;
  const key = e1.key as LighttpdScalar;
  const ref = e1.value as LighttpdScalar;
  const scalars = [port, key, ref, e2.value as LighttpdScalar, e3.value as LighttpdScalar];
  for (const o of [...scalars, e1, e2, e3]) expect(ownRanges(o)).toEqual([]);
  // Written from the text: an integer, a string with lighttpd's one escape, a name without a dot (a var. name), a dotted name.
  expect(scalars.map((s) => [s.kind, s.type, s.raw, s.value, s.quote])).toEqual([
    ["arg", "integer", "80", "80", null],
    ["arg", "string", '"a\\"b"', 'a"b', '"'],
    ["arg", "ref", "port", "var.port", null],
    ["arg", "ref", "var.y", "var.y", null],
    ["arg", "string", '"c"', "c", '"'],
  ]);
  for (const s of scalars) {
    expect(text.slice(s.range.start, s.range.end)).toBe(s.raw);
    expect(s.range).toEqual(source.range(s.range.start, s.range.end));
    expect(s.file).toBe("/x/lighttpd.conf");
  }
  expect(text.slice(e1.range.start, e1.range.end)).toBe('"a\\"b" => port');
  expect(e1.comma).toEqual(source.range(text.indexOf("port,") + 4, text.indexOf("port,") + 5));
  expect(e2.comma).toEqual(source.range(text.indexOf("var.y,") + 5, text.indexOf("var.y,") + 6));
  expect(e3.comma).toBeNull();
  expect(e3.range).toEqual(source.range(text.indexOf('"c"'), text.indexOf('"c"') + 3));
  expect([e1.kind, e1.file]).toEqual(["entry", "/x/lighttpd.conf"]);
});
