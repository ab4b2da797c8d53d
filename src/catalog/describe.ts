/** One directive's catalog entry as words, for the editor's hover: its module and where it is allowed. */
import type { Dialect } from "../core/dialect.js";
import apache from "./data/apache.json" with { type: "json" };
import lighttpd from "./data/lighttpd.json" with { type: "json" };
import nginx from "./data/nginx.json" with { type: "json" };

export interface DirectiveDescription {
  name: string;
  module: string;
  allowed: string;
}

const indexes = new Map<Dialect, Map<string, DirectiveDescription>>();

function build(dialect: Dialect): Map<string, DirectiveDescription> {
  const out = new Map<string, DirectiveDescription>();
  const add = (name: string, module: string, allowed: string, key = name) => {
    // A name several modules declare (nginx: http and stream) reads as one entry.
    const had = out.get(key);
    out.set(key, had ? { name, module: `${had.module}, ${module}`, allowed: `${had.allowed}; ${allowed}` } : { name, module, allowed });
  };
  if (dialect === "apache") for (const d of apache.directives) add(d.name, [d.module].flat().map((m) => (m === "core" || m.startsWith("mod_") ? m : `mod_${m}`)).join(", "), d.context.join(", "), d.name.toLowerCase());
  else if (dialect === "nginx") for (const d of nginx.directives) add(d.name, d.module, d.contexts.join(", "));
  else {
    const scopes = lighttpd.scopes as Record<string, string>;
    for (const o of lighttpd.options) add(o.name, o.module, scopes[o.scope] ?? o.scope);
  }
  return out;
}

export function describeDirective(dialect: Dialect, name: string): DirectiveDescription | null {
  let index = indexes.get(dialect);
  if (!index) indexes.set(dialect, (index = build(dialect)));
  return index.get(dialect === "apache" ? name.toLowerCase() : name) ?? null;
}
