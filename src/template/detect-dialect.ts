/**
 * Which dialect a file that may be a template configures. Apart from
 * parse.ts: detection asks the dialect registry, whose plugins' loaders use
 * parse.ts (one module would close a cycle).
 */
import type { Dialect } from "../core/dialect.js";
import { detectDialect } from "../discover/dialect.js";
import { configName, templateKindOf, type TemplateOption } from "./detect.js";
import { mapTemplate } from "./map.js";

/** The dialect of a file that may be a template: by the rendered file's name, then the content as mapped. */
export function detectTemplateDialect(p: string, text: string, option: TemplateOption = "auto"): Dialect | null {
  const kind = templateKindOf(p, text, option);
  if (!kind) return detectDialect(p, text);
  // The dialect is what is asked: the tags are mapped without any dialect's own syntax.
  return detectDialect(configName(p), mapTemplate(text, kind, {}).text);
}
