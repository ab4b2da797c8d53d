/** Configuration files as users write them: discovery, every format, each key, flags on top, clear errors. */
import { suggestRuleId } from "../src/core/suggest.js";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { cli } from "./support/cli.js";

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-cfg-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
const ids = (dir: string, args: string[] = ["conf"]) => {
  const r = cli(["-f", "json", ...args], { cwd: dir });
  expect([r.code, r.stderr]).toEqual([expect.any(Number), ""]);
  return (JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; djlintSeverity: string }[] }[]).flatMap((f) =>
    f.messages.map((m) => `${path.relative(dir, f.filePath)} ${m.ruleId} ${m.djlintSeverity}`),
  );
};
const DEBUG = "PythonDebug On\n";

describe("discovery and formats", () => {
  test.each([
    [".djlint-conf.json", JSON.stringify({ rules: { "apache/python-debug-on": "warning" } })],
    [".djlint-confrc", JSON.stringify({ rules: { "apache/python-debug-on": "warning" } })],
    [".djlint-confrc.json", JSON.stringify({ rules: { "apache/python-debug-on": "warning" } })],
    [".djlint-confrc.yaml", "rules:\n  apache/python-debug-on: warning\n"],
    [".djlint-confrc.yml", "rules:\n  apache/python-debug-on: warning\n"],
    ["djlint-conf.config.mjs", 'export default { rules: { "apache/python-debug-on": "warning" } };\n'],
    ["djlint-conf.config.cjs", 'module.exports = { rules: { "apache/python-debug-on": "warning" } };\n'],
    ["package.json", JSON.stringify({ name: "site", "djlint-conf": { rules: { "apache/python-debug-on": "warning" } } })],
  ])("%s is found from the linted file's directory upward", (name, text) => {
    const dir = project({ [name]: text, "conf/sub/site.conf": DEBUG });
    expect(ids(dir)).toEqual(["conf/sub/site.conf apache/python-debug-on warning"]);
  });

  test("the nearest configuration wins, per file", () => {
    const dir = project({
      ".djlint-conf.json": JSON.stringify({ rules: { "apache/python-debug-on": "warning" } }),
      "conf/a/site.conf": DEBUG,
      "conf/b/.djlint-conf.json": JSON.stringify({ rules: { "apache/python-debug-on": "off" } }),
      "conf/b/site.conf": DEBUG,
    });
    expect(ids(dir)).toEqual(["conf/a/site.conf apache/python-debug-on warning"]);
  });

  test("--config names one, --no-config ignores them, flags win over the file", () => {
    const dir = project({
      ".djlint-conf.json": JSON.stringify({ rules: { "apache/python-debug-on": "off" }, profile: "production" }),
      "other.json": JSON.stringify({ rules: { "apache/python-debug-on": "info" } }),
      "conf/site.conf": DEBUG,
    });
    expect(ids(dir)).toEqual([]);
    expect(ids(dir, ["--config", "other.json", "conf"])).toEqual(["conf/site.conf apache/python-debug-on info"]);
    expect(ids(dir, ["--no-config", "conf"])).toEqual(["conf/site.conf apache/python-debug-on error"]);
    expect(ids(dir, ["--rule", "apache/python-debug-on=warning", "conf"])).toEqual(["conf/site.conf apache/python-debug-on warning"]);
  });
});

describe("keys", () => {
  test("profile, pathMap (relative to the file), ignore, dialects, apacheVersion", () => {
    const dir = project({
      ".djlint-conf.json": JSON.stringify({
        profile: "development",
        pathMap: { "/usr/local/django": "./tree" },
        ignore: ["conf/vendor/**"],
        dialects: { "conf/*.site": "apache" },
        apacheVersion: "2.2",
      }),
      "conf/app.site": [
        "LoadModule wsgi_module modules/mod_wsgi.so",
        "WSGIScriptAlias / /usr/local/django/mysite/django.wsgi",
        "<Directory /usr/local/django/mysite>",
        "Order deny,allow",
        "Allow from all",
        "</Directory>",
        "PythonDebug On",
        "",
      ].join("\n"),
      "conf/vendor/ignored.conf": DEBUG,
      "tree/mysite/django.wsgi": "import os\n",
      "tree/mysite/settings.py": "DEBUG = False\n",
    });
    const found = ids(dir, ["conf/app.site", "conf/vendor/ignored.conf"]);
    expect(found).toContain("conf/app.site apache/wsgi-script-beside-settings error"); // pathMap read the tree
    expect(found.filter((f) => f.includes("python-debug-on"))).toEqual([]); // development profile
    expect(found.filter((f) => f.includes("legacy-access-control"))).toEqual([]); // 2.2
    expect(found.filter((f) => f.includes("vendor"))).toEqual([]); // ignored
  });
});

