/**
 * Configuration templates as teams keep them (fixtures/templates/<case>/: an
 * Ansible role's nginx site and Apache vhost, a Salt state's lighttpd.conf,
 * Chef cookbooks' ERB for all three servers, a Puppet EPP template), linted
 * with every rule: the findings must equal the `# expect:` annotations
 * written in them (real pitfalls outside the placeholders), with no `syntax`
 * finding. And each is rendered with the values in its case.json, as
 * Ansible, Salt or Chef would, and the servers' own checks (`apache2 -t`,
 * `nginx -t`, `lighttpd -tt`) accept the result: the templates are valid,
 * so a `syntax` finding would be false.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { lintFiles } from "../src/engine/run.js";
import { readExpectations } from "./support/annotations.js";
import { compare, type Found } from "./support/compare.js";
import { APACHE2, APACHE_MODULES, mainConfigHead } from "./support/oracle-apache.js";
import { LIGHTTPD } from "./support/oracle-lighttpd.js";
import { NGINX } from "./support/oracle-nginx.js";
import { render, renderer } from "./support/render-template.js";

const ROOT = path.resolve("fixtures/templates");
const TEMPLATE = /\.(j2|jinja2?|erb|epp|tpl)$/;

interface CaseOptions {
  engine: "jinja" | "erb";
  dialect: "apache" | "nginx" | "lighttpd";
  /** Where the rendered file goes: included in `http {}` (nginx), included by a main httpd.conf (Apache), or the main file. */
  context?: "http" | "vhost" | "main";
  modules?: string[];
  salt?: boolean;
  /** Values to render with, each one rendering; `{{TMP}}` in a value is the run's directory (certificates, logs). */
  renders: Record<string, unknown>[];
}

const cases = fs
  .readdirSync(ROOT)
  .sort()
  .map((name) => {
    const dir = path.join(ROOT, name);
    const options = JSON.parse(fs.readFileSync(path.join(dir, "case.json"), "utf8")) as CaseOptions;
    const templates = fs
      .readdirSync(dir)
      .filter((f) => TEMPLATE.test(f))
      .map((f) => path.join(dir, f));
    return { name, dir, options, templates };
  });

test("the corpus has Jinja2 and ERB templates for each server", () => {
  const kinds = new Set(cases.map((c) => `${c.options.engine} ${c.options.dialect}`));
  for (const k of ["jinja apache", "jinja nginx", "jinja lighttpd", "erb apache", "erb nginx", "erb lighttpd"]) expect(kinds).toContain(k);
});

describe.each(cases)("$name", ({ dir, options, templates }) => {
  test("lints with exactly the annotated findings, and no syntax error", () => {
    const run = lintFiles(templates, { cwd: dir });
    const found: Found[] = run.results.flatMap((r) =>
      r.messages.map((m) => ({ file: m.file, line: m.range.line, column: m.range.column, ruleId: m.ruleId, message: m.message })),
    );
    const expected = templates.flatMap((t) => readExpectations(t));
    expect(compare(expected, found, ROOT)).toEqual({ missing: [], unexpected: [] });
    expect(found.filter((f) => f.ruleId === "syntax")).toEqual([]);
    // Messages show the template's own expressions, never the placeholders the grammars read.
    for (const f of found) expect(f.message).not.toMatch(/[\ue000-\uf8ff]/);
  });

  const oracle = { apache: APACHE2, nginx: NGINX, lighttpd: LIGHTTPD }[options.dialect];
  const canRender = renderer()[options.engine];
  const maybe =
    oracle && canRender && options.renders.length ? test.each(options.renders.map((vars, i) => [i, vars] as const)) : test.skip.each([[0, {}] as const]);
  maybe("renders (values %i) into a configuration the server accepts", (_i, vars) => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-template-"));
    try {
      certificate(tmp);
      fs.mkdirSync(path.join(tmp, "www"));
      const values = JSON.parse(JSON.stringify(vars).replaceAll("{{TMP}}", tmp));
      for (const t of templates) {
        const text = render(options.engine, fs.readFileSync(t, "utf8"), values, { salt: options.salt });
        const verdict = serverCheck(options, text, tmp);
        expect(verdict.ok ? "ok" : verdict.out).toBe("ok");
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});

function certificate(dir: string) {
  const r = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-subj",
      "/CN=localhost",
      "-days",
      "2",
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      path.join(dir, "cert.pem"),
    ],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`);
}

function serverCheck(o: CaseOptions, text: string, dir: string): { ok: boolean; out: string } {
  const file = path.join(dir, "rendered.conf");
  fs.writeFileSync(file, text);
  if (o.dialect === "nginx") {
    const main = path.join(dir, "nginx.conf");
    fs.writeFileSync(
      main,
      o.context === "main"
        ? text
        : `error_log ${dir}/error.log;\npid ${dir}/nginx.pid;\nevents {}\nhttp {\naccess_log ${dir}/access.log;\ninclude ${file};\n}\n`,
    );
    const r = spawnSync(NGINX as string, ["-t", "-q", "-e", "stderr", "-p", dir + "/", "-c", main], { encoding: "utf8" });
    return { ok: r.status === 0, out: r.stderr + r.stdout };
  }
  if (o.dialect === "apache") {
    const main = path.join(dir, "httpd.conf");
    const modules = (o.modules ?? []).filter((m) => fs.existsSync(path.join(APACHE_MODULES, `mod_${m}.so`)));
    fs.writeFileSync(main, [...mainConfigHead(dir, modules), "Listen 8080", `Include ${file}`, ""].join("\n"));
    const r = spawnSync(APACHE2 as string, ["-t", "-f", main], { encoding: "utf8", env: { ...process.env, APACHE_LOG_DIR: dir } });
    return { ok: r.status === 0, out: r.stderr + r.stdout };
  }
  const r = spawnSync(LIGHTTPD as string, ["-tt", "-f", file], { cwd: dir, encoding: "utf8" });
  return { ok: r.status === 0 && !/error|WARNING/i.test(r.stdout + r.stderr), out: r.stderr + r.stdout };
}
