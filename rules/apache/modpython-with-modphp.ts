import { defineRule, phrase, lineIn } from "../../src/rule-api.js";

/** mod_php's module identifiers: php4_module, php5_module, php7_module, php_module (PHP 8). */
const PHP = /^php\d*$/;

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/modpython-with-modphp",
    severity: "warning",
    summary: "mod_python and mod_php are loaded in the same Apache",
    rationale:
      "Running mod_python and mod_php in one Apache instance, with MySQL as the database, is a known cause of segmentation faults: PHP and the Python MySQL driver link conflicting versions of the MySQL client library. Serve PHP through PHP-FPM, or Django through mod_wsgi in daemon mode or a separate server.",
    silentWhen: [
      "either module is loaded only under a condition the linter cannot decide (`<IfDefine>`)",
      "the module set is unknown (a lone virtual host file or `.htaccess`)",
    ],
    seeds: [
      { seed: "000", section: "If you get a segmentation fault" },
      { seed: "002", section: "Handling a Segmentation Fault" },
    ],
    messages: {
      both: "mod_python is loaded together with mod_php ({{php}}): the two are a known source of segmentation faults with MySQL; run PHP through PHP-FPM or Django under mod_wsgi",
    },
  },
  check({ server, report }) {
    if (!server.modulesKnown || server.hasModule("python") !== "yes") return;
    const php = [...server.modules.values()].find((m) => PHP.test(m.short) && m.entry.active === "yes");
    const phpCompiled = [...server.compiledIn].find((m) => PHP.test(m));
    if (!php && !phpCompiled) return;
    const python = server.modules.get("python");
    const at = python?.entry.active === "yes" ? python.entry.node : php?.entry.node;
    if (!at) return;
    const where = php ? phrase`LoadModule ${php.entry.node.args[0]?.value} on ${lineIn(php.entry.node)}` : `${phpCompiled}_module, compiled in`;
    report({ messageId: "both", data: { php: where }, at });
  },
});
