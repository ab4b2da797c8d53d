/** `nginx -t` as an oracle: a throwaway prefix, nothing started, no port bound. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The nginx binary, when one is installed (CI installs Debian's). */
export const NGINX = ["/usr/sbin/nginx", "/usr/local/sbin/nginx"].find((p) => fs.existsSync(p));

export interface NginxVerdict {
  ok: boolean;
  /** nginx's first [emerg] message, without the "in file:line" tail. */
  message: string;
  file: string | null;
  line: number | null;
}

/** nginx -t on `main` with `prefix` as its prefix. */
export function nginxT(main: string, prefix: string): NginxVerdict {
  const r = spawnSync(NGINX as string, ["-t", "-q", "-e", "stderr", "-p", prefix + "/", "-c", main], { encoding: "utf8", timeout: 20000 });
  const emerg = (r.stderr + r.stdout).split("\n").find((l) => l.includes("[emerg]")) ?? "";
  const full = emerg.replace(/^.*\[emerg\] \d+#\d+: /, "");
  const at = / in (\S+):(\d+)$/.exec(full);
  return { ok: r.status === 0, message: at ? full.slice(0, at.index) : full, file: at ? at[1] : null, line: at ? Number(at[2]) : null };
}

/** Runs `fn` with a fresh prefix directory, removed afterwards. */
export function withPrefix<T>(fn: (prefix: string) => T): T {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-nginx-"));
  try {
    return fn(prefix);
  } finally {
    fs.rmSync(prefix, { recursive: true, force: true });
  }
}

/** Wrappers that give a fragment the context it was written for: as the main file, then included from http, server, location. */
export const NGINX_CONTEXTS: { name: string; wrap: ((file: string) => string) | null }[] = [
  { name: "main", wrap: null },
  { name: "http", wrap: (f) => `events {}\nhttp {\ninclude ${f};\n}\n` },
  { name: "server", wrap: (f) => `events {}\nhttp {\nserver {\ninclude ${f};\n}\n}\n` },
  { name: "location", wrap: (f) => `events {}\nhttp {\nserver {\nlocation / {\ninclude ${f};\n}\n}\n}\n` },
];
