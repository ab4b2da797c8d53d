/**
 * The servers as oracles: `apache2 -t`, `nginx -t`, `lighttpd -tt` on a case's
 * main config, and what their first error says (file, line, kind of error).
 */
import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import { apacheEnv, lighttpdEnv, type Lane, type Wrapped } from "./corpus.js";
import type { Category, Dialect, ServerVerdict } from "./types.js";

const BINARIES: Record<Dialect, string[]> = {
  apache: ["/usr/sbin/apache2", "/usr/sbin/httpd"],
  nginx: ["/usr/sbin/nginx", "/usr/local/sbin/nginx"],
  lighttpd: ["/usr/sbin/lighttpd", "/usr/local/sbin/lighttpd"],
};

export const serverBinary = (d: Dialect): string | undefined => BINARIES[d].find((p) => fs.existsSync(p));

/** "Apache/2.4.71 (Debian)", "nginx/1.22.1", "lighttpd/1.4.69". */
export function serverVersion(d: Dialect): string | null {
  const bin = serverBinary(d);
  if (!bin) return null;
  const r = spawnSync(bin, ["-v"], { encoding: "utf8" });
  const m = /(Apache\/\S+(?: \(\w+\))?|nginx\/\S+|lighttpd\/\S+)/.exec(`${r.stdout}${r.stderr}`);
  return m ? m[1] : bin;
}

function run(bin: string, args: string[], cwd: string, env: Record<string, string>): Promise<{ status: number; out: string }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    execFile(
      bin,
      args,
      { cwd, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env }, timeout: 30_000, maxBuffer: 16 << 20, encoding: "latin1" },
      (err, stdout, stderr) => {
        const status = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        if (process.env.CONFORMANCE_DEBUG && Date.now() - t0 > Number(process.env.CONFORMANCE_DEBUG))
          process.stderr.write(`slow (${Date.now() - t0} ms): ${bin} ${args.join(" ")}\n`);
        resolve({ status, out: `${stdout}${stderr}` });
      },
    );
  });
}

