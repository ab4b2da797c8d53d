import { apacheVersionAtLeast } from "../../src/model/apache/helpers.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/namevirtualhost-deprecated",
    severity: "info",
    summary: "NameVirtualHost has no effect since Apache 2.3.11",
    rationale:
      "Apache 2.4 does name-based virtual hosting on every address by itself; `NameVirtualHost`, which the mod_python-era guides tell you to add, only produces a deprecation warning at start-up. Remove it.",
    silentWhen: ['the target version is before 2.4 (`apacheVersion` "2.2"), where the directive is needed'],
    seeds: [
      { seed: "000", section: "Multiple Django installations on the same Apache" },
      { seed: "002", section: "Running Multiple Django Installations on the Same Apache Instance" },
    ],
    fix: {
      safety: "safe",
      title: "Remove the NameVirtualHost line",
      why: "the directive has no effect in httpd 2.4 (the rule is silent for 2.2): removing it only removes the start-up warning",
    },
    messages: {
      deprecated: "NameVirtualHost has no effect since Apache 2.3.11 (every address is name-based) and only logs a warning at start-up; remove it",
    },
  },
  check({ server, report }) {
    if (!apacheVersionAtLeast(server, "2.4")) return;
    for (const { node } of server.directives("NameVirtualHost")) {
      report({ messageId: "deprecated", at: node, fix: (f) => [f.removeLines(node)] });
    }
  },
});
