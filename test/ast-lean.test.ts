/**
 * The parsers' most numerous nodes (arguments, directives) keep offsets and
 * compute line and column on demand: every range a rule reads must be the
 * one the file's position table gives for the node's offsets, on any line
 * ending, and no node carries Range objects of its own (they were a third of
 * a large configuration's memory).
 */
import { parseApache } from "../grammars/apache/index.js";
import { parseNginx } from "../grammars/nginx/index.js";
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
