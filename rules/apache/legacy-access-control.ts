import type { ApacheDirective, ApacheSection } from "../../src/ast/apache.js";
import type { ApacheEntry, ApacheServer } from "../../src/model/apache/server.js";
import { apacheVersionAtLeast, sectionName } from "../../src/model/apache/helpers.js";
import { defineRule } from "../../src/rule-api.js";

const LEGACY = new Set(["order", "allow", "deny"]);

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/legacy-access-control",
    severity: "warning",
    summary: "Apache 2.2 access control (Order/Allow/Deny) in a configuration for Apache 2.4",
    rationale:
      "Apache 2.4 replaced `Order`/`Allow`/`Deny` with `Require`; the old directives only work while mod_access_compat is loaded, and a section that mixes them with `Require` (or inherits `Require` from another section) is evaluated in ways that grant or deny more than intended. The Django deployment guides were written for 2.2: translate their `Order deny,allow` / `Allow from all` into `Require all granted` when you copy them.",
    silentWhen: [
      'the target version is before 2.4 (`apacheVersion` "2.2")',
      "the directives are guarded for old servers (`<IfVersion < 2.4>`, `<IfModule !mod_authz_core.c>`, `<IfModule mod_access_compat.c>`) or sit under a condition the linter cannot decide",
    ],
    seeds: [
      { seed: "001", section: "Order deny,allow" },
      { seed: "001", section: "Allow from all" },
    ],
    messages: {
      legacy: "{{directives}} is Apache 2.2 access control, which 2.4 only honours through mod_access_compat: write {{require}} instead",
      mixed:
        "{{directives}} (Apache 2.2) is mixed with Require (2.4) in {{section}}: the two systems combine into surprising grants; keep only Require ({{require}})",
    },
  },
  check({ server, report }) {
    if (!apacheVersionAtLeast(server, "2.4")) return;
    const groups = new Map<ApacheSection | string, ApacheEntry<ApacheDirective>[]>();
    for (const e of server.entries) {
      if (e.node.kind !== "directive" || !LEGACY.has(e.node.key) || e.active !== "yes" || !e.node.args.length) continue;
      if (e.sections.some(compatGuard)) continue;
      const key = e.scope ?? e.node.file;
      const list = groups.get(key) ?? [];
      list.push(e as ApacheEntry<ApacheDirective>);
      groups.set(key, list);
    }
    for (const [key, list] of groups) {
      const names = [...new Set(list.map((e) => e.node.name))].join("/");
      const require = equivalent(list);
      const scope = typeof key === "string" ? null : key;
      const mixed = scope !== null && usesRequire(server, scope);
      report({
        messageId: mixed ? "mixed" : "legacy",
        data: { directives: names, require, section: scope ? sectionName(scope) : "" },
        at: list[0].node,
      });
    }
  },
});

/** Sections that keep 2.2 syntax for old servers on purpose. */
function compatGuard(s: ApacheSection): boolean {
  const a = s.args.map((x) => x.value.toLowerCase()).join(" ");
  if (s.key === "ifversion") return true;
  if (s.key !== "ifmodule") return false;
  return /access_compat/.test(a) || /^!\s*(mod_authz_core\.c|authz_core_module)$/.test(a);
}

function usesRequire(server: ApacheServer, scope: ApacheSection): boolean {
  return server
    .inScope(scope)
    .some((e) => e.node.key === "require" || e.node.key === "requireall" || e.node.key === "requireany" || e.node.key === "requirenone");
}

/** The Require lines that say the same thing, when the old lines are a common form. */
function equivalent(list: ApacheEntry<ApacheDirective>[]): string {
  const from = (key: string) =>
    list.filter((e) => e.node.key === key && e.node.args[0]?.value.toLowerCase() === "from").flatMap((e) => e.node.args.slice(1).map((a) => a.value));
  const allow = from("allow");
  const deny = from("deny");
  const all = (l: string[]) => l.some((x) => x.toLowerCase() === "all");
  const orders = list
    .filter((e) => e.node.key === "order")
    .map((e) =>
      e.node.args
        .map((a) => a.value)
        .join("")
        .toLowerCase(),
    );
  const order = orders.length ? orders[orders.length - 1] : "deny,allow";
  if (!allow.length && !deny.length && orders.length) return order === "allow,deny" ? "'Require all denied'" : "'Require all granted'";
  if (all(allow) && !deny.length) return "'Require all granted'";
  if (all(deny) && !allow.length) return "'Require all denied'";
  if (all(allow) && all(deny)) return order === "allow,deny" ? "'Require all denied'" : "'Require all granted'";
  if (all(deny) && order === "allow,deny") return "'Require all denied'";
  if (all(deny) && order === "deny,allow" && !all(allow)) {
    const env = allow.filter((x) => x.toLowerCase().startsWith("env="));
    const rest = allow.filter((x) => !env.includes(x));
    const ip = rest.filter((x) => /^[\d.:/a-f]+$/i.test(x) && /[\d:]/.test(x));
    const host = rest.filter((x) => !ip.includes(x));
    const req = [
      ...(ip.length ? [`Require ip ${ip.join(" ")}`] : []),
      ...(host.length ? [`Require host ${host.join(" ")}`] : []),
      ...env.map((x) => `Require env ${x.slice(4)}`),
    ];
    return `'${req.join("' and '")}'`;
  }
  return "the matching Require directives";
}
