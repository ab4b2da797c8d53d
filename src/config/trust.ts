/**
 * Whether a JavaScript configuration may run. Loading one runs its code with
 * the linter's privileges, so (like OpenSSH's StrictModes for its key files)
 * the file and every directory above it must be owned by the current user or
 * root and writable by no one else: otherwise another user could have planted
 * or swapped it. A sticky directory (/tmp) is accepted above the configuration's
 * own directory, since no one can rename what another user put in it.
 * A symbolic link is judged as a link (its owner, where it sits) and by its target.
 */
import fs from "node:fs";
import path from "node:path";

const mode = (st: fs.Stats) => (st.mode & 0o7777).toString(8).padStart(4, "0");
const writers = (st: fs.Stats) => [st.mode & 0o020 ? "group" : "", st.mode & 0o002 ? "others" : ""].filter(Boolean).join(" and ");

/** Why `file` must not be run, or null when it may. */
export function whyUntrusted(file: string): string | null {
  const uid = process.geteuid?.();
  if (uid === undefined) return null; // no POSIX owners (Windows): nothing to check against
  const trusted = (st: fs.Stats) => st.uid === uid || st.uid === 0;
  const owners = uid === 0 ? "root" : "you or root";
  try {
    const link = fs.lstatSync(file);
    if (link.isSymbolicLink() && !trusted(link)) return `it is a symbolic link owned by uid ${link.uid}, not by ${owners}`;
    const real = fs.realpathSync(file);
    const target = fs.statSync(real);
    const it = real === file ? "it" : `its target ${real}`;
    if (!target.isFile()) return `${it} is not a regular file`;
    if (!trusted(target)) return `${it} is owned by uid ${target.uid}, not by ${owners}`;
    if (target.mode & 0o022) return `${it} is writable by ${writers(target)} (mode ${mode(target)})`;
    const dirs = new Set([path.dirname(file), path.dirname(real)]);
    for (const own of dirs) {
      for (let dir = own; ; dir = path.dirname(dir)) {
        const st = fs.statSync(dir);
        if (!trusted(st)) return `the directory ${dir} is owned by uid ${st.uid}, not by ${owners}`;
        const sticky = (st.mode & 0o1000) !== 0 && dir !== own;
        if (st.mode & 0o022 && !sticky) return `the directory ${dir} is writable by ${writers(st)} (mode ${mode(st)})`;
        if (path.dirname(dir) === dir) break;
      }
    }
    return null;
  } catch (e) {
    return `it cannot be examined (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
  }
}

/** The explanation that goes with a refusal. */
export const TRUST_RULE =
  "a JavaScript configuration runs code, so it is loaded only when it and every directory above it are owned by you or root and writable by no one else";
