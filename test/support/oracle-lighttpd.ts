/**
 * Debian's lighttpd as an oracle: where the binary is, the modules it can
 * load, and one `lighttpd -tt` run on a config text. Tests skip (with a note)
 * where it is absent; CI installs it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const LIGHTTPD = ["/usr/sbin/lighttpd", "/usr/local/sbin/lighttpd"].find((p) => fs.existsSync(p));
const MODDIR = ["/usr/lib/lighttpd", "/usr/lib64/lighttpd", "/usr/local/lib/lighttpd"].find((p) => fs.existsSync(p));

/** Never let lighttpd run a command from a config: every include_shell becomes `include_shell "true"`. */
export const defuse = (text: string) => text.replace(/^([ \t]*)include_shell\b.*$/gm, '$1include_shell "true"');

/** `lighttpd -tt -f file`: status and everything it printed. */
export function lighttpdTest(file: string, env: Record<string, string> = {}): { status: number | null; out: string } {
  const r = spawnSync(LIGHTTPD as string, ["-tt", "-f", file], { cwd: path.dirname(file), env: { ...process.env, ...env }, encoding: "utf8" });
  return { status: r.status, out: (r.stdout ?? "") + (r.stderr ?? "") };
}

/** `lighttpd -tt` on a config text written to a fresh directory (removed after); `text` gets that directory. */
export function lighttpdTestText(text: (dir: string) => string): { status: number | null; out: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-lighttpd-oracle-"));
  try {
    const file = path.join(dir, "lighttpd.conf");
    fs.writeFileSync(file, text(dir));
    return { ...lighttpdTest(file), dir };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether lighttpd can load a module here (built in, or a .so of an installed package). */
const loadable = new Map<string, boolean>();
export function canLoad(module: string): boolean {
  let ok = loadable.get(module);
  if (ok === undefined) {
    const deps = module.startsWith("mod_authn_") ? ["mod_auth", module] : module.startsWith("mod_vhostdb_") ? ["mod_vhostdb", module] : [module];
    ok =
      !!LIGHTTPD && lighttpdTestText((dir) => `server.document-root = "${dir}"\nserver.modules = ( ${deps.map((m) => `"${m}"`).join(", ")} )\n`).status === 0;
    loadable.set(module, ok);
  }
  return ok;
}

/** The .so modules installed beside lighttpd. */
export function installedModules(): string[] {
  return MODDIR
    ? fs
        .readdirSync(MODDIR)
        .filter((f) => /^mod_\w+\.so$/.test(f))
        .map((f) => f.slice(0, -3))
    : [];
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** lighttpd's words for an option it ignores: unknown, global-only in a conditional, socket option outside the socket scope. */
export const saysUnknown = (out: string, key: string) => new RegExp(`unknown config-key: ${esc(key)} \\(ignored\\)`).test(out);
export const saysNotHere = (out: string, key: string) =>
  new RegExp(`do not set server options in conditionals, variable: ${esc(key)}$`, "m").test(out) ||
  new RegExp(`WARNING: ${esc(key)} must be in global scope or \\$SERVER\\["socket"\\]`).test(out);
/** Any warning or error line at all (a clean config prints nothing with -tt). */
export const saysAnything = (out: string) => out.trim().length > 0;
