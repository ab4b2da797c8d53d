/** Runs the built CLI as a user would: a separate node process, real argv, env and exit code. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const CLI = path.resolve("dist/cli.js");

export function cli(args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string; input?: string } = {}) {
  if (!fs.existsSync(CLI)) throw new Error("dist/cli.js is missing: run `npm run build` (npm test does)");
  const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? process.cwd(),
    env: env as NodeJS.ProcessEnv,
    encoding: "utf8",
    input: opts.input ?? "",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
