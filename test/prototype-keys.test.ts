/**
 * Names a config may spell that plain JavaScript objects also answer: `constructor`, `toString`,
 * `__proto__`, `hasOwnProperty`, `valueOf`. A lookup table keyed by a directive's name, a URL's scheme, a
 * rewrite flag, a regex class or a uWSGI option must treat them as the unknown names they are, not hand
 * back Object.prototype's functions (`mod_function Object() { [native code] }` in a message, found on
 * `ProxyPass / constructor://app/`).
 */
import path from "node:path";
import { apacheEditor } from "../src/dialects/apache/editor.js";
import { nginxEditor } from "../src/dialects/nginx/editor.js";
import { lintFiles } from "../src/engine/run.js";
import { parseApache } from "../grammars/apache/index.js";
import { parseNginx } from "../grammars/nginx/index.js";
import { toJSON } from "../src/model/django/python/values.js";

const NAMES = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf", "isPrototypeOf"];
const dir = "/tmp/djlint-conf-prototype-keys";

function messages(name: string, text: string, dialect: "apache" | "nginx"): string[] {
  const file = path.join(dir, name);
  const run = lintFiles([file], { dialect, overlay: new Map([[file, text]]) });
  return run.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
}

describe("Object.prototype's names in a config are names like any other", () => {
  test.each(NAMES)("Apache: %s as a section, a proxy scheme, a rewrite flag", (n) => {
    const lower = n.toLowerCase();
    const text = [
      "LoadModule proxy_module modules/mod_proxy.so",
      "<VirtualHost *:80>",
      "    ServerName shop.example.com",
      `    ProxyPass /a/ ${lower}://127.0.0.1:8000/`,
      "    RewriteEngine on",
      `    RewriteRule ^/b http://127.0.0.1:8000/ [${n},P]`,
      `    <${n}>`,
      `    </${n}>`,
      "</VirtualHost>",
      "",
    ].join("\n");
    const out = messages("httpd.conf", text, "apache");
    expect(out.join("\n")).not.toMatch(/native code|function |\[object/);
    // An unknown scheme has no handler module the linter can name: no claim about one.
    expect(out.filter((m) => m.startsWith("apache/proxy-scheme-module-missing") && m.includes(`${lower}://`))).toEqual([]);
  });

  test.each(NAMES)("nginx: %s as a directive, a block, a proxy scheme, a regex class", (n) => {
    const text = `http {\n  server {\n    listen 80;\n    ${n} on;\n    ${n} {\n    }\n    location ~ "^/[[:${n.toLowerCase()}:]]+$" {\n      proxy_pass http://127.0.0.1:8000;\n    }\n    location / {\n      proxy_pass ${n.toLowerCase()}://app;\n    }\n  }\n}\n`;
    const out = messages("nginx.conf", text, "nginx");
    expect(out.join("\n")).not.toMatch(/native code|function |\[object/);
  });

  test.each(NAMES)("the editor: %s as a directive has no value list; as a block or section, outlines as a plain one", (n) => {
    const ng = `${n} x;\n${n} {\n}\n`;
    const { ast: nast } = parseNginx("/x/nginx.conf", ng);
    expect(nginxEditor.complete(nast, ng, n.length + 1)?.items ?? []).toEqual([]);
    expect(nginxEditor.nodes(nast).map((e) => e.kind)).toEqual([undefined, "block"]);
    const ap = `${n} x\n<${n}>\n</${n}>\n`;
    const { ast: aast } = parseApache("/x/httpd.conf", ap);
    expect(apacheEditor.complete(aast, ap, n.length + 1)?.items ?? []).toEqual([]);
    expect(apacheEditor.nodes(aast).map((e) => e.kind)).toEqual([undefined, "section"]);
  });

  test("a settings dict keyed '__proto__' prints it as a key (a plain assignment would replace the prototype)", () => {
    const str = (value: string) => ({ kind: "str" as const, value });
    const v = toJSON({
      kind: "dict",
      entries: [
        [str("__proto__"), str("x")],
        [str("constructor"), str("y")],
      ],
    });
    expect(JSON.stringify(v)).toBe('{"__proto__":"x","constructor":"y"}');
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });
});
