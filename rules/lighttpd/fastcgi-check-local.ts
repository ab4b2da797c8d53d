import { djangoHost, hostName } from "../../src/model/lighttpd/fastcgi.js";
import { defineRule, isOpaque } from "../../src/rule-api.js";

export default defineRule({
  dialect: "lighttpd",
  meta: {
    id: "lighttpd/fastcgi-check-local",
    severity: "error",
    summary: 'A FastCGI host for a Django app lacks "check-local" => "disable"',
    rationale:
      'With `check-local` enabled (lighttpd\'s default), mod_fastcgi first looks for the requested path as a file under `server.document-root` and answers 404 when it is not there. A Django app mounted at `/mysite.fcgi` is a process behind a socket, not a file: every page answers 404. The Django setup sets `"check-local" => "disable"` on the host.',
    silentWhen: [
      'the mount is a file extension (`".php" => ...`): there lighttpd should check that the script exists',
      'the host spawns PHP (`bin-path` names php) or is not a responder (`"mode" => "authorizer"`)',
      "the value of `check-local` cannot be known (an environment variable)",
    ],
    seeds: [
      { seed: "002", section: "FastCGI and lighttpd" },
      { seed: "003", section: "lighttpd setup" },
      { seed: "003", section: '"check-local" => "disable"' },
    ],
    fix: {
      safety: "safe",
      title: 'Set "check-local" => "disable"',
      why: "requests that work today (a file of that name exists) still go to the backend; only the ones answered 404 start reaching it",
    },
    messages: {
      missing:
        'FastCGI host {{host}} for "{{mount}}" has no "check-local" => "disable": lighttpd first looks for the requested path as a file under server.document-root and answers 404 for every Django URL; add "check-local" => "disable"',
      enabled:
        '"check-local" is "{{value}}" for the Django mount "{{mount}}": lighttpd looks for the requested path as a file under server.document-root and answers 404 for every Django URL; set it to "disable"',
    },
  },
  check({ server, report }) {
    for (const setting of server.settings("fastcgi.server")) {
      for (const mount of server.fastcgiMounts(setting)) {
        for (const host of mount.hosts) {
          if (host.entry.node.incomplete || !djangoHost(mount, host)) continue;
          const opt = host.option("check-local");
          if (!opt && host.unknownOptions) continue;
          if (!opt) {
            const first = host.options.entries[0];
            report({
              messageId: "missing",
              data: { host: hostName(host), mount: mount.mount },
              at: host.entry.node,
              ...(first ? { fix: (f) => [f.insertLinesBefore(first.node, ['"check-local" => "disable",'])] } : {}),
            });
            continue;
          }
          const v = opt.value;
          if (v.type !== "string" || v.value === "disable" || isOpaque(v.value)) continue;
          const literal = v.literal;
          report({
            messageId: "enabled",
            data: { value: v.value, mount: mount.mount },
            at: opt.node.value,
            ...(literal === opt.node.value ? { fix: (f) => [f.replaceArg(literal, "disable")] } : {}),
          });
        }
      }
    }
  },
});
