/**
 * A typo that stops the server fails CI: when djlint-conf sees the whole
 * server, an unknown directive is an error (exit 1), as `apache2 -t` and
 * `nginx -t` fail on it; in a fragment linted alone it stays a warning
 * (exit 0). Each main configuration is checked with the server itself first.
 */
import fs from "node:fs";
import path from "node:path";
import { cli } from "../support/cli.js";
import { APACHE2, httpdCheck, mainConfigHead, tempDir } from "../support/oracle-apache.js";
import { NGINX, nginxT, withPrefix } from "../support/oracle-nginx.js";

type Finding = { ruleId: string; djlintSeverity: string; line: number };
const findings = (stdout: string): Finding[] => (JSON.parse(stdout) as { messages: Finding[] }[]).flatMap((f) => f.messages);
const unknown = (stdout: string) =>
  findings(stdout)
    .filter((m) => m.ruleId === "unknown-directive")
    .map((m) => `${m.line} ${m.djlintSeverity}`);

(APACHE2 ? describe : describe.skip)("Apache", () => {
  test("ServerAliass in a whole server: apache2 -t fails, so it is an error; in a site file alone, a warning", () => {
    const dir = tempDir();
    const head = mainConfigHead(dir, ["authz_core"]);
    const main = path.join(dir, "httpd.conf");
    fs.writeFileSync(main, [...head, "<VirtualHost *:80>", "    ServerAliass www.example.com", "</VirtualHost>", ""].join("\n"));
    const verdict = httpdCheck(main);
    expect(verdict.ok).toBe(false);
    expect(verdict.message).toMatch(/Invalid command 'ServerAliass'/);
    const whole = cli(["--no-config", "-f", "json", main]);
    expect(unknown(whole.stdout)).toEqual([`${head.length + 2} error`]);
    expect(whole.code).toBe(1);

    const site = path.join(dir, "site.conf");
    fs.writeFileSync(site, "<VirtualHost *:80>\n    ServerAliass www.example.com\n</VirtualHost>\n");
    const alone = cli(["--no-config", "-f", "json", site]);
    expect(unknown(alone.stdout)).toEqual(["2 warning"]);
    expect(alone.code).toBe(0);
    // The user's severity wins over the escalation.
    expect(unknown(cli(["--no-config", "-f", "json", "--rule", "unknown-directive=warning", main]).stdout)).toEqual([`${head.length + 2} warning`]);
  });

  test("a module the catalog does not know is loaded: its directives may be the unknown ones, so a warning", () => {
    const dir = tempDir();
    const main = path.join(dir, "httpd.conf");
    fs.writeFileSync(
      main,
      [...mainConfigHead(dir, []), "LoadModule frobnicate_module /usr/lib/apache2/modules/mod_frobnicate.so", "Frobnicate On", ""].join("\n"),
    );
    expect(unknown(cli(["--no-config", "-f", "json", main]).stdout)).toEqual(["8 warning"]);
  });
});

(NGINX ? describe : describe.skip)("nginx", () => {
  test("server_nme in a whole server: nginx -t fails, so it is an error; in a conf.d fragment, a warning", () => {
    withPrefix((prefix) => {
      const main = path.join(prefix, "nginx.conf");
      fs.writeFileSync(main, "events {}\nhttp {\n    server {\n        listen 8080;\n        server_nme example.com;\n    }\n}\n");
      const verdict = nginxT(main, prefix);
      expect(verdict.ok).toBe(false);
      expect(verdict.message).toMatch(/unknown directive "server_nme"/);
      const whole = cli(["--no-config", "-f", "json", main]);
      expect(unknown(whole.stdout)).toEqual(["5 error"]);
      expect(whole.code).toBe(1);

      const fragment = path.join(prefix, "site.conf");
      fs.writeFileSync(fragment, "server {\n    listen 8080;\n    server_nme example.com;\n}\n");
      const alone = cli(["--no-config", "-f", "json", "--dialect", "nginx", fragment]);
      expect(unknown(alone.stdout)).toEqual(["3 warning"]);
      expect(alone.code).toBe(0);
    });
  });
});
