/**
 * Completion, go to definition, references and document links across the
 * files of fixtures/lsp/workspace (an Apache server with two sites, an nginx
 * server whose upstream is in another file, a lighttpd server). Positions are
 * 0-based, read off the fixture files; /etc/apache2 and /srv are mapped onto
 * the workspace as a user's pathMap setting would.
 */
import fs from "node:fs";
import path from "node:path";
import { TestClient, uri } from "./client.js";

const WS = path.resolve("fixtures/lsp/workspace");
const at = (rel: string) => path.join(WS, rel);
const SHOP = at("apache2/sites-enabled/shop.conf");
const SITE = at("nginx/conf.d/site.conf");
const LIGHT = at("lighttpd/conf.d/django.conf");
const MAIN = at("apache2/apache2.conf");

interface Item {
  label: string;
  kind: number;
  detail?: string;
  textEdit: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
}
interface Loc {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}
const locs = (l: Loc[]) =>
  l.map((x) => [path.relative(WS, new URL(x.uri).pathname), x.range.start.line, x.range.start.character, x.range.end.character]).sort();

let c: TestClient;
beforeAll(async () => {
  c = new TestClient();
  await c.initialize(WS, { debounceMs: 0, pathMap: { "/etc/apache2": "apache2", "/srv": "srv" } });
  for (const [file, lang] of [
    [SHOP, "apacheconf"],
    [MAIN, "apacheconf"],
    [SITE, "nginx"],
    [LIGHT, "lighttpd"],
  ] as const) {
    await c.open(file, fs.readFileSync(file, "utf8"), lang);
    await c.waitFor((p) => p.uri === uri(file));
  }
});
afterAll(() => c.kill());

const complete = async (file: string, line: number, character: number) =>
  ((await c.conn.sendRequest("textDocument/completion", { textDocument: { uri: uri(file) }, position: { line, character } })) as { items: Item[] }).items;
const labels = (items: Item[]) => items.map((i) => i.label);
const goTo = async (file: string, line: number, character: number) =>
  locs((await c.conn.sendRequest("textDocument/definition", { textDocument: { uri: uri(file) }, position: { line, character } })) as Loc[]);

describe("completion", () => {
  test("nginx: directives of the location context, with their module", async () => {
    const items = await complete(SITE, 13, 8);
    expect(labels(items)).toEqual(expect.arrayContaining(["proxy_pass", "alias", "try_files", "location"]));
    expect(labels(items)).not.toContain("worker_connections"); // events only
    expect(labels(items)).not.toContain("server_name"); // server only
    expect(items.find((i) => i.label === "proxy_pass")?.detail).toBe("ngx_http_proxy_module");
    expect(items.find((i) => i.label === "more_set_headers")?.detail).toBe("ngx_http_headers_more_filter_module (third-party)");
  });
  test("nginx: proxy_http_version's values", async () => {
    expect(labels(await complete(SITE, 13, 27))).toEqual(["1.0", "1.1"]);
  });
  test("nginx: the upstream (defined in another file) after proxy_pass http://", async () => {
    const items = await complete(SITE, 14, 26);
    expect(labels(items)).toEqual(["django"]);
    expect(items[0].textEdit.range).toEqual({ start: { line: 14, character: 26 }, end: { line: 14, character: 26 } });
  });
  test("nginx: variables in argument position, the file's own map first", async () => {
    const items = labels(await complete(SITE, 10, 19));
    expect(items[0]).toBe("$connection_upgrade");
    expect(items).toEqual(expect.arrayContaining(["$uri", "$request_uri", "$host"]));
  });
  test("Apache: WSGIProcessGroup offers the daemon groups in scope (not another virtual host's)", async () => {
    expect(labels(await complete(SHOP, 5, 21))).toEqual(["shop", "%{GLOBAL}"]);
  });
  test("Apache: directives of the context (virtual host, then directory)", async () => {
    const vhost = labels(await complete(SHOP, 4, 4));
    expect(vhost).toEqual(expect.arrayContaining(["ServerName", "WSGIDaemonProcess", "Header"]));
    expect(vhost).not.toContain("Listen"); // server config only
    const dir = labels(await complete(SHOP, 10, 12));
    expect(dir).toEqual(expect.arrayContaining(["Require", "Options"]));
    expect(dir).not.toContain("ServerName");
  });
  test("Apache: On/Off values; section names after '<'", async () => {
    const file = at("apache2/sites-enabled/new.conf");
    await c.open(file, "PythonDebug \n<VirtualHost *:80>\n    <Loc\n</VirtualHost>\n", "apacheconf");
    expect(labels(await complete(file, 0, 12))).toEqual(["On", "Off"]);
    const sections = await complete(file, 2, 8);
    expect(labels(sections)).toEqual(expect.arrayContaining(["Location", "Directory", "IfModule"]));
    expect(labels(sections)).not.toContain("VirtualHost"); // server config only
    expect(sections.find((i) => i.label === "Location")?.textEdit.range).toEqual({ start: { line: 2, character: 5 }, end: { line: 2, character: 8 } });
  });
  test('lighttpd: options a conditional may set; "enable"/"disable"', async () => {
    const names = labels(await complete(LIGHT, 2, 8));
    expect(names).toEqual(expect.arrayContaining(["server.document-root", "dir-listing.activate"]));
    expect(names).not.toContain("server.modules"); // global scope only
    const file = at("lighttpd/conf.d/new.conf");
    await c.open(file, 'dir-listing.activate = "\n', "lighttpd");
    const values = await complete(file, 0, 24);
    expect(values.map((i) => i.textEdit.newText)).toEqual(['"enable"', '"disable"']);
    expect(values[0].textEdit.range.start.character).toBe(23);
  });
});