/** Kinds of rejection, by the server's wording (first match wins). */
const CATEGORIES: Record<Dialect, [RegExp, Category][]> = {
  apache: [
    [
      /was not closed|without matching|^Expected <\/[^>]*> but saw|^Expected <\/[^>]*> before end of configuration|directive missing closing '>'|^<\w+ ?> ?directive requires additional arguments/i,
      "syntax",
    ],
    [/^Invalid command '/, "unknown"],
    [/not allowed here|not allowed in <[^>]+> context|cannot occur within|is not allowed in/i, "context"],
    [
      /does not exist|No such file|could not open|Cannot load|unable to|Couldn't|getpwnam|getgrnam|bad user name|bad group name|Failed to|No (certificate|key)|not a directory|not found|could not resolve|Permission denied|must be a valid directory/i,
      "environment",
    ],
  ],
  nginx: [
    [/^unexpected |is not terminated by ";"|has no opening "\{"|unbalanced/, "syntax"],
    [/^unknown directive "/, "unknown"],
    [/directive is not allowed here/, "context"],
    [
      /open\(\) .* failed|No such file|host not found|cannot load certificate|cannot load certificate key|BIO_new_file|getpwnam|getgrnam|dlopen|is already loaded|could not|no resolver|cannot load/,
      "environment",
    ],
  ],
  lighttpd: [
    [/parser failed|missing closing quote|unexpected|invalid character|parse|unterminated|missing/i, "syntax"],
    [/opening configfile .*failed|No such file|opening .* failed|stat .* failed/i, "environment"],
  ],
};

export function categorize(dialect: Dialect, message: string): Category {
  for (const [re, c] of CATEGORIES[dialect]) if (re.test(message)) return c;
  return "semantic";
}

/** The innermost `Syntax error on line N of FILE:` and the message that follows it (same line or the next). */
function apacheVerdict(status: number, out: string, lane: Lane): ServerVerdict {
  if (status === 0) return { ok: true, message: "" };
  const re = /Syntax error on line (\d+) of ([^:\n]+):/g;
  let m: RegExpExecArray | null;
  let last: RegExpExecArray | null = null;
  while ((m = re.exec(out))) last = m;
  if (!last) {
    const message =
      out
        .split("\n")
        .find((l) => l.trim() && !/^AH00558|^\[/.test(l))
        ?.trim() ?? out.trim();
    return { ok: false, message, category: categorize("apache", message.replace(/^apache2: /, "")) };
  }
  let rest = out.slice(last.index + last[0].length);
  rest = rest.replace(/^\s*\n/, "").replace(/^ /, "");
  let message = rest.split("\n")[0].trim();
  // "<Directory> was not closed." comes as "FILE:LINE: <Directory> was not closed."
  message = message.replace(/^\S+:\d+: /, "");
  // In a macro expansion httpd names the expansion: `macro 'm' (defined on line N of "F") used on line M of "G"`; the file's line is the `Use`.
  const use = /used on line (\d+) of "([^"]+)"/.exec(last[2]);
  if (use)
    return { ok: false, file: lane.rel(use[2]), line: Number(use[1]), message: `in macro expansion: ${message}`, category: categorize("apache", message) };
  return { ok: false, file: lane.rel(last[2]), line: Number(last[1]), message, category: categorize("apache", message) };
}

function nginxVerdict(status: number, out: string, lane: Lane): ServerVerdict {
  if (status === 0) return { ok: true, message: "" };
  const emerg = out.split("\n").find((l) => /\[emerg\]/.test(l)) ?? out.split("\n").find((l) => l.trim()) ?? "";
  const full = emerg.replace(/^.*\[emerg\] \d+#\d+: /, "").trim();
  const at = / in (\S+):(\d+)$/.exec(full);
  const message = at ? full.slice(0, at.index) : full;
  return { ok: false, file: at ? lane.rel(at[1]) : undefined, line: at ? Number(at[2]) : undefined, message, category: categorize("nginx", message) };
}

function lighttpdVerdict(status: number, out: string, lane: Lane): ServerVerdict {
  if (status === 0) return { ok: true, message: "" };
  const lines = out.split("\n").filter((l) => l.trim());
  // A variable defined by the file's includer: the parse error that follows is about that.
  const undef = lines.find((l) => /^Undefined (config|env) variable: |include file not found: |opening configfile .* failed/.test(l));
  if (undef) {
    const src = lines.map((l) => /source: (\S+) line: (\d+) pos: (\d+) (.*)$/.exec(l)).find((m) => m);
    return {
      ok: false,
      ...(src ? { file: lane.rel(src[1]), line: Number(src[2]) } : {}),
      message: undef.replace(/^\S+ \S+ \([^)]*\) /, "").trim(),
      category: "environment",
    };
  }
  const src = lines.map((l) => /source: (\S+) line: (\d+) pos: (\d+) (.*)$/.exec(l)).find((m) => m);
  if (src) return { ok: false, file: lane.rel(src[1]), line: Number(src[2]), message: src[4].trim(), category: categorize("lighttpd", src[4]) };
  const first = (lines.find((l) => !/warning|deprecated/i.test(l)) ?? lines[0] ?? "").replace(/^\S+ \S+ \([^)]*\) /, "").trim();
  return { ok: false, message: first, category: categorize("lighttpd", first) };
}

/**
 * What lighttpd makes of a configuration it accepts (`lighttpd -p`): a mutant that
 * changes this dump although it should not change the meaning was misread
 * (1.4.69 silently drops what follows a missing ',' in a list, for example).
 */
export async function lighttpdDump(lane: Lane, w: Wrapped): Promise<string | null> {
  const r = await run(serverBinary("lighttpd") as string, ["-p", "-f", w.main], w.cwd, lighttpdEnv(w.cwd));
  return r.status === 0
    ? r.out
        .split("\n")
        .filter((l) => !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d: /.test(l))
        .join("\n")
    : null;
}

/** Runs the dialect's server on a wrapped case (the wrapper must already be written). */
export async function serverVerdict(lane: Lane, w: Wrapped): Promise<ServerVerdict> {
  const v = await rawVerdict(lane, w);
  // Paths inside the lane's copy read as corpus paths (the report must not depend on the temp directory).
  v.message = v.message.split(`${lane.root}/`).join("");
  return v;
}

async function rawVerdict(lane: Lane, w: Wrapped): Promise<ServerVerdict> {
  const bin = serverBinary(lane.dialect) as string;
  switch (lane.dialect) {
    case "apache": {
      const r = await run(bin, ["-t", "-f", w.main], w.cwd, apacheEnv(lane));
      return apacheVerdict(r.status, r.out, lane);
    }
    case "nginx": {
      const r = await run(bin, ["-t", "-q", "-e", "stderr", "-p", `${lane.scratch("prefix")}/`, "-c", w.main], w.cwd, {});
      return nginxVerdict(r.status, r.out, lane);
    }
    case "lighttpd": {
      const r = await run(bin, ["-tt", "-f", w.main], w.cwd, lighttpdEnv(w.cwd));
      return lighttpdVerdict(r.status, r.out, lane);
    }
  }
}
