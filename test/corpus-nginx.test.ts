/**
 * Real-world nginx configs (test/corpus/nginx): every file nginx accepts
 * parses without a `syntax` problem, the files that are broken at the syntax
 * level get one, and the CLI lints the whole corpus without crashing. Where
 * Debian's nginx is installed (as in CI), `nginx -t` is the oracle: each file
 * is tested as a main config and, for fragments, inside `http {}`, `server {}`
 * and `location {}`; whenever nginx's verdict is about syntax (the test
 * passes, or nginx stops at "unexpected ..."), ours must agree.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseNginx } from "../grammars/nginx/index.js";
import { cli } from "./support/cli.js";
import { corpusFiles, CORPUS } from "./support/corpus.js";

/**
 * Files the manifest does not mark but that nginx rejects, with nginx's verdict
 * and where we report it. The oracle below re-checks each with nginx -t.
 */
const NGINX_REJECTS: Record<string, { line: number; nginx: string; nginxLine: number; edit?: [RegExp, string] }> = {
  // `ssl_ciphers HIGH:!aNULL:!MD5` lacks its `;` and runs into the next `ssl_ciphers` 41 lines later (nginx
  // stops earlier at the long-gone `spdy` listen parameter, so the oracle drops that first).
  "guide-to-nginx-ssl-spdy-hsts/nginx.conf": {
    line: 63,
    nginx: 'invalid number of arguments in "ssl_ciphers" directive',
    nginxLine: 104,
    edit: [/ spdy/g, ""],
  },
};

const files = corpusFiles("nginx");
const rel = (p: string) => path.relative(CORPUS, p);
const rejected = (p: string) => Object.entries(NGINX_REJECTS).find(([suffix]) => p.endsWith(suffix))?.[1];
const marked = (f: { notes: string; invalid: boolean }) => f.invalid || f.notes.includes("nginx-rejects");
/** Manifest reasons that are about the syntax (the others are semantic: nginx's lexer accepts those files). */
const LEXICAL = /no ";"|not terminated by ";"|stray "@@@"|nginx-rejects/;

const read = (p: string) => fs.readFileSync(p, "utf8");

test("the corpus is there", () => {
  expect(files.length).toBeGreaterThanOrEqual(538);
});

describe("every nginx file nginx accepts parses without a syntax problem", () => {
  test.each(files.filter((f) => !marked(f)).map((f) => [rel(f.path), f] as const))("%s", (_, f) => {
    const { ast } = parseNginx(f.path, read(f.path));
    const known = rejected(f.path);
    if (known) expect(ast.problems.map((p) => p.range.line)).toEqual([known.line]);
    else expect(ast.problems.map((p) => `${p.range.line}:${p.range.column} ${p.message}`)).toEqual([]);
  });
});

test("files marked invalid at the syntax level are rejected; the semantically invalid ones parse", () => {
  const lexical = files.filter((f) => marked(f) && LEXICAL.test(f.notes));
  const semantic = files.filter((f) => marked(f) && !LEXICAL.test(f.notes));
  expect(lexical.length).toBe(7);
  expect(semantic.map((f) => rel(f.path)).sort()).toEqual([
    "nginx/nginxinc__crossplane/tests/configs/bad-args/nginx.conf",
    "nginx/nginxinc__crossplane/tests/configs/spelling-mistake/nginx.conf",
  ]);
  for (const f of lexical) expect([rel(f.path), parseNginx(f.path, read(f.path)).ast.problems.length > 0]).toEqual([rel(f.path), true]);
  for (const f of semantic) expect([rel(f.path), parseNginx(f.path, read(f.path)).ast.problems]).toEqual([rel(f.path), []]);
});

test("the CLI lints the whole nginx corpus without an internal error", () => {
  const r = cli(["--dialect", "nginx", "-f", "json", ...files.map((f) => f.path)]);
  expect(r.stderr).not.toMatch(/internal error/);
  expect([0, 1]).toContain(r.code);
  const out = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
  const linted = new Set(out.map((f) => f.filePath));
  for (const f of files) expect(linted.has(f.path) ? f.path : `not linted: ${f.path}`).toBe(f.path);
  const bad = new Set(files.filter((f) => marked(f) || rejected(f.path)).map((f) => f.path));
  const syntax = out.filter((f) => !bad.has(f.filePath) && f.messages.some((m) => m.ruleId === "syntax"));
  expect(syntax.map((f) => f.filePath)).toEqual([]);
});

