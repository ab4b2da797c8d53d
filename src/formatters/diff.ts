/** A unified diff of a fixed file, for --fix-dry-run. */
import { createTwoFilesPatch } from "diff";

export function unifiedDiff(file: string, before: string, after: string): string {
  return createTwoFilesPatch(file, file, before, after, "", "fixed", { context: 2 }).replace(/^=+\n/, "").trimEnd();
}
