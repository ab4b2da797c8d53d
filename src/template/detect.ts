/**
 * Whether a file is a template, and of which engine: `--template` (or the
 * configuration's `template`) decides when it names one; otherwise the file's
 * extension (`.j2`, `.jinja`, `.jinja2`, `.tpl` with Jinja tags; `.erb`,
 * `.epp`), then its content when Jinja or ERB tags are plainly there (a
 * Jinja statement, two expressions, an ERB tag: no server's syntax has them).
 */
import path from "node:path";
import { scanErb, scanJinja, type Tag, type TemplateKind } from "./scan.js";

export type TemplateOption = "auto" | TemplateKind | "none";
export const TEMPLATE_OPTIONS: readonly TemplateOption[] = ["auto", "jinja", "erb", "none"];

const JINJA_EXT = /\.(j2|jinja2?)$/i;
const ERB_EXT = /\.(erb|epp)$/i;
const TPL_EXT = /\.tpl$/i;
/** Extensions a configuration template carries after the configuration's own name. */
const TEMPLATE_EXT = /\.(j2|jinja2?|erb|epp|tpl)$/i;

/** A template's name without its template extension (`nginx.conf.j2` -> `nginx.conf`): what the rendered file is called. */
export function configName(p: string): string {
  return TEMPLATE_EXT.test(p) ? p.replace(TEMPLATE_EXT, "") : p;
}

/** Jinja statements (`{% if %}`, `{% for %}`...): no configuration has them. */
const JINJA_STATEMENT =
  /^(if|elif|else|endif|for|endfor|set|endset|macro|endmacro|call|endcall|filter|endfilter|block|endblock|extends|include|import|from|raw|with|endwith|autoescape|endautoescape)\b/;
/** An expression as templates write them: a name, a literal or a bracket first. */
const JINJA_EXPRESSION = /^[A-Za-z_("'[]/;
/** ERB/EPP tags as Chef and Puppet templates write them (`<%= @port %>`, `<% if @ssl -%>`, `<% end %>`, `<% } -%>`): a regex's `<%` and `%>` are not. */
const ERB_EXPRESSION = /^(@{0,2}[A-Za-z_]|\$[A-Za-z_:]|node\[|scope\b)/;
const ERB_STATEMENT = /^(if|unless|elsif|else|end|case|when|for|while)\b|\bdo(\s*\|[^|]*\|)?$|^\}|\{\s*$|^\|/;
const looksErb = (t: Tag) =>
  t.closed && !t.code.includes("\n") && (t.kind === "expr" ? ERB_EXPRESSION.test(t.code) : t.kind === "stmt" && ERB_STATEMENT.test(t.code));

/** Tags outside `#` comments (a ModSecurity rule's comment quotes `<%= File.open(...) %>` as an attack) that satisfy `pred`. */
const counts = (text: string, tags: Tag[], pred: (t: Tag) => boolean) => tags.filter((t) => t.closed && pred(t) && !inComment(text, t)).length;

/** The template engine a text is plainly written for, or null. */
export function templateByContent(text: string): TemplateKind | null {
  if (!text.includes("{") && !text.includes("<%")) return null;
  const jinja = scanJinja(text);
  if (counts(text, jinja, (t) => t.kind === "stmt" && JINJA_STATEMENT.test(t.code)) > 0) return "jinja";
  if (counts(text, jinja, (t) => t.kind === "expr" && JINJA_EXPRESSION.test(t.code)) >= 2) return "jinja";
  if (text.includes("<%") && counts(text, scanErb(text), looksErb) > 0) return "erb";
  return null;
}

/** Whether a tag sits in a `#` comment of the configuration (where it breaks nothing). */
function inComment(text: string, t: Tag): boolean {
  const ls = text.lastIndexOf("\n", t.start - 1) + 1;
  return /^\s*#/.test(text.slice(ls, t.start));
}

/** The first tag of either engine that looks written for it, outside comments (for the message to a file not linted as a template). */
export function firstTemplateTag(text: string): { kind: TemplateKind; tag: Tag } | null {
  const j = scanJinja(text).find(
    (t) => t.closed && !inComment(text, t) && (t.kind === "stmt" ? JINJA_STATEMENT.test(t.code) : t.kind === "expr" ? JINJA_EXPRESSION.test(t.code) : true),
  );
  const e = text.includes("<%") ? scanErb(text).find((t) => looksErb(t) && !inComment(text, t)) : undefined;
  if (j && (!e || j.start <= e.start)) return { kind: "jinja", tag: j };
  return e ? { kind: "erb", tag: e } : null;
}

/** The template engine to read a file with, or null for a plain configuration. */
export function templateKindOf(p: string, text: string, option: TemplateOption = "auto"): TemplateKind | null {
  if (option === "none") return null;
  if (option !== "auto") return option;
  const base = path.basename(p);
  if (JINJA_EXT.test(base)) return "jinja";
  if (ERB_EXT.test(base)) return "erb";
  if (TPL_EXT.test(base)) return templateByContent(text) === "jinja" || scanJinja(text).some((t) => t.closed) ? "jinja" : null;
  return templateByContent(text);
}

export const ENGINE_NAME: Record<TemplateKind, string> = { jinja: "Jinja2", erb: "ERB/EPP" };
