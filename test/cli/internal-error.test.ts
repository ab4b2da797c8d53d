/**
 * A rule that throws, seen from the command line: the report is printed with
 * one internal-error finding and the other rules' findings, and the exit code
 * is 2 (an internal error), not 1.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { rules } from "../../rules/index.js";
import { main, type Io } from "../../src/cli/main.js";
import { defineRule, type Rule } from "../../src/rule-api.js";

const thrower = defineRule<"apache">({
  dialect: "apache",
  meta: { id: "apache/test-throws", severity: "warning", summary: "Throws", rationale: "test", seeds: [], messages: { d: "found" } },
  check() {
    throw new Error("boom");
  },
}) as Rule;

test("the CLI prints the report, with the internal-error and the other findings, and exits 2", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-conf-internal-"));
  const file = path.join(dir, "site.conf");
  fs.writeFileSync(file, "<VirtualHost *:80>\n  PythonDebug On\n</VirtualHost>\n");
  let out = "";
  let err = "";
  const io: Io = {
    stdout: { write: (s: string | Uint8Array) => (out += String(s)) },
    stderr: { write: (s: string | Uint8Array) => (err += String(s)) },
    env: {},
    cwd: dir,
    readStdin: () => Buffer.alloc(0),
  } as unknown as Io;
  (rules as Rule[]).push(thrower);
  try {
    const code = await main(["-f", "json", "--no-config", file], io);
    const messages = (JSON.parse(out) as { messages: { ruleId: string; message: string }[] }[]).flatMap((r) => r.messages);
    expect(messages.filter((m) => m.ruleId === "internal-error").map((m) => m.message)).toEqual([
      "rule apache/test-throws failed on site.conf (a bug in djlint-conf, please report it): boom",
    ]);
    expect(messages.map((m) => m.ruleId)).toContain("apache/python-debug-on");
    expect(code).toBe(2);
    expect(err).toBe("");
  } finally {
    (rules as Rule[]).splice((rules as Rule[]).indexOf(thrower), 1);
  }
});
