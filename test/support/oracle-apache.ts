/**
 * httpd as an oracle: `apache2 -t` on a configuration of our own (ServerRoot,
 * PidFile, ErrorLog, Mutex and modules in a temporary directory), so that
 * nothing depends on /etc/apache2. Tests skip with a note where apache2 is absent.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const APACHE2 = ["/usr/sbin/apache2", "/usr/sbin/httpd"].find((p) => fs.existsSync(p)) ?? null;
export const APACHE_MODULES = "/usr/lib/apache2/modules";

/** Whether Debian's module file mod_<short>.so is installed. */
export function hasModuleFile(short: string): boolean {
  return fs.existsSync(path.join(APACHE_MODULES, `mod_${short}.so`));
}

/** The head of a main configuration: its own paths, an MPM and LoadModule lines for these modules. */
export function mainConfigHead(dir: string, modules: string[], mpm = "event"): string[] {
  return [
    `ServerRoot ${dir}`,
    `PidFile ${dir}/httpd.pid`,
    `ErrorLog ${dir}/error.log`,
    `Mutex file:${dir} default`,
    "ServerName localhost",
    `LoadModule mpm_${mpm}_module ${APACHE_MODULES}/mod_mpm_${mpm}.so`,
    ...modules.map((m) => `LoadModule ${m}_module ${APACHE_MODULES}/mod_${m}.so`),
  ];
}

export interface HttpdVerdict {
  ok: boolean;
  /** `Syntax error on line N of FILE:` */
  line: number | null;
  file: string | null;
  message: string;
}

/** `apache2 -t -f file`. */
export function httpdCheck(file: string): HttpdVerdict {
  if (!APACHE2) throw new Error("apache2 is not installed");
  const r = spawnSync(APACHE2, ["-t", "-f", file], { encoding: "utf8" });
  const out = `${r.stderr}\n${r.stdout}`;
  const m = /Syntax error on line (\d+) of ([^:]+):[ \n](.*)/.exec(out);
  return { ok: r.status === 0, line: m ? Number(m[1]) : null, file: m ? m[2] : null, message: m ? m[3].trim() : out.trim() };
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-httpd-"));
}