describe("go to definition", () => {
  test("an include: every file the glob matches", async () => {
    expect(await goTo(MAIN, 3, 20)).toEqual([
      ["apache2/sites-enabled/blog.conf", 0, 0, 0],
      ["apache2/sites-enabled/shop.conf", 0, 0, 0],
    ]);
  });
  test("nginx: an upstream in another file; a named location", async () => {
    expect(await goTo(SITE, 14, 28)).toEqual([["nginx/conf.d/upstreams.conf", 0, 9, 15]]);
    expect(await goTo(SITE, 10, 24)).toEqual([["nginx/conf.d/site.conf", 12, 13, 20]]);
  });
  test("Apache: WSGIProcessGroup and process-group= to the WSGIDaemonProcess", async () => {
    expect(await goTo(SHOP, 5, 22)).toEqual([["apache2/sites-enabled/shop.conf", 4, 22, 26]]);
    expect(await goTo(SHOP, 7, 60)).toEqual([["apache2/sites-enabled/shop.conf", 4, 22, 26]]);
  });
  test("Apache: the WSGI script and DJANGO_SETTINGS_MODULE to their Python files (through the path map)", async () => {
    expect(await goTo(SHOP, 7, 30)).toEqual([["srv/shop/shop/wsgi.py", 0, 0, 0]]);
    expect(await goTo(SHOP, 6, 38)).toEqual([["srv/shop/shop/settings.py", 0, 0, 0]]);
  });
});

test("references of a daemon group and of an upstream", async () => {
  const refs = (file: string, line: number, character: number) =>
    c.conn.sendRequest("textDocument/references", {
      textDocument: { uri: uri(file) },
      position: { line, character },
      context: { includeDeclaration: true },
    }) as Promise<Loc[]>;
  expect(locs(await refs(SHOP, 4, 23))).toEqual([
    ["apache2/sites-enabled/shop.conf", 4, 22, 26],
    ["apache2/sites-enabled/shop.conf", 5, 21, 25],
    ["apache2/sites-enabled/shop.conf", 7, 59, 63],
  ]);
  expect(locs(await refs(SITE, 14, 28))).toEqual([
    ["nginx/conf.d/site.conf", 14, 26, 32],
    ["nginx/conf.d/upstreams.conf", 0, 9, 15],
  ]);
});

test("document links on include paths that name one file, and on WSGI scripts", async () => {
  const links = (await c.conn.sendRequest("textDocument/documentLink", {
    textDocument: { uri: uri(LIGHT.replace("conf.d/django.conf", "lighttpd.conf")) },
  })) as unknown[];
  expect(links).toEqual([]); // not open: nothing to answer from
  const light = at("lighttpd/lighttpd.conf");
  await c.open(light, fs.readFileSync(light, "utf8"), "lighttpd");
  const got = (await c.conn.sendRequest("textDocument/documentLink", { textDocument: { uri: uri(light) } })) as { range: Loc["range"]; target: string }[];
  expect(got.map((l) => [l.range.start.line, l.range.start.character, l.range.end.character, path.relative(WS, new URL(l.target).pathname)])).toEqual([
    [2, 8, 28, "lighttpd/conf.d/django.conf"],
  ]);
  const shop = (await c.conn.sendRequest("textDocument/documentLink", { textDocument: { uri: uri(SHOP) } })) as { range: Loc["range"]; target: string }[];
  expect(shop.map((l) => [l.range.start.line, l.range.start.character, path.relative(WS, new URL(l.target).pathname)])).toEqual([
    [7, 22, "srv/shop/shop/wsgi.py"],
  ]);
});
