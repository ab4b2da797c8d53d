import type { ApacheSection } from "../../src/ast/apache.js";
import { entryContext, isDirectoryLike, isDjangoHandler, isPythonSetHandler, lastInEffect } from "../../src/model/apache/modpython.js";
import type { ApacheEntry, ApacheServer } from "../../src/model/apache/server.js";
import { sectionName, surelyActive } from "../../src/model/apache/helpers.js";
import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/modpython-in-directory",
    severity: "warning",
    summary: "Django's mod_python handler is set up inside <Directory> or <Files> instead of <Location>",
    rationale:
      "Django routes requests by URL, so its mod_python handler belongs in a `<Location>`, which matches the URL structure of the site. A `<Directory>` or `<Files>` section matches places on the file system: Django then only sees the requests that happen to map to that directory, and the Django documentation calls this setup meaningless.",
    silentWhen: [
      "mod_python runs something other than Django there (`PythonHandler mod_python.publisher`, your own handler)",
      "`SetHandler python-program` sits in a `<Directory>` but no `PythonHandler` is in effect there, so it cannot be told to be Django",
      "the handler is in a lone `.htaccess` file (directory context by nature)",
    ],
    seeds: [
      { seed: "000", section: "Basic configuration" },
      { seed: "002", section: "Basic Configuration" },
    ],
    messages: {
      handler:
        "PythonHandler {{handler}} is set inside {{section}}: <Directory> and <Files> match files, not URLs, so Django only sees some requests; move it into a <Location> for the URL Django serves",
      setHandler:
        "SetHandler {{value}} for Django is set inside {{section}}: <Directory> and <Files> match files, not URLs, so Django only sees some requests; move it into a <Location> for the URL Django serves",
    },
  },
  check({ server, report }) {
    const reported = new Set<ApacheSection>();
    for (const e of server.directives("PythonHandler")) {
      const s = e.scope;
      if (!s || s.incomplete || !isDirectoryLike(s) || !isDjangoHandler(e.node) || !surelyActive(server, e)) continue;
      reported.add(s);
      report({ messageId: "handler", data: { handler: e.node.args[0].raw, section: sectionName(s) }, at: e.node });
    }
    for (const e of server.directives("SetHandler")) {
      const s = e.scope;
      if (!s || s.incomplete || reported.has(s) || !isDirectoryLike(s) || !isPythonSetHandler(e.node) || !surelyActive(server, e)) continue;
      if (!servesDjango(server, e)) continue;
      reported.add(s);
      report({ messageId: "setHandler", data: { value: e.node.args[0].raw, section: sectionName(s) }, at: e.node });
    }
  },
});

/** The PythonHandler in effect where this SetHandler sits is Django's. */
function servesDjango(server: ApacheServer, e: ApacheEntry) {
  const handler = lastInEffect(server, "PythonHandler", entryContext(e));
  return !!handler && isDjangoHandler(handler.node);
}
