import { applyRewrite, isCatchAll } from "../../src/model/lighttpd/rewrite.js";
import type { LighttpdContext, LighttpdServer as Server } from "../../src/model/lighttpd/server.js";
import { defineRule, isOpaque } from "../../src/rule-api.js";

/** The `url.rewrite-once` spellings: each list stops at the first rule that matches. */
const ONCE_KEYS = ["url.rewrite-once", "url.rewrite", "url.rewrite-final"];

export default defineRule({
  dialect: "lighttpd",
  meta: {
    id: "lighttpd/rewrite-catchall-before-media",
    severity: "warning",
    summary: "A catch-all url.rewrite-once rule sends media URLs to the FastCGI script before any rule passes them through",
    rationale:
      'The Django setup sends every URL to the FastCGI mount with a catch-all rule (`"^(/.*)$" => "/mysite.fcgi$1"`) and lets lighttpd serve media itself through `alias.url`. `url.rewrite-once` stops at the first rule that matches, so the media prefix must be passed through unchanged by an earlier rule (`"^(/media.*)$" => "$1"`); without it the catch-all also rewrites `/media/...` to Django, the alias is never used and Django answers (or 404s) every static file.',
    silentWhen: [
      "no `alias.url` prefix is in effect for the rules' context (the site may serve static files through Django on purpose)",
      "a rule before the catch-all cannot be read (a regex JavaScript cannot compile, a target with `%1` condition captures): it might pass media through",
      "an include cannot be read, or an `include_shell` is not run (it may hold rules that `+=` puts before the catch-all)",
      "the catch-all's target is not the FastCGI mount",
      'the rules sit under a `$HTTP["url"]` condition (or its `else`): which URLs reach them is the condition\'s business',
    ],
    seeds: [
      { seed: "002", section: "FastCGI and lighttpd" },
      { seed: "003", section: "lighttpd setup" },
      { seed: "003", section: '"^(/media.*)$" => "$1"' },
    ],
    messages: {
      swallowed:
        'catch-all rewrite "{{pattern}}" sends every URL to "{{target}}" and no earlier rule passes "{{prefix}}" through: requests for the files alias.url serves there reach Django instead; add "^({{prefix}}.*)$" => "$1" before it',
    },
    absence: ["swallowed"],
  },
  check({ server, report }) {
    for (const key of ONCE_KEYS) {
      for (const setting of server.settings(key)) {
        const ctx = setting.context;
        if (testsUrl(ctx)) continue;
        const rules = server.rewrites(setting);
        const mounts = fcgiMounts(server, ctx);
        const prefixes = aliasPrefixes(server, ctx);
        if (!prefixes.length) continue;
        for (let i = 0; i < rules.length; i++) {
          const rule = rules[i];
          const target = rule.target.type === "string" ? rule.target.value : null;
          if (rule.entry.node.incomplete || target === null || isCatchAll(rule.pattern) !== true) continue;
          if (!mounts.some((m) => target.startsWith(m)) && !/\.fcgi\b/.test(target)) continue;
          const swallowed = prefixes.find((p) => {
            if (mounts.some((m) => p.startsWith(m))) return false;
            const sample = (p.endsWith("/") ? p : p + "/") + "css/base.css";
            // Safe when an earlier rule matches the media URL (rewrite-once stops there) and does not send it to FastCGI.
            for (const earlier of rules.slice(0, i)) {
              // A rule a template writes (`"^/({{ media_url }}.*)$"`) may pass the media through.
              if (isOpaque(earlier.pattern) || earlier.target.type !== "string" || isOpaque(earlier.target.value)) return false;
              const out = applyRewrite(earlier.pattern, earlier.target.type === "string" ? earlier.target.value : null, sample);
              if (out === undefined) return false;
              if (out !== null) return mounts.some((m) => out.startsWith(m));
            }
            return true;
          });
          if (swallowed) {
            report({ messageId: "swallowed", data: { pattern: rule.pattern, target, prefix: swallowed }, at: rule.entry.node.key ?? rule.entry.node });
          }
          break; // later rules never see a request
        }
      }
    }
  },
});

/** Whether a context (or one it is nested in, or an `else` it follows) tests the URL: then not every URL reaches its rules. */
function testsUrl(ctx: LighttpdContext): boolean {
  for (let c: LighttpdContext | null = ctx; c; c = c.parent) {
    for (const block of c.blocks) {
      for (let b: typeof block | null = block; b; b = b.prev) {
        const field = b.test?.field;
        if (b.test?.variable === "HTTP" && (field?.kind !== "arg" || field.value === "url")) return true;
      }
    }
  }
  return false;
}

/** URL prefixes of the FastCGI mounts in effect (`/mysite.fcgi`). */
function fcgiMounts(server: Server, ctx: LighttpdContext): string[] {
  const s = server.settingInEffect("fastcgi.server", ctx);
  return s
    ? server
        .fastcgiMounts(s)
        .map((m) => m.mount)
        .filter((m) => m.startsWith("/"))
    : [];
}

/** URL prefixes `alias.url` serves in this context. */
function aliasPrefixes(server: Server, ctx: LighttpdContext): string[] {
  const s = server.settingInEffect("alias.url", ctx);
  return s
    ? server
        .aliases(s)
        .map((a) => a.url)
        .filter((u) => u.startsWith("/") && u !== "/" && !isOpaque(u))
    : [];
}
