import { daemonVisibleFrom, isExpanded, processGroupRefs } from "../../src/model/apache/wsgi-apps.js";
import { wsgiDaemons, wsgiDaemonsNamed } from "../../src/model/apache/wsgi.js";
import { defineRule, isOpaque, phrase, lineRef } from "../../src/rule-api.js";

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/wsgi-process-group-undefined",
    severity: "error",
    summary: "WSGIProcessGroup or process-group= names a daemon group that is not defined where it is used",
    rationale:
      'mod_wsgi can only delegate an application to a daemon group defined by `WSGIDaemonProcess` at server level or in a virtual host with the same server name. A misspelt name, or a group defined in another `<VirtualHost>`, makes every request to the Django site fail with a 500 error ("No WSGI daemon process called ... has been configured").',
    silentWhen: [
      "the group comes from a variable (`%{ENV:...}`) or is `%{GLOBAL}`",
      "the linter sees a lone file that defines no daemon group in the same virtual host (the group may be defined in the main configuration)",
      "the directive sits under a condition the linter cannot decide",
    ],
    seeds: [
      {
        seed: "001",
        section: "the configuration need only be augmented with directives to define the daemon process and delegate the application to that process",
      },
    ],
    messages: {
      undefined:
        "{{directive}} selects daemon group '{{group}}', which no WSGIDaemonProcess visible here defines: requests fail with a 500 error; define it with WSGIDaemonProcess {{group}} in this virtual host or at server level, or fix the name",
      otherHost:
        "{{directive}} selects daemon group '{{group}}', which is defined in another virtual host ({{where}}): mod_wsgi cannot use it from here and requests fail with a 500 error; define the group at server level or in this virtual host",
    },
    absence: ["undefined", "otherHost"],
  },
  check({ server, report }) {
    const daemons = wsgiDaemons(server);
    const whole = server.complete;
    const hostsWithDaemons = new Set(daemons.map((d) => d.entry.vhost));
    // Groups whose name a template fills in (found once: asked per reference).
    const templated = daemons.filter((d) => isOpaque(d.name));
    for (const ref of processGroupRefs(server)) {
      if (ref.entry.active !== "yes" || !ref.name || isExpanded(ref.name)) continue;
      const vhost = ref.entry.vhost;
      // A server-level WSGIProcessGroup reaches every host, so a group defined in any host may be meant.
      const named = wsgiDaemonsNamed(server, ref.name);
      if (named.some((d) => vhost === null || daemonVisibleFrom(server, d, vhost))) continue;
      // A group whose name a template fills in may be this one.
      if (templated.some((d) => vhost === null || daemonVisibleFrom(server, d, vhost))) continue;
      const directive = ref.entry.node.name;
      // Group names are unique server-wide: one defined in another host cannot also be defined at server level.
      const elsewhere = named[0];
      if (!elsewhere && !whole && !(vhost && hostsWithDaemons.has(vhost))) continue;
      if (elsewhere) {
        const v = elsewhere.entry.vhost;
        const where = phrase`<VirtualHost ${v?.args.map((a) => a.raw).join(" ") ?? ""}> on ${lineRef(elsewhere.entry.node, ref.entry.node)}`;
        report({ messageId: "otherHost", data: { directive, group: ref.name, where }, at: ref.arg });
      } else report({ messageId: "undefined", data: { directive, group: ref.name }, at: ref.arg });
    }
  },
});
