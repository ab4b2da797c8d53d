/**
 * How templates are read, as a user meets it on the command line: which
 * files are templates (--template, the configuration's `template`, the
 * extension, the content), the one message a template gets when it is not
 * read as one, syntax errors at the template's own lines, and fixes that
 * never edit a template tag. (The template corpus, with every rule and the
 * servers' own checks of the rendered files, is test/templates.test.ts.)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cli } from "./support/cli.js";

/** An Ansible role's nginx site for a Django app behind gunicorn. */
const NGINX_J2 = `# {{ ansible_managed }}
upstream {{ app_name }}_app {
    server unix:{{ gunicorn_socket }} fail_timeout=0;
}

server {
    listen 80;
    server_name {{ server_name }}{% if server_aliases %} {{ server_aliases | join(' ') }}{% endif %};
{% if maintenance %}
    return 503;
{% else %}
    location /static/ {
        alias {{ project_root }}/static/;
    }
    location / {
        proxy_set_header Host $http_host;
        proxy_pass http://{{ app_name }}_app;
    }
{% endif %}
}
`;

function tmpDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-tpl-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

interface JsonMessage {
  ruleId: string | null;
  message: string;
  line: number;
  column: number;
  fix?: unknown;
}
const messagesOf = (stdout: string): JsonMessage[] => (JSON.parse(stdout) as { messages: JsonMessage[] }[]).flatMap((f) => f.messages);

