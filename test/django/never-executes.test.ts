/**
 * The Django side is read, never run: a settings module, a WSGI script, a
 * manage.py and a gunicorn configuration whose every statement would leave a
 * marker file if Python ran them are read from disk, and no marker appears.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DiskFs } from "../../src/load/fs-facade.js";
import { PathMap } from "../../src/load/path-map.js";
import { readDjango } from "../../src/model/django/index.js";

test("settings, scripts and app-server files that would write a marker when run leave none", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-noexec-"));
  const marker = path.join(dir, "ran");
  const touch = `open(${JSON.stringify(marker)}, "w").write("x")`;
  const files: Record<string, string> = {
    "manage.py": `import os, sys\n${touch}\nos.system("touch ${marker}")\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n`,
    "shop/__init__.py": `${touch}\n`,
    "shop/settings.py": `import os\n${touch}\n__import__("os").system("touch ${marker}")\nDEBUG = False\nALLOWED_HOSTS = ["shop.example.com"]\nexec(${JSON.stringify(touch)})\nSECRET_KEY = eval(${JSON.stringify(touch)})\n`,
    "shop/wsgi.py": `import os\n${touch}\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n`,
    "gunicorn.conf.py": `${touch}\nbind = "127.0.0.1:8000"\ndef on_starting(server):\n    ${touch}\n`,
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  const model = readDjango({ fs: new DiskFs(new PathMap([], dir)), roots: [dir], appServerFiles: [path.join(dir, "gunicorn.conf.py")] });
  // The reader did read them (so the test is not vacuous) ...
  // (exec() could rebind any name, so what came before it is only a default.)
  const settings = model.projects[0]?.settings ?? {};
  expect((settings.ALLOWED_HOSTS as { default?: unknown } | undefined)?.default).toEqual(["shop.example.com"]);
  expect((settings.SECRET_KEY as { unknown?: string } | undefined)?.unknown).toBeTruthy();
  // ... and nothing ran.
  expect(fs.existsSync(marker)).toBe(false);
  fs.rmSync(dir, { recursive: true, force: true });
});
