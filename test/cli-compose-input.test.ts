/**
 * A Compose file named with the configuration (`djlint-conf nginx/ docker-compose.yml`, or a pre-commit hook passing
 * the changed files): the Django side reads it where it lies beside the project, so it is taken, not skipped as a
 * file of no known server; a YAML file that is neither Compose's nor uWSGI's still is.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cli } from "./support/cli.js";

function repo(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-compose-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

// Media uploads land in the web container's /app/media, a volume the nginx container does not mount.
const FILES = {
  "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_cfg.settings")\n',
  "site_cfg/__init__.py": "",
  "site_cfg/settings.py": 'DEBUG = False\nALLOWED_HOSTS = ["*"]\nMEDIA_URL = "/media/"\nMEDIA_ROOT = "/app/media"\n',
  "docker-compose.yml": `services:
  web:
    build: .
    command: gunicorn site_cfg.wsgi --bind 0.0.0.0:8000
    volumes:
      - media:/app/media
  nginx:
    image: nginx:1.27
    volumes:
      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro
      - uploads:/srv/media
volumes:
  media:
  uploads:
`,
  "nginx/default.conf": `server {
    listen 80;
    location /media/ { alias /srv/media/; }
    location / { proxy_pass http://web:8000; proxy_set_header Host $host; }
}
`,
  "notes.yml": "owner: ops\n",
};

test("a Compose file named beside the configuration is taken, with no 'skipped' line; another YAML file is skipped", () => {
  const dir = repo(FILES);
  const r = cli(["--no-config", "-f", "json", "nginx/", "docker-compose.yml", "notes.yml"], { cwd: dir });
  expect(r.code).toBe(1);
  expect(r.stderr).not.toContain("docker-compose.yml");
  expect(r.stderr).toContain(`skipped ${path.join(dir, "notes.yml")}: cannot tell which server this configures`);
  const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
  const compose = results.find((f) => path.basename(f.filePath) === "docker-compose.yml");
  expect(compose?.messages).toEqual([]);
  const conf = results.find((f) => f.filePath.endsWith("nginx/default.conf"));
  expect(conf?.messages.map((m) => m.ruleId)).toContain("django/media-root-mismatch");
});
