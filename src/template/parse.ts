/**
 * Parsing a file that may be a template: a template is mapped to the
 * configuration it stands for (./map.ts) and parsed as that, its own problems
 * (a tag never closed) added at its own lines; a plain file is parsed as it
 * is. A file read as plain configuration that fails to parse and holds
 * template tags gets one finding saying so, in place of the syntax errors the
 * tags cause, and nothing else of it is linted.
 */
import type { Comment } from "../ast/types.js";
import type { SyntaxProblem } from "../core/problems.js";
import type { SourceFile } from "../source/source-file.js";
import { ENGINE_NAME, firstTemplateTag, templateKindOf, type TemplateOption } from "./detect.js";
import { mapTemplate, type TemplateSpan, type TemplateSyntax } from "./map.js";
import type { TemplateKind } from "./scan.js";

/** What a file's template tags are, for the engine (findings, fixes, messages). */
export interface TemplateInfo {
  kind: TemplateKind;
  /** Every tag of the template, in text order. */
  spans: TemplateSpan[];
  /** How many variants the template reads as (src/template/map.ts); this parse is `variant`. */
  variants: number;
}

/** How a run reads templates: the option, and which variant of their conditionals. */
export interface TemplateReading {
  option?: TemplateOption;
  variant?: number;
}

type Ast = { problems: SyntaxProblem[]; comments: Comment[] };
type Parse<A extends Ast> = (path: string, text: string) => { ast: A; source: SourceFile };

/** A dialect's parse function (and what template mapping needs of its syntax) that reads templates as `option` says. */
export function templatedParse<A extends Ast>(
  format: { parse: Parse<A>; templates?: TemplateSyntax },
  reading: TemplateReading = {},
): (path: string, text: string) => { ast: A; source: SourceFile; template?: TemplateInfo } {
  const { parse, templates: syntax = {} } = format;
  const option = reading.option ?? "auto";
  return (p, text) => {
    const kind = templateKindOf(p, text, option);
    if (kind) {
      const mapped = mapTemplate(text, kind, syntax, reading.variant ?? 0);
      const r = parse(p, mapped.text);
      if (mapped.problems.length) {
        for (const m of mapped.problems) r.ast.problems.push({ message: m.message, range: r.source.range(m.start, m.end), file: p });
        r.ast.problems.sort((a, b) => a.range.start - b.range.start);
      }
      return { ...r, template: { kind, spans: mapped.spans, variants: mapped.variants } };
    }
    const r = parse(p, text);
    if (!r.ast.problems.length) return r;
    const found = firstTemplateTag(text);
    if (!found) return r;
    // Dozens of syntax errors from the tags would hide what is wrong: one finding, and the file is not linted.
    const empty = parse(p, "").ast;
    const problem: SyntaxProblem = {
      message: `this file looks like a ${ENGINE_NAME[found.kind]} template (${describeTag(text, found.tag)}): lint it with --template ${found.kind}`,
      range: r.source.range(found.tag.start, Math.min(found.tag.end, found.tag.start + 2)),
      file: p,
    };
    return { ast: { ...empty, problems: [problem] }, source: r.source };
  };
}

function describeTag(text: string, t: { start: number; end: number }): string {
  const s = text.slice(t.start, t.end).replace(/\s+/g, " ");
  return s.length > 24 ? `${s.slice(0, 12)}…${s.slice(-6)}` : s;
}
