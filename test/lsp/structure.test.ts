/**
 * Document symbols, folding ranges and selection ranges for the three
 * dialects, on fixtures/lsp/workspace (expectations read off the fixture
 * files: 0-based lines and characters).
 */
import fs from "node:fs";
import path from "node:path";
import { TestClient, uri } from "./client.js";

const WS = path.resolve("fixtures/lsp/workspace");
const SHOP = path.join(WS, "apache2/sites-enabled/shop.conf");
const SITE = path.join(WS, "nginx/conf.d/site.conf");
const LIGHT = path.join(WS, "lighttpd/conf.d/django.conf");

interface Sym {
  name: string;
  detail?: string;
  kind: number;
  range: { start: { line: number } };
  selectionRange: { start: { line: number; character: number } };
  children?: Sym[];
}
const outline = (syms: Sym[]): unknown[] =>
  syms.map((s) => [s.name, s.detail ?? null, s.kind, s.range.start.line, s.selectionRange.start.line, ...(s.children?.length ? [outline(s.children)] : [])]);
const folds = (f: { startLine: number; endLine: number; kind?: string }[]) =>
  f.map((x) => [x.startLine, x.endLine, x.kind ?? null]).sort((a, b) => Number(a[0]) - Number(b[0]));

let c: TestClient;
beforeAll(async () => {
  c = new TestClient();
  await c.initialize(WS);
  await c.open(SHOP, fs.readFileSync(SHOP, "utf8"), "apacheconf");
  await c.open(SITE, fs.readFileSync(SITE, "utf8"), "nginx");
  await c.open(LIGHT, fs.readFileSync(LIGHT, "utf8"), "lighttpd");
});
afterAll(() => c.kill());

const request = <T>(method: string, file: string, more: Record<string, unknown> = {}) =>
  c.conn.sendRequest(method, { textDocument: { uri: uri(file) }, ...more }) as Promise<T>;

describe("document symbols: an outline of sections and blocks", () => {
  test("Apache: the virtual host named by its ServerName, its sections inside", async () => {
    expect(outline(await request<Sym[]>("textDocument/documentSymbol", SHOP))).toEqual([
      [
        "<VirtualHost *:443>",
        "shop.example.com",
        2,
        2,
        2,
        [
          ["<Directory /srv/shop/shop>", null, 8, 8, 8, [["<Files wsgi.py>", null, 8, 9, 9]]],
          ["<IfModule mod_headers.c>", null, 17, 13, 13],
        ],
      ],
    ]);
  });
  test("nginx: map, the server named by server_name with its listen, its locations", async () => {
    expect(outline(await request<Sym[]>("textDocument/documentSymbol", SITE))).toEqual([
      ["map $http_upgrade $connection_upgrade", null, 10, 0, 0],
      [
        "server example.com www.example.com",
        "listen 443 ssl",
        2,
        3,
        3,
        [
          ["location /static/", null, 8, 6, 6],
          ["location /", null, 8, 9, 9],
          ["location @django", null, 8, 12, 12],
        ],
      ],
    ]);
  });
  test("lighttpd: conditionals, nested, with the else branch", async () => {
    expect(outline(await request<Sym[]>("textDocument/documentSymbol", LIGHT))).toEqual([
      [
        '$HTTP["host"] == "example.com"',
        null,
        17,
        0,
        0,
        [
          ['$HTTP["url"] =^ "/static/"', null, 17, 1, 1],
          ["else", null, 17, 4, 4],
        ],
      ],
    ]);
  });
});

describe("folding ranges", () => {
  test("Apache: each section to the line before its closing tag; the leading comment lines", async () => {
    expect(folds(await request("textDocument/foldingRange", SHOP))).toEqual([
      [0, 1, "comment"],
      [2, 15, null],
      [8, 11, null],
      [9, 10, null],
      [13, 14, null],
    ]);
  });
  test("nginx: each block to the line before its brace", async () => {
    expect(folds(await request("textDocument/foldingRange", SITE))).toEqual([
      [0, 1, null],
      [3, 15, null],
      [6, 7, null],
      [9, 10, null],
      [12, 14, null],
    ]);
  });
  test("lighttpd: each conditional", async () => {
    expect(folds(await request("textDocument/foldingRange", LIGHT))).toEqual([
      [0, 6, null],
      [1, 2, null],
      [4, 5, null],
    ]);
  });
});

describe("selection ranges", () => {
  type Sel = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; parent?: Sel };
  const chain = (s: Sel): number[][] => [
    [s.range.start.line, s.range.start.character, s.range.end.line, s.range.end.character],
    ...(s.parent ? chain(s.parent) : []),
  ];
  test("nginx: argument, directive, location, server, file", async () => {
    const [sel] = await request<Sel[]>("textDocument/selectionRange", SITE, { positions: [{ line: 14, character: 28 }] });
    expect(chain(sel)).toEqual([
      [14, 19, 14, 32],
      [14, 8, 14, 33],
      [12, 4, 15, 5],
      [3, 0, 16, 1],
      [0, 0, 17, 0],
    ]);
  });
  test("Apache: argument, directive, the three sections around it, file", async () => {
    // `Require all granted` inside <Files> inside <Directory> inside <VirtualHost>.
    const [sel] = await request<Sel[]>("textDocument/selectionRange", SHOP, { positions: [{ line: 10, character: 22 }] });
    expect(chain(sel)).toEqual([
      [10, 20, 10, 23],
      [10, 12, 10, 31],
      [9, 8, 11, 16],
      [8, 4, 12, 16],
      [2, 0, 16, 14],
      [0, 0, 17, 0],
    ]);
  });
  test("an invalid position list is InvalidParams", async () => {
    await expect(request("textDocument/selectionRange", SITE, { positions: [{ line: -1, character: 0 }] })).rejects.toThrow(/positions/);
  });
});
