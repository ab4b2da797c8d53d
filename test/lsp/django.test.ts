/**
 * The language server and the Django side: a configuration whose findings
 * depend on a WSGI script (or settings module) is linted again when that
 * Python file changes, in an editor buffer or on disk.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { TestClient, uri, type PublishParams } from "./client.js";

let client: TestClient | undefined;
afterEach(() => {
  client?.kill();
  client = undefined;
});

const notFound = (p: PublishParams) => p.diagnostics.filter((d) => d.code === "django/settings-not-found").map((d) => d.message);
const SELECTS = (module: string) => `import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "${module}")\n`;

function project(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-lsp-django-")));
  const files: Record<string, string> = {
    ".djlint-conf.json": JSON.stringify({ root: true, pathMap: { "/srv/shop": "." } }),
    "shop.conf": "<VirtualHost *:80>\n    ServerName shop.example.com\n    WSGIScriptAlias / /srv/shop/shop/wsgi.py\n</VirtualHost>\n",
    "shop/__init__.py": "",
    "shop/settings.py": "DEBUG = False\n",
    // The script selects a settings module the project does not have.
    "shop/wsgi.py": SELECTS("shop.settings_prod"),
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test("an edit to the WSGI script, unsaved, then on disk, re-lints the configuration that runs it", async () => {
  const dir = project();
  const conf = path.join(dir, "shop.conf");
  const script = path.join(dir, "shop/wsgi.py");
  const c = (client = new TestClient());
  await c.initialize(dir, { debounceMs: 20 }, false, { capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
  await c.open(conf, fs.readFileSync(conf, "utf8"), "apacheconf", 1);
  const first = await c.waitFor((p) => p.uri === uri(conf));
  expect(notFound(first)).toEqual([expect.stringContaining("the settings module shop.settings_prod cannot be read here")]);

  // The script, open and edited (not saved), now selects the settings module that is there.
  await c.open(script, SELECTS("shop.settings_prod"), "python", 1);
  let since = c.published.length;
  await c.change(script, 2, SELECTS("shop.settings"));
  await c.waitFor((p) => p.uri === uri(conf) && notFound(p).length === 0, 15000, since);

  // Closed without saving: disk wins again, and the finding is back.
  since = c.published.length;
  await c.conn.sendNotification("textDocument/didClose", { textDocument: { uri: uri(script) } });
  await c.waitFor((p) => p.uri === uri(conf) && notFound(p).length === 1, 15000, since);

  // Changed on disk by another program: the client's file watcher says so, and the configuration is linted again.
  fs.writeFileSync(script, SELECTS("shop.settings"));
  since = c.published.length;
  await c.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uri(script), type: 2 }] });
  await c.waitFor((p) => p.uri === uri(conf) && notFound(p).length === 0, 15000, since);
  expect(await c.shutdown()).toBe(0);
});

test("a change to a Python file no lint read re-lints nothing", async () => {
  const dir = project();
  const conf = path.join(dir, "shop.conf");
  const c = (client = new TestClient());
  await c.initialize(dir);
  await c.open(conf, fs.readFileSync(conf, "utf8"), "apacheconf", 1);
  await c.waitFor((p) => p.uri === uri(conf));
  const since = c.published.length;
  await c.conn.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: uri(path.join(dir, "shop/__init__.py")), type: 2 }] });
  // A later, unrelated lint shows the queue is drained: no publish for the configuration came before it.
  await c.open(path.join(dir, "other.conf"), "KeepAlive On\n", "apacheconf", 1);
  await c.waitFor((p) => p.uri === uri(path.join(dir, "other.conf")), 15000, since);
  expect(c.published.slice(since).filter((p) => p.uri === uri(conf))).toEqual([]);
  expect(await c.shutdown()).toBe(0);
});

test("a finding whose other side is in the settings carries it as relatedInformation", async () => {
  const dir = project();
  fs.writeFileSync(path.join(dir, "shop/wsgi.py"), SELECTS("shop.settings"));
  fs.writeFileSync(path.join(dir, "shop/settings.py"), 'DEBUG = False\nALLOWED_HOSTS = ["www.example.com"]\n');
  const conf = path.join(dir, "shop.conf");
  const c = (client = new TestClient());
  await c.initialize(dir);
  await c.open(conf, fs.readFileSync(conf, "utf8"), "apacheconf", 1);
  const p = await c.waitFor((x) => x.uri === uri(conf));
  const d = p.diagnostics.find((x) => x.code === "django/allowed-hosts-mismatch");
  expect(d?.relatedInformation).toEqual([
    {
      location: { uri: uri(path.join(dir, "shop/settings.py")), range: { start: { line: 1, character: 0 }, end: { line: 1, character: 35 } } },
      message: "ALLOWED_HOSTS is set here",
    },
  ]);
  expect(await c.shutdown()).toBe(0);
});
