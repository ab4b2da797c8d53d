/** XML formats CI servers read: Checkstyle and JUnit. */
import { relativePath, type Formatter } from "./types.js";

/**
 * Text for an XML attribute or element. Tab, newline and carriage return are
 * written as character references: raw in an attribute, a parser turns them
 * into spaces (and a raw CR in text into a newline), so a file name with a
 * newline would come back as another name. Characters XML 1.0 cannot carry at
 * all, even escaped (other C0 controls, lone surrogates, U+FFFE/U+FFFF), are
 * shown as `\uXXXX`.
 */
export const xmlEscape = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
    );

export const checkstyle: Formatter = (run) => {
  const out = ['<?xml version="1.0" encoding="utf-8"?>', '<checkstyle version="4.3">'];
  for (const r of run.results) {
    out.push(`  <file name="${xmlEscape(r.filePath)}">`);
    for (const m of r.messages)
      out.push(
        `    <error line="${m.range.line}" column="${m.range.column}" severity="${m.severity}" message="${xmlEscape(m.message)}" source="djlint-conf${m.ruleId ? "." + xmlEscape(m.ruleId) : ""}" />`,
      );
    out.push("  </file>");
  }
  out.push("</checkstyle>");
  return out.join("\n");
};

/** One test suite per file; each finding is a failing test case, a clean file one passing case. */
export const junit: Formatter = (run, ctx) => {
  const out = ['<?xml version="1.0" encoding="utf-8"?>'];
  const failures = run.results.reduce((n, r) => n + r.messages.length, 0);
  const tests = run.results.reduce((n, r) => n + Math.max(1, r.messages.length), 0);
  out.push(`<testsuites name="djlint-conf" tests="${tests}" failures="${failures}" errors="0">`);
  for (const r of run.results) {
    const name = xmlEscape(relativePath(ctx.cwd, r.filePath));
    out.push(`  <testsuite name="${name}" tests="${Math.max(1, r.messages.length)}" failures="${r.messages.length}" errors="0">`);
    if (!r.messages.length) out.push(`    <testcase name="${name}" classname="djlint-conf" />`);
    for (const m of r.messages) {
      const where = `${name}:${m.range.line}:${m.range.column}`;
      const id = m.ruleId ?? "djlint-conf";
      out.push(`    <testcase name="${xmlEscape(id)} at ${where}" classname="${name}">`);
      out.push(`      <failure message="${xmlEscape(m.message)}" type="${m.severity}">${xmlEscape(`${where} ${m.severity} ${m.message} (${id})`)}</failure>`);
      out.push("    </testcase>");
    }
    out.push("  </testsuite>");
  }
  out.push("</testsuites>");
  return out.join("\n");
};
