import type { ApacheDirective, ApacheSection } from "../../src/ast/apache.js";
import {
  isDjangoHandler,
  isPythonSetHandler,
  lastInEffect,
  mayApplyCandidates,
  mayApply,
  sectionContext,
  strictlyApplies,
  type ContextLike,
} from "../../src/model/apache/modpython.js";
import type { ApacheEntry, ApacheServer } from "../../src/model/apache/server.js";
import { sectionName, surelyActive } from "../../src/model/apache/helpers.js";
import { defineRule, isOpaque, phrase } from "../../src/rule-api.js";

/** Sections inside a virtual host that can carry their own Django settings. */
const PER_SECTION = new Set(["location", "locationmatch", "directory", "directorymatch", "files", "filesmatch"]);

interface Site {
  section: ApacheEntry<ApacheSection>;
  settings: ApacheEntry<ApacheDirective>;
  /** The interpreter name in effect, or "" for mod_python's default (one per virtual host). */
  interpreter: string;
}

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/shared-python-interpreter",
    severity: "error",
    summary: "Two Django sites in one virtual host share a mod_python interpreter",
    rationale:
      "mod_python runs every section of a virtual host in one Python interpreter unless told otherwise, and Django reads its settings once per interpreter. When two sections set different `DJANGO_SETTINGS_MODULE` values, whichever site is hit first decides the settings for both: the other site runs with the wrong database, URLs and secret key. Give each section its own `PythonInterpreter` name.",
    silentWhen: [
      "the sections are in different virtual hosts (each gets its own interpreter)",
      "the sections have different `PythonInterpreter` values, or `PythonInterpPerDirectory`/`PythonInterpPerDirective` is on",
      "a `PythonInterpreter` that may apply cannot be placed for sure (in an overlapping `<Location>`, a `<LocationMatch>`, a `<Directory>`)",
      "nothing shows that mod_python serves the sections (no `SetHandler python-program`, Django `PythonHandler` or `Python*` directive in effect): under mod_wsgi `SetEnv` does not pick Django's settings",
    ],
    seeds: [
      { seed: "000", section: "Multiple Django installations on the same Apache" },
      { seed: "002", section: "Running Multiple Django Installations on the Same Apache Instance" },
    ],
    messages: {
      shared:
        "{{section}} sets DJANGO_SETTINGS_MODULE {{settings}} but shares {{interpreter}} with {{other}} on line {{line}} ({{otherSettings}}): whichever site loads first imposes its settings on both; give each section a distinct PythonInterpreter",
    },
  },
  check({ server, report }) {
    const byVhost = new Map<ApacheSection | null, Site[]>();
    for (const e of server.entries) {
      const s = e.node;
      if (s.kind !== "section" || !PER_SECTION.has(s.key) || s.incomplete || !surelyActive(server, e)) continue;
      if (e.sections.some((x) => x.key === "macro")) continue;
      const section = e as ApacheEntry<ApacheSection>;
      const own = [...server.scopeDirectives(s, "SetEnv"), ...server.scopeDirectives(s, "PythonOption")].filter(
        // A value a template fills in may or may not differ from the others: not compared.
        (d) => d.node.args[0]?.value === "DJANGO_SETTINGS_MODULE" && d.node.args[1] && !isOpaque(d.node.args[1].value) && surelyActive(server, d),
      );
      if (!own.length) continue;
      const settings = own.sort((a, b) => a.order - b.order)[own.length - 1];
      const ctx = sectionContext(section);
      if (!servedByModPython(server, ctx)) continue;
      const interpreter = interpreterOf(server, ctx);
      if (interpreter === null) continue;
      const list = byVhost.get(e.vhost) ?? [];
      list.push({ section, settings, interpreter });
      byVhost.set(e.vhost, list);
    }
    for (const sites of byVhost.values()) {
      // Per interpreter, the first site and the first whose settings differ from its: the first earlier site with
      // settings other than a site's is one of the two (a host may hold thousands of sites: no scan of those before).
      const firsts = new Map<string, { first: Site; differing: Site | null }>();
      for (const site of sites) {
        const value = site.settings.node.args[1].value;
        const seen = firsts.get(site.interpreter);
        if (!seen) {
          firsts.set(site.interpreter, { first: site, differing: null });
          continue;
        }
        const other = seen.first.settings.node.args[1].value !== value ? seen.first : seen.differing;
        if (!seen.differing && seen.first.settings.node.args[1].value !== value) seen.differing = site;
        if (!other) continue;
        report({
          messageId: "shared",
          data: {
            section: sectionName(site.section.node),
            settings: site.settings.node.args[1].raw,
            interpreter: site.interpreter
              ? phrase`PythonInterpreter ${site.interpreter}`
              : site.section.vhost
                ? "the virtual host's default interpreter"
                : "the main server's default interpreter",
            other: sectionName(other.section.node),
            line:
              other.section.node.file === site.section.node.file
                ? String(other.section.node.openRange.line)
                : phrase`${other.section.node.openRange.line} of ${other.section.node.file.split(/[\\/]/).pop()}`,
            otherSettings: other.settings.node.args[1].raw,
          },
          at: { file: site.section.node.file, range: site.section.node.openRange },
        });
      }
    }
  },
});

/** mod_python handles the section: python-program handler, Django's PythonHandler, or a Python* directive of its own. */
function servedByModPython(server: ApacheServer, ctx: ContextLike): boolean {
  const set = lastInEffect(server, "SetHandler", ctx);
  if (set && isPythonSetHandler(set.node)) return true;
  const handler = lastInEffect(server, "PythonHandler", ctx);
  if (handler && isDjangoHandler(handler.node)) return true;
  return server.inScope(ctx.scope).some((e) => e.node.kind === "directive" && e.node.key.startsWith("python"));
}

/**
 * The interpreter a section runs in: the PythonInterpreter in effect, "" for
 * the default; null when it cannot be told (a PythonInterpreter that may or
 * may not apply, or one interpreter per directory/directive).
 */
function interpreterOf(server: ApacheServer, ctx: ContextLike): string | null {
  for (const name of ["PythonInterpPerDirectory", "PythonInterpPerDirective"])
    if (mayApplyCandidates(server, name, ctx).some((d) => d.node.args[0]?.value.toLowerCase() === "on" && mayApply(d, ctx))) return null;
  const all = mayApplyCandidates(server, "PythonInterpreter", ctx).filter((d) => mayApply(d, ctx));
  if (all.some((d) => !strictlyApplies(d, ctx) || !surelyActive(server, d))) return null;
  const last = lastInEffect(server, "PythonInterpreter", ctx);
  const name = last ? (last.node.args[0]?.value ?? "") : "";
  return isOpaque(name) ? null : name;
}
