import { duplicateDaemons } from "../../src/model/apache/wsgi-groups.js";
import { defineRule, lineRef } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/wsgi-daemon-name-duplicate",
    severity: "error",
    summary: "The same WSGIDaemonProcess name is defined twice in one server",
    rationale:
      'mod_wsgi keeps one table of daemon process groups for the whole server, virtual hosts included, so a name can be defined once. The usual way to hit this is copying the `:80` virtual host into the `:443` one, `WSGIDaemonProcess` line and all: Apache then refuses to start ("Name duplicates previous WSGI daemon definition"). Define the group once (in the first host, or at server level) and delegate to it from both hosts with `WSGIProcessGroup`; a group defined in one host can be used from another with the same `ServerName`.',
    silentWhen: [
      "the two definitions sit in branches that cannot both hold (`<IfDefine X>` / `<IfDefine !X>`, `<IfModule m>` / `<IfModule !m>`)",
      "one of them sits under a condition the linter cannot decide (an `<IfDefine>` only the command line can set)",
      "the names differ in case (mod_wsgi compares them exactly)",
    ],
    seeds: [
      {
        seed: "001",
        section: "the configuration need only be augmented with directives to define the daemon process and delegate the application to that process",
      },
    ],
    references: [{ title: "mod_wsgi: WSGIDaemonProcess", url: "https://modwsgi.readthedocs.io/en/master/configuration-directives/WSGIDaemonProcess.html" }],
    messages: {
      duplicate:
        "WSGIDaemonProcess {{group}} is already defined ({{where}}): Apache refuses to start (Name duplicates previous WSGI daemon definition); define the group once and select it with WSGIProcessGroup {{group}} in both hosts",
    },
  },
  check({ server, report }) {
    for (const { daemon, first } of duplicateDaemons(server)) {
      report({ messageId: "duplicate", data: { group: daemon.name, where: lineRef(first.entry.node, daemon.entry.node) }, at: daemon.entry.node.args[0] });
    }
  },
});