describe("a Jinja2 template of an Ansible role", () => {
  test("lints by its extension with no syntax finding, the rules firing outside the placeholders, in the branch that holds them", () => {
    const dir = tmpDir({ "roles/django/templates/django.conf.j2": NGINX_J2 });
    const r = cli(["-f", "json", dir]);
    const found = messagesOf(r.stdout);
    expect(found.filter((m) => m.ruleId === "syntax")).toEqual([]);
    // As the role renders it: the location proxies to the upstream the template names `{{ app_name }}_app` (a unix
    // socket) without X-Forwarded-For, and passes Host from $http_host.
    expect(found.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(["15:5 nginx/client-address-not-forwarded", "16:31 nginx/host-from-http-host"]);
  });

  test("--template none: one finding saying what the file is and how to lint it, in place of the syntax errors", () => {
    const dir = tmpDir({ "django.conf.j2": NGINX_J2 });
    const r = cli(["-f", "json", "--template", "none", path.join(dir, "django.conf.j2")]);
    const found = messagesOf(r.stdout);
    expect(found).toHaveLength(1);
    expect(found[0]).toEqual(expect.objectContaining({ ruleId: "syntax", line: 2, column: 10 }));
    expect(found[0].message).toMatch(/looks like a Jinja2 template .*lint it with --template jinja/);
  });

  test('the configuration file\'s "template": "none" does the same', () => {
    const dir = tmpDir({ "django.conf.j2": NGINX_J2, ".djlint-conf.json": JSON.stringify({ template: "none" }) });
    const found = messagesOf(cli(["-f", "json", "django.conf.j2"], { cwd: dir }).stdout);
    expect(found.map((m) => m.ruleId)).toEqual(["syntax"]);
    expect(found[0].message).toContain("--template jinja");
  });

  test("a .conf full of {{ }} and {% %} is read as a template by its content", () => {
    const dir = tmpDir({ "sites-available/django.conf": NGINX_J2 });
    const found = messagesOf(cli(["-f", "json", dir]).stdout);
    expect(found.map((m) => m.ruleId)).toEqual(["nginx/client-address-not-forwarded", "nginx/host-from-http-host"]);
  });

  test("{% include %} outputs a template the linter does not read: a place where the headers may be set, no syntax error", () => {
    const site = NGINX_J2.replace("        proxy_set_header Host $http_host;\n", "{% include 'partials/proxy_headers.j2' %}\n");
    const dir = tmpDir({ "site.conf.j2": site });
    const found = messagesOf(cli(["-f", "json", path.join(dir, "site.conf.j2")]).stdout);
    expect(found.filter((m) => m.ruleId === "syntax")).toEqual([]);
    // Without the include, the location sets no header at all: the same rule says so.
    const bare = messagesOf(
      cli(["-f", "json", path.join(tmpDir({ "site.conf.j2": site.replace("{% include 'partials/proxy_headers.j2' %}\n", "") }), "site.conf.j2")]).stdout,
    );
    expect(bare.map((m) => m.ruleId)).toContain("nginx/client-address-not-forwarded");
    expect(found.map((m) => m.ruleId)).not.toContain("nginx/client-address-not-forwarded");
  });

  test("an {% if %} without {% else %} is rendered without its body too: what the body adds may be missing", () => {
    const site = NGINX_J2.replace(
      "        proxy_set_header Host $http_host;\n",
      "        proxy_set_header Host $host;\n{% if forward_client %}\n        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n{% endif %}\n",
    );
    const found = messagesOf(cli(["-f", "json", path.join(tmpDir({ "site.conf.j2": site }), "site.conf.j2")]).stdout);
    expect(found.filter((m) => m.ruleId === "syntax")).toEqual([]);
    expect(found.map((m) => m.ruleId)).toContain("nginx/client-address-not-forwarded");
    // With an {% else %} that sets it too, every rendering forwards the client's address.
    const both = site.replace("{% endif %}\n", "{% else %}\n        proxy_set_header X-Real-IP $remote_addr;\n{% endif %}\n");
    const found2 = messagesOf(cli(["-f", "json", path.join(tmpDir({ "site.conf.j2": both }), "site.conf.j2")]).stdout);
    expect(found2.map((m) => m.ruleId)).not.toContain("nginx/client-address-not-forwarded");
  });

  test("a plain configuration whose comments quote template syntax (ModSecurity's rules) is not a template", () => {
    const conf = `# Server-side template injection, e.g. <%= File.open('/etc/passwd').read %> or {{ config.items() }}
SecRule ARGS "@rx <%=?[\\s]*[^%]*?(?:[\\(\\*]|__)[^%]*?%>" "id:934200,phase:2,deny"
<Location /admin>
    Require all denied
</Location>
`;
    const dir = tmpDir({ "REQUEST-934.conf": conf });
    const found = messagesOf(cli(["-f", "json", "--dialect", "apache", path.join(dir, "REQUEST-934.conf")]).stdout);
    expect(found.filter((m) => m.ruleId === "syntax")).toEqual([]);
  });

  test("a tag never closed is reported at the template's own line, and the rest still parses", () => {
    const text = NGINX_J2.replace("alias {{ project_root }}/static/;", "alias {{ project_root /static/;");
    const dir = tmpDir({ "site.conf.j2": text });
    const found = messagesOf(cli(["-f", "json", path.join(dir, "site.conf.j2")]).stdout);
    const syntax = found.filter((m) => m.ruleId === "syntax");
    expect(syntax[0]).toEqual(expect.objectContaining({ line: 13, column: 15 }));
    expect(syntax[0].message).toMatch(/'\{\{' is never closed with '\}\}'/);
    // (The tag ate the ';' that ends its line.) The later expressions are whole again.
    expect(syntax.filter((m) => m.line > 14)).toEqual([]);
    expect(found.map((m) => `${m.line} ${m.ruleId}`)).toContain("16 nginx/host-from-http-host");
  });
});

describe("ERB templates of a Chef cookbook", () => {
  test("messages show the expressions as written, never a placeholder, and name no tag as a value", () => {
    const erb = `<VirtualHost *:80>
  ServerName <%= @server_name %>
  WSGIDaemonProcess <%= @app %> python-path=<%= @root %>
  WSGIProcessGroup <%= @app %>
  WSGIScriptAlias /app/ <%= @root %>/<%= @app %>/wsgi.py
</VirtualHost>
`;
    const dir = tmpDir({ "templates/default/site.conf.erb": erb });
    const found = messagesOf(cli(["-f", "json", dir]).stdout);
    expect(found.filter((m) => m.ruleId === "syntax" || m.ruleId === "unknown-directive" || m.ruleId === "directive-context")).toEqual([]);
    for (const m of found) expect(m.message).not.toMatch(/[\ue000-\uf8ff]|daemon group '<%/);
    const daemon = found.find((m) => m.ruleId === "apache/wsgi-daemon-no-maximum-requests");
    expect(daemon?.message).toContain("WSGIDaemonProcess <%= @app %> has no maximum-requests");
    expect(found.map((m) => m.ruleId)).toContain("apache/wsgi-script-alias-trailing-slash");
  });

  test("--fix applies a fix outside the tags and never one that edits a tag", () => {
    const erb = `<VirtualHost *:80>
  ServerName <%= @server_name %>
  WSGIScriptAlias /app/ /srv/app/app/wsgi.py
  WSGIScriptAlias /<%= @prefix %>/ /srv/app/app/wsgi.py
</VirtualHost>
`;
    const dir = tmpDir({ "site.conf.erb": erb });
    const file = path.join(dir, "site.conf.erb");
    const r = cli(["-f", "json", "--fix", "--unsafe-fixes", file]); // the trailing-slash fix moves a mount: unsafe
    expect(fs.readFileSync(file, "utf8")).toBe(erb.replace("WSGIScriptAlias /app/ ", "WSGIScriptAlias /app "));
    // The finding on the URL a template writes stays, without a fix.
    const left = messagesOf(r.stdout).filter((m) => m.ruleId === "apache/wsgi-script-alias-trailing-slash");
    expect(left.map((m) => m.line)).toEqual([4]);
  });
});
