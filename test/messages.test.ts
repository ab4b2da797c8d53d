/**
 * What a message may quote, whatever a rule passes it: config text is cut to
 * a bounded excerpt, kept on one line, and never shows a secret (the values of
 * secret-looking names anywhere in the run, passwords in URLs). Test-only
 * rules, so the guarantee is the engine's and holds for every rule.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { lintFiles } from "../src/engine/run.js";
import { defineRule, phrase, type Rule } from "../src/rule-api.js";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-messages-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function conf(text: string, name = "httpd.conf"): string {
  const dir = path.join(tmp, `case-${++n}`);
  fs.mkdirSync(dir);
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

/** Reports each directive's argument `index` as written, the way a careless rule would. */
const quoting = (index: number) =>
  defineRule({
    dialect: "apache",
    meta: {
      id: "test/quote-arg",
      severity: "warning",
      summary: "Quotes an argument",
      rationale: "test",
      seeds: [],
      messages: { q: "{{name}} has '{{value}}'" },
    },
    check({ server, report }) {
      for (const e of server.entries) {
        const a = e.node.args[index];
        if (e.node.kind === "directive" && a) report({ messageId: "q", data: { name: e.node.name, value: a.value }, at: a });
      }
    },
  }) as Rule;

const messages = (file: string, rule: Rule) => lintFiles([file], { registry: [rule] }).results.flatMap((r) => r.messages.map((m) => m.message));

test("the value of a secret-looking name is never shown, even quoted alone, anywhere in the run's messages", () => {
  const f = conf(
    [
      "SetEnv DJANGO_SECRET_KEY fake-django-secret-0123456789",
      "PythonOption DB_PASSWORD fakedbpassword",
      'RequestHeader set Authorization "Basic ZmFrZTpmYWtlcGFzcw=="',
      "SetEnv DJANGO_SETTINGS_MODULE shop.settings",
      "",
    ].join("\n"),
  );
  // The rule quotes the value alone (args[1] of SetEnv, args[2] of RequestHeader): only the run knows it is a secret.
  const all = [...messages(f, quoting(1)), ...messages(f, quoting(2))];
  expect(all).toEqual([
    "SetEnv has '<redacted>'",
    "PythonOption has '<redacted>'",
    "RequestHeader has 'Authorization'",
    "SetEnv has 'shop.settings'",
    "RequestHeader has 'Basic <redacted>'",
  ]);
});

test("a password in a URL is redacted, the rest of the URL kept", () => {
  const f = conf("ProxyPass / http://admin:fakeproxypass@127.0.0.1:8000/\nProxyPass /sentry https://0123456789abcdef0123456789abcdef@sentry.example.com/1\n");
  expect(messages(f, quoting(1))).toEqual([
    "ProxyPass has 'http://admin:<redacted>@127.0.0.1:8000/'",
    "ProxyPass has 'https://<redacted>@sentry.example.com/1'",
  ]);
});

test("a long value is cut to 80 characters with an ellipsis; the message stays short", () => {
  const long = "/srv/" + "a".repeat(10 * 1024);
  const f = conf(`DocumentRoot ${long}\n`);
  const [m] = messages(f, quoting(0));
  expect(m).toBe(`DocumentRoot has '${long.slice(0, 79)}…'`);
});

test("control characters, line separators and bidi controls are shown as escapes: a message is one line", () => {
  const f = conf('ServerName "a\u001b[31mb\u202ec\u2028d"\n');
  expect(messages(f, quoting(0))).toEqual(["ServerName has 'a\\u001b[31mb\\u202ec\\u2028d'"]);
});

test("a masked secret is a whole token: a longer word that contains it is kept", () => {
  const f = conf("SetEnv API_TOKEN logs\nErrorLog /var/log/logs_dir/error.log\n");
  expect([...messages(f, quoting(1)), ...messages(f, quoting(0))]).toEqual([
    "SetEnv has '<redacted>'",
    "SetEnv has 'API_TOKEN'",
    "ErrorLog has '/var/log/logs_dir/error.log'",
  ]);
});

test("a phrase keeps its own words whole and cuts only the config text in it", () => {
  const long = "x".repeat(500);
  const rule = defineRule({
    dialect: "apache",
    meta: { id: "test/phrase", severity: "warning", summary: "Uses a phrase", rationale: "test", seeds: [], messages: { p: "see {{where}}" } },
    check({ server, report }) {
      const e = server.entries[0];
      report({
        messageId: "p",
        data: {
          where: phrase`${e.node.name} ${e.node.args[0].value} on line ${e.node.range.line} of a file whose name is long enough to pass eighty characters`,
        },
        at: e.node,
      });
    },
  }) as Rule;
  const [m] = messages(conf(`ServerName ${long}\n`), rule);
  expect(m).toBe(`see ServerName ${"x".repeat(79)}… on line 1 of a file whose name is long enough to pass eighty characters`);
});

test("loader messages quote the same way: an include_shell command with a credential in it", () => {
  const f = conf(`include_shell "curl -s -H 'Authorization: Bearer fake-bearer-token' https://config.example/lighttpd"\n`, "lighttpd.conf");
  const run = lintFiles([f], {});
  expect(run.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} ${m.message}`))).toEqual([
    `include-not-followed include_shell "curl -s -H 'Authorization: <redacted>' https://config.example/lighttpd" is not run: djlint-conf never executes a command from a config, so the settings it would print are not linted`,
  ]);
});