const NGINX = ["/usr/sbin/nginx", "/usr/local/sbin/nginx"].find((p) => fs.existsSync(p));

/** nginx -t on `main` with a throwaway prefix (nginx -t starts nothing and binds no port). */
function nginxT(main: string, prefix: string): { ok: boolean; message: string; file: string | null; line: number | null } {
  const r = spawnSync(NGINX as string, ["-t", "-q", "-e", "stderr", "-p", prefix + "/", "-c", main], { encoding: "utf8", timeout: 20000 });
  const emerg = (r.stderr + r.stdout).split("\n").find((l) => l.includes("[emerg]")) ?? "";
  const message = emerg.replace(/^.*\[emerg\] \d+#\d+: /, "");
  const at = / in (\S+):(\d+)$/.exec(message);
  return { ok: r.status === 0, message, file: at ? at[1] : null, line: at ? Number(at[2]) : null };
}

/** Wrappers that give a fragment the context it was written for. */
const CONTEXTS = [
  null,
  (f: string) => `events {}\nhttp {\ninclude ${f};\n}\n`,
  (f: string) => `events {}\nhttp {\nserver {\ninclude ${f};\n}\n}\n`,
  (f: string) => `events {}\nhttp {\nserver {\nlocation / {\ninclude ${f};\n}\n}\n}\n`,
];

/** nginx's verdict on a file, from the first context that tells something about its syntax; null when none does. */
function syntaxVerdict(file: string): { ok: true } | { ok: false; message: string; line: number } | null {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-nginx-"));
  try {
    for (const wrap of CONTEXTS) {
      let main = file;
      if (wrap) fs.writeFileSync((main = path.join(prefix, "wrapper.conf")), wrap(file));
      const r = nginxT(main, prefix);
      if (r.ok) return { ok: true };
      if (r.file === file && /^unexpected /.test(r.message)) return { ok: false, message: r.message, line: r.line as number };
      if (!/is not allowed here/.test(r.message)) return null;
    }
    return null;
  } finally {
    fs.rmSync(prefix, { recursive: true, force: true });
  }
}

(NGINX ? describe : describe.skip)("oracle: nginx -t", () => {
  test("the configs nginx -t accepts are the ones we parse cleanly; those it rejects for syntax we reject too", () => {
    const accepted: string[] = [];
    const disagree: string[] = [];
    for (const f of files) {
      const v = syntaxVerdict(f.path);
      if (!v) continue;
      const problems = parseNginx(f.path, read(f.path)).ast.problems;
      if (v.ok) {
        accepted.push(rel(f.path));
        if (problems.length) disagree.push(`${rel(f.path)}: nginx accepts it, we report ${problems[0].range.line}: ${problems[0].message}`);
      } else if (!problems.some((p) => Math.abs(p.range.line - v.line) <= 1)) {
        disagree.push(`${rel(f.path)}: nginx says ${v.message}, we report ${problems.map((p) => p.range.line).join(", ") || "nothing"}`);
      }
    }
    expect(disagree).toEqual([]);
    // Enough of the corpus is decided by nginx for this to mean something.
    expect(accepted.length).toBeGreaterThan(100);
  });

  for (const [suffix, known] of Object.entries(NGINX_REJECTS)) {
    test(`nginx rejects ${suffix} as recorded`, () => {
      const file = files.find((f) => f.path.endsWith(suffix))!.path;
      const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-nginx-"));
      try {
        const copy = path.join(prefix, "nginx.conf");
        const text = read(file);
        fs.writeFileSync(copy, known.edit ? text.replace(known.edit[0], known.edit[1]) : text);
        const r = nginxT(copy, prefix);
        expect(r.ok).toBe(false);
        expect(r.message).toBe(`${known.nginx} in ${copy}:${known.nginxLine}`);
      } finally {
        fs.rmSync(prefix, { recursive: true, force: true });
      }
    });
  }
});
