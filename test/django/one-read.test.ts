/**
 * The Django side is read once per run: the Apache rules that need a
 * mod_wsgi application's settings (WSGIPassAuthorization, the static and
 * media aliases) read them through the run's Django model, as the django/*
 * rules do, not with a reader of their own.
 */
import fs from "node:fs";
import path from "node:path";
import { jest } from "@jest/globals";
import { lintFiles } from "../../src/engine/run.js";

test("a run with the Apache rules and the django/* rules opens the settings file once", () => {
  const dir = path.resolve("fixtures/rules/apache/wsgi-pass-authorization-off/fires-token-auth-daemon");
  const settings = path.join(dir, "tree/api/api/settings.py");
  const open = jest.spyOn(fs, "openSync");
  try {
    const run = lintFiles([path.join(dir, "httpd.conf")], { cwd: dir, map: [{ from: "/srv", to: path.join(dir, "tree") }], serverRoot: dir });
    const ids = run.results.flatMap((r) => r.messages.map((m) => m.ruleId));
    // Both kinds of reader asked: the Apache rule found the settings, and the django/* rules ran on them.
    expect(ids).toContain("apache/wsgi-pass-authorization-off");
    expect(run.django?.projects.map((p) => p.settingsFiles)).toEqual([["/srv/api/api/settings.py"]]);
    expect(open.mock.calls.filter(([p]) => path.resolve(String(p)) === settings)).toHaveLength(1);
  } finally {
    open.mockRestore();
  }
});
