import { defineRule } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/python-debug-on",
    severity: "error",
    profiles: { development: "off" },
    summary: "PythonDebug On shows Python tracebacks to every visitor",
    rationale:
      "With mod_python, `PythonDebug On` renders errors in the browser: tracebacks with code, paths and settings reach anyone who triggers an error. Keep it for a development server.",
    seeds: [
      { seed: "000", section: "Basic configuration" },
      { seed: "002", section: "Basic Configuration" },
    ],
    fix: {
      safety: "safe",
      title: "Set PythonDebug Off",
      why: "only the traceback page changes: requests are handled as before, and errors are logged instead of sent to the client",
    },
    // Security: anyone who triggers an error reads code and paths.
    security: { cvss: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N", cwe: [209] },
    messages: {
      on: "PythonDebug is On: Python tracebacks (code, paths, settings) are shown to clients; set it Off in production",
    },
  },
  check({ server, report }) {
    for (const { node } of server.directives("PythonDebug")) {
      const flag = node.args[0];
      if (flag?.value.toLowerCase() === "on") report({ messageId: "on", at: flag, fix: (f) => [f.replaceArg(flag, "Off")] });
    }
  },
});
