/**
 * Writing a fixed file without ever losing it: the new text goes to a
 * temporary file in the same directory (same mode), which then replaces the
 * original by rename. If anything fails, the temporary file is removed and the
 * original is untouched.
 */
import fs from "node:fs";
import path from "node:path";

export type WriteOps = Pick<typeof fs, "statSync" | "writeFileSync" | "renameSync" | "rmSync" | "chmodSync">;

export function writeFileAtomic(file: string, text: string, ops: WriteOps = fs): void {
  const mode = ops.statSync(file).mode & 0o7777;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.djlint-conf-${process.pid}.tmp`);
  try {
    ops.writeFileSync(tmp, text, { mode });
    ops.chmodSync(tmp, mode);
    ops.renameSync(tmp, file);
  } catch (e) {
    ops.rmSync(tmp, { force: true });
    throw e;
  }
}
