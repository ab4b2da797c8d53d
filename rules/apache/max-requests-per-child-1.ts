import { surelyActive } from "../../src/model/apache/helpers.js";
import { defineRule } from "../../src/rule-api.js";

/** Module conditions this directive normally sits under: MPM blocks, and mod_python for Django's trick. */
const ASSUMED = (short: string) => short === "python" || /^mpm_\w+$/.test(short);

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/max-requests-per-child-1",
    severity: "warning",
    profiles: { production: "error", development: "off" },
    summary: "MaxRequestsPerChild 1 restarts a server process after every request",
    rationale:
      "`MaxRequestsPerChild 1` (`MaxConnectionsPerChild 1` since Apache 2.3.9) makes every process exit after one request, so Django and your code are loaded again for each request. It is a development trick to see code changes without restarting Apache; on a production server it multiplies response times and CPU load. Quiet under the `development` profile.",
    silentWhen: ["the `development` profile is selected", "the directive sits under a condition the linter cannot decide (`<IfDefine DEV>`, `<If>`)"],
    seeds: [
      { seed: "000", section: "Running a development server with mod_python" },
      { seed: "002", section: "Running a Development Server with mod_python" },
    ],
    messages: {
      one: "{{name}} 1 restarts the server process after every request: Django is loaded again each time; a development trick, remove it (or set 0) in production",
    },
  },
  check({ server, report }) {
    for (const name of ["MaxRequestsPerChild", "MaxConnectionsPerChild"]) {
      for (const e of server.directives(name)) {
        const arg = e.node.args[0];
        if (!arg || !/^0*1$/.test(arg.value) || !surelyActive(server, e, ASSUMED)) continue;
        report({ messageId: "one", data: { name: e.node.name }, at: arg });
      }
    }
  },
});
