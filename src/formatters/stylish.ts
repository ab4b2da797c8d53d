/** ESLint's stylish: findings grouped by file, aligned, coloured by severity, with a summary line. */
import path from "node:path";
import { Chalk } from "chalk";
import { counts, maxOf, visible, type Formatter } from "./types.js";
import { unreadableNote } from "../load/unreadable.js";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

const shownFile = (cwd: string, file: string) => {
  const rel = path.relative(cwd, file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
};

export const stylish: Formatter = (run, ctx) => {
  const c = new Chalk({ level: ctx.colorLevel });
  const sevColor = { error: c.red, warning: c.yellow, info: c.blue } as const;
  const out: string[] = [];
  const all = run.results.flatMap((r) => r.messages);
  for (const r of run.results) {
    if (!r.messages.length) continue;
    const rel = path.relative(ctx.cwd, r.filePath);
    out.push("", c.underline(visible(rel && !rel.startsWith("..") ? rel : r.filePath)));
    const rows = r.messages.map((m) => [`${m.range.line}:${m.range.column}`, m.severity, visible(m.message), m.ruleId ?? "", m.related] as const);
    // Not Math.max(...rows): a file can have hundreds of thousands of findings, more arguments than a call takes.
    const w0 = maxOf(rows, (x) => x[0].length);
    const w1 = maxOf(rows, (x) => x[1].length);
    for (const [pos, sev, msg, id, related] of rows) {
      out.push(`  ${c.dim(pos.padEnd(w0))}  ${sevColor[sev](sev.padEnd(w1))}  ${msg}${id ? `  ${c.dim(id)}` : ""}`);
      // The other side of the finding, under it, as a path the terminal can open (file:line:col).
      for (const x of related ?? [])
        out.push(
          `  ${" ".repeat(w0 + w1 + 2)}  ${c.dim(`related: ${visible(shownFile(ctx.cwd, x.file))}:${x.range.line}:${x.range.column}  ${visible(x.message)}`)}`,
        );
    }
  }
  const { errorCount, warningCount, infoCount } = counts(all);
  const total = errorCount + warningCount + infoCount;
  if (total > 0) {
    const color = errorCount ? c.red : warningCount ? c.yellow : c.blue;
    out.push(
      "",
      color.bold(`✖ ${plural(total, "problem")} (${plural(errorCount, "error")}, ${plural(warningCount, "warning")}, ${plural(infoCount, "info")})`),
    );
    // As Ruff says it: what --fix would do, and what only --unsafe-fixes would.
    const safe = all.filter((m) => m.fix?.safety === "safe").length;
    const unsafe = all.filter((m) => m.fix?.safety === "unsafe").length;
    const review = "(review them: they may change what a working site does)";
    if (safe) out.push(c.dim(`  ${plural(safe, "problem")} fixable with --fix${unsafe ? `; ${unsafe} more with --unsafe-fixes ${review}` : ""}`));
    else if (unsafe) out.push(c.dim(`  ${plural(unsafe, "problem")} fixable with --unsafe-fixes ${review}`));
    out.push("");
  }
  // Checks that could not read the deployed tree: said once, after the findings.
  if (run.unreadable?.length) out.push(`${total > 0 ? "" : "\n"}${c.blue("ℹ")} ${visible(unreadableNote(run.unreadable))}`, "");
  return out.join("\n");
};
