/**
 * What a run says besides its findings, and what it withholds whatever the
 * rule (issue 18, item 7):
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
    const found = (JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number; message: string }[] }[])
      .flatMap((f) => f.messages.filter((m) => m.ruleId === "include-not-found").map((m) => ({ file: path.basename(f.filePath), line: m.line, message: m.message })));
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
