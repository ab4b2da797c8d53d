/**
 * For every grammar fixture: each problem's range lies inside the text and its
 * line/column agree with the offsets, and every prefix of the file (an editor
 * mid-typing) parses with problems inside its own text.
 */
import fs from "node:fs";
import path from "node:path";
import type { Range } from "../../src/core/range.js";
import type { SyntaxProblem } from "../../src/core/problems.js";
import type { SourceFile } from "../../src/source/source-file.js";

const inside = (r: Range, length: number) => 0 <= r.start && r.start <= r.end && r.end <= length;

export function describeProblemRanges(
  dir: string,
  files: string[],
  parse: (file: string, text: string) => { ast: { problems: SyntaxProblem[] }; source: SourceFile },
  extra?: (file: string, text: string, isInside: (r: Range) => boolean) => void,
): void {
  describe("problem ranges lie inside the text", () => {
    for (const name of files) {
      test(name, () => {
        const file = path.join(dir, name);
        const text = fs.readFileSync(file, "utf8");
        const { ast, source } = parse(file, text);
        for (const p of ast.problems) {
          expect({ message: p.message, inside: inside(p.range, text.length) }).toEqual({ message: p.message, inside: true });
          expect(source.position(p.range.start)).toEqual({ line: p.range.line, column: p.range.column });
          expect(source.position(p.range.end)).toEqual({ line: p.range.endLine, column: p.range.endColumn });
        }
        extra?.(file, text, (r) => inside(r, text.length));
        for (let n = 0; n <= text.length; n++) {
          const prefix = text.slice(0, n);
          const out = parse(file, prefix).ast.problems.filter((p) => !inside(p.range, prefix.length));
          expect({ n, outside: out.map((p) => p.message) }).toEqual({ n, outside: [] });
        }
      });
    }
  });
}
