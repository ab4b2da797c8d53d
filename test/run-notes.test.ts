/**
 * What a run says besides its findings, and what it withholds whatever the
 * rule (issue 18, items 6 and 7):
 * - checks that could not read the deployed tree leave one note naming the
 *   paths and how to --map them: the last line of the stylish report, a
 *   run-level notification in SARIF, standard error beside ESLint's JSON
 *   array; never a finding;
 * - a missing runtime file included by several sites is reported once, with
 *   the count;
 * - a finding about a *missing* directive is never made where an include
 *   that could not be read may hold it (every such rule has a fixture for
 *   it: checked here).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { allRules } from "../src/engine/registry.js";
import { cli } from "./support/cli.js";

function tmpDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-notes-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const PROD = `/srv/djlint-conf-absent-${process.pid}`;

/** An nginx site whose root is the project directory, deployed under a path this machine does not have. */
const SITE = `server {
    listen 80;
    server_name shop.example.com;
    root ${PROD}/shop;
    location @django {
        proxy_set_header Host $host;
        proxy_pass http://127.0.0.1:8000;
    }
    try_files $uri @django;
}
`;

describe("production paths the checks could not read", () => {
  const dir = tmpDir({ "shop.conf": SITE, [`copy${PROD}/shop/manage.py`]: "# Django's command-line utility\n" });
  const file = path.join(dir, "shop.conf");

  test("stylish: the report ends with one line naming the path and the --map that lets the linter look", () => {
    const r = cli([file]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.filter((l) => l.includes(PROD))).toHaveLength(1);
    expect(lines[lines.length - 1]).toContain(`not on this machine (${PROD})`);
    expect(lines[lines.length - 1]).toContain(`--map ${PROD}=./${PROD.slice(1)}`);
  });

  test("with the --map it suggests, the rule reads the copy and fires; no note is left", () => {
    const r = cli([file, "--map", `${PROD}=${path.join(dir, "copy", PROD)}`]);
    expect(r.stdout).toContain("nginx/root-exposes-project");
    expect(r.stdout).not.toContain("not on this machine");
    expect(r.code).toBe(1);
  });

  test("SARIF carries it as a run-level notification, not as a result", () => {
    const r = cli(["-f", "sarif", file]);
    const run = JSON.parse(r.stdout).runs[0];
    expect(run.results).toEqual([]);
    const notes = run.invocations[0].toolExecutionNotifications;
    expect(notes).toHaveLength(1);
    expect(notes[0]).toEqual(expect.objectContaining({ level: "note", properties: { paths: [PROD] } }));
    expect(notes[0].message.text).toContain(`--map ${PROD}=`);
  });

  test("ESLint's JSON array stays as it is; the note goes to standard error", () => {
    const r = cli(["-f", "json", file]);
    expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ messages: [] })]);
    expect(r.stderr).toContain(`note: A production path the configuration names is not on this machine (${PROD})`);
  });

  test("a path of this machine, or a file simply absent from a directory that is here, is an answer, not a gap", () => {
    const here = tmpDir({ "www/index.html": "" });
    const site = path.join(here, "site.conf");
    fs.writeFileSync(site, SITE.replace(`${PROD}/shop`, path.join(here, "www")));
    const r = cli([site]);
    expect(r.stdout).not.toContain("not on this machine");
    expect(r.stderr).toBe("");
  });
});

describe("a path inside a mapped copy", () => {
  test("is a local one: a module the project names and the copy lacks is an answer, not a production path to map", () => {
    // A repository whose .djlint-conf.json maps /srv/newsroom/src to ./src, linted from deploy/: the copy is
    // outside the working directory, and its missing config/urls.py is not on the server's side.
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-notes-"));
    fs.cpSync(path.resolve("test/deployments/django-config/src-layout-environ-assume-hosts-uwsgi-clean"), repo, { recursive: true });
    const r = cli(["-f", "json", "."], { cwd: path.join(repo, "deploy") });
    expect(r.code).not.toBe(2);
    expect(r.stderr).not.toContain("not on this machine");
  });
});

describe("a missing runtime file included by several sites", () => {
  test("is reported once, at its first include, with how many includes of it there are", () => {
    const missing = `/etc/djlint-conf-absent-${process.pid}/options-ssl-nginx.conf`;
    const site = (name: string) => `server {
    listen 443 ssl;
    server_name ${name}.example.com;
    include ${missing};
    location / {
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_pass http://127.0.0.1:8000;
    }
}
`;
    const dir = tmpDir({ "sites-enabled/a.conf": site("a"), "sites-enabled/b.conf": site("b"), "sites-enabled/c.conf": site("c") });
    const r = cli(["-f", "json", path.join(dir, "sites-enabled")]);
    const found = (JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number; message: string }[] }[]).flatMap((f) =>
      f.messages.filter((m) => m.ruleId === "include-not-found").map((m) => ({ file: path.basename(f.filePath), line: m.line, message: m.message })),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toEqual(expect.objectContaining({ file: "a.conf", line: 4 }));
    expect(found[0].message).toContain(missing);
    expect(found[0].message).toContain("(3 includes of it in all: reported here only)");
  });
});

describe("findings about a missing directive", () => {
  const absenceRules = allRules().filter((r) => r.meta.absence?.length);

  test("rules declare which of their messages say something is missing, and only messages they have", () => {
    expect(absenceRules.length).toBeGreaterThan(10);
    for (const r of absenceRules) for (const id of r.meta.absence ?? []) expect(Object.keys(r.meta.messages)).toContain(id);
  });

  test.each(absenceRules.map((r) => r.meta.id))("%s has a clean case with an unreadable include in scope", (id) => {
    const dir = path.resolve("fixtures/rules", id);
    const cases = fs.readdirSync(dir).filter((n) => n.startsWith("clean-unreadable-include"));
    expect(cases).not.toEqual([]);
  });
});