describe("--config is used or refused, never dropped", () => {
  test.each([
    [["--no-config", "--config", "bad.json"], /--config FILE and --no-config contradict each other/],
    [["--config", "bad.json", "--no-config"], /--config FILE and --no-config contradict each other/],
    [["--config", "bad.json", "--config", "bad.json"], /--config is given more than once/],
  ])("%j is a usage error", (flags, message) => {
    const dir = project({ "bad.json": JSON.stringify({ bogus: 1 }), "conf/site.conf": DEBUG });
    const r = cli([...flags, "conf"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe("a bad configuration is a usage error naming the key", () => {
  test.each([
    [{ rule: {} }, /"rule" is not a configuration key/],
    [{ rules: { "apache/python-debug": "off" } }, /"rules.apache\/python-debug" is not a rule id: did you mean 'apache\/python-debug-on'/],
    [{ rules: { "apache/python-debug-on": 3 } }, /"rules.apache\/python-debug-on" must be one of "off", "info", "warning", "error"/],
    [{ rules: { "apache/python-debug-on": "loud" } }, /"rules.apache\/python-debug-on" must be one of "off", "info", "warning", "error"/],
    [{ profile: "staging" }, /"profile" must be one of "production", "development"/],
    [{ ignore: "vendor" }, /"ignore" must be a list of strings/],
    [{ dialects: { "*.x": "caddy" } }, /"dialects.\*.x" must be one of "apache", "nginx", "lighttpd"/],
    [{ django: "shop.settings" }, /"django" must be an object/],
    [{ django: { setting: "shop.settings" } }, /"django.setting" is not a django key \(known: settings, root, sites, assume, trustedFront\)/],
    [{ django: { settings: "shop settings" } }, /"django.settings" must be a dotted settings module/],
    [{ django: { root: 3 } }, /"django.root" must be a directory path/],
    [{ django: { sites: { names: ["a"] } } }, /"django.sites" must be a list/],
    [{ django: { sites: [{ names: [], settings: "shop.settings" }] } }, /"django.sites\[0\].names" must be a non-empty list/],
    [{ django: { sites: [{ names: ["a.example"], settings: "shop.settings", root: "x" }] } }, /"django.sites\[0\].root" is not a site key/],
    [{ django: { sites: [{ names: ["a.example"] }] } }, /"django.sites\[0\].settings" must be a dotted settings module/],
    [{ django: { assume: { secure_ssl_redirect: true } } }, /"django.assume.secure_ssl_redirect" is not a Django setting name/],
    [{ django: { assume: [] } }, /"django.assume" must map setting names to values/],
    [{ django: { assume: { DEBUG: "false" } } }, /"django.assume.DEBUG" must be true or false, as in the settings module \(got "false"\)/],
    [{ django: { assume: { ALLOWED_HOSTS: "shop.example.com" } } }, /"django.assume.ALLOWED_HOSTS" must be a list of host names/],
    [{ django: { assume: { SECURE_PROXY_SSL_HEADER: "HTTP_X_FORWARDED_PROTO" } } }, /"django.assume.SECURE_PROXY_SSL_HEADER" must be a pair/],
    [{ django: { assume: { SECURE_HSTS_SECONDS: "31536000" } } }, /"django.assume.SECURE_HSTS_SECONDS" must be a whole number/],
    [
      { django: { assume: { SECURE_PROXY_SSL_HEADERS: ["HTTP_X_FORWARDED_PROTO", "https"] } } },
      /"django.assume.SECURE_PROXY_SSL_HEADERS" is not a setting the django\/\* rules read: did you mean SECURE_PROXY_SSL_HEADER\?/,
    ],
    [{ django: { assume: { SECURE_SSL_REDIRCT: true } } }, /"django.assume.SECURE_SSL_REDIRCT" is not a setting .*: did you mean SECURE_SSL_REDIRECT\?/],
    [{ django: { trustedFront: "yes" } }, /"django.trustedFront" must be true .* or a non-empty list of server names/],
    [{ django: { trustedFront: [] } }, /"django.trustedFront" must be true .* or a non-empty list of server names/],
    [{ nginxVersion: "1.x" }, /"nginxVersion" must be "major.minor" or "major.minor.patch"/],
    [{ nginxVersion: 1.28 }, /"nginxVersion" must be "major.minor" or "major.minor.patch"/],
    [{ apacheVersion: "2.4.x" }, /"apacheVersion" must be "2.4", "2.2" or a release such as "2.4.46"/],
  ])("%j", (config, message) => {
    const dir = project({ ".djlint-conf.json": JSON.stringify(config), "conf/site.conf": DEBUG });
    const r = cli(["conf"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr).toContain("A valid configuration looks like");
    expect(r.stderr).toContain(path.join(dir, ".djlint-conf.json"));
  });

  test("a good django key is accepted", () => {
    const django = {
      settings: "shop.settings.production",
      root: "./src",
      sites: [{ names: ["shop.example.com", "127.0.0.1:8000"], settings: "src/shop/settings.py" }],
      // Settings no rule reads may be stated too (USE_X_FORWARDED_PORT is two letters from USE_X_FORWARDED_HOST).
      assume: { SECURE_PROXY_SSL_HEADER: ["HTTP_X_FORWARDED_PROTO", "https"], SESSION_COOKIE_SECURE: true, USE_X_FORWARDED_PORT: true },
      trustedFront: ["shop.example.com"],
    };
    const dir = project({ ".djlint-conf.json": JSON.stringify({ django }), "conf/site.conf": DEBUG });
    const r = cli(["conf"], { cwd: dir });
    expect([r.code, r.stderr]).toEqual([1, ""]);
  });

  test("django.trustedFront silences the spoofable-header finding for the sites it names, and only those", () => {
    const site = (name: string) =>
      `server {\n    listen 80;\n    server_name ${name};\n    location / {\n        proxy_pass http://127.0.0.1:8000;\n    }\n}\n`;
    const files = {
      "manage.py": 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")\n',
      "shop/__init__.py": "",
      "shop/settings.py": 'ALLOWED_HOSTS = [".example.com"]\nSECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")\n',
      "conf/a.conf": site("a.example.com"),
      "conf/b.conf": site("b.example.com"),
    };
    const spoofable = (dir: string) => ids(dir).filter((f) => f.includes("django/proxy-ssl-header-spoofable"));
    expect(spoofable(project(files))).toEqual(["conf/a.conf django/proxy-ssl-header-spoofable error", "conf/b.conf django/proxy-ssl-header-spoofable error"]);
    const behind = project({ ...files, ".djlint-conf.json": JSON.stringify({ django: { trustedFront: ["B.example.com"] } }) });
    expect(spoofable(behind)).toEqual(["conf/a.conf django/proxy-ssl-header-spoofable error"]);
    expect(spoofable(project({ ...files, ".djlint-conf.json": JSON.stringify({ django: { trustedFront: true } }) }))).toEqual([]);
  });

  test.each([
    [["--django-settings", "shop settings"], /--django-settings must be a dotted settings module/],
    [["--django-settings", "a..b"], /--django-settings must be a dotted settings module/],
    [["--django-root", ""], /--django-root must be a directory path/],
  ])("flags are checked like the keys: %j", (args, message) => {
    const dir = project({ "conf/site.conf": DEBUG });
    const r = cli([...args, "conf"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test("unparseable JSON", () => {
    const dir = project({ ".djlint-conf.json": "{ rules: ", "conf/site.conf": DEBUG });
    const r = cli(["conf"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read the configuration/);
  });
});

// One did-you-mean for directive names and rule ids (src/core/suggest.ts).
describe("rule id suggestions", () => {
  const known = ["apache/python-debug-on", "apache/keepalive-on", "nginx/server-tokens-on"];
  test.each([
    ["apache/python-debug", "apache/python-debug-on"],
    // A rule's name without its dialect.
    ["keepalive-on", "apache/keepalive-on"],
    // Two neighbouring letters swapped are one slip, as for directive names.
    ["apache/kepealive-on", "apache/keepalive-on"],
    ["nothing-like-it", undefined],
  ])("%s -> %s", (id, near) => {
    expect(suggestRuleId(id, known)).toBe(near);
  });
});
