/** A unified diff of a fixed file, for --fix-dry-run. */
import { createTwoFilesPatch } from "diff";

export function unifiedDiff(file: string, before: string, after: string): string {
  const name = quotedName(file);
  return createTwoFilesPatch(name, name, before, after, "", "fixed", { context: 2 }).replace(/^=+\n/, "").trimEnd();
}

/**
 * A file name for a patch header, quoted as git quotes it when it holds a
 * control character, a quote or a backslash (`"a\nb"`): a raw newline would
 * end the header line and make the rest of the name a line of the patch.
 */
export function quotedName(file: string): string {
  if (!/[\u0000-\u001f\u007f"\\]/.test(file)) return file;
  const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", '"': '\\"', "\\": "\\\\" };
  return `"${file.replace(/[\u0000-\u001f\u007f"\\]/g, (c) => named[c] ?? `\\${c.charCodeAt(0).toString(8).padStart(3, "0")}`)}"`;
}
