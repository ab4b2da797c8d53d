/**
 * Rendering a template the way its tool does, for the oracle tests: Jinja2
 * as Ansible sets it up (`trim_blocks`; Salt's `salt['pillar.get']` from the
 * variables when asked), ERB with Chef's `-` trim mode and the variables as
 * `@instance` variables (and `node[...]`). Python's jinja2 and Ruby must be
 * installed; `renderer()` says which are.
 */
import { spawnSync } from "node:child_process";

const JINJA = `
import json, sys, jinja2
req = json.load(sys.stdin)
env = jinja2.Environment(trim_blocks=req["trim_blocks"], keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
vars = req["vars"]
if req["salt"]:
    pillar = vars
    def pillar_get(key, default=None):
        v = pillar
        for part in key.split(":"):
            if not isinstance(v, dict) or part not in v:
                return default
            v = v[part]
        return v
    vars = {"salt": {"pillar.get": pillar_get}, "pillar": pillar}
sys.stdout.write(env.from_string(req["template"]).render(**vars))
`;

const ERB = `
require "erb"
require "json"
req = JSON.parse($stdin.read)
scope = Object.new
req["vars"].each { |k, v| scope.instance_variable_set("@#{k}", v) }
node = req["vars"]["node"] || {}
scope.define_singleton_method(:node) { node }
print ERB.new(req["template"], trim_mode: "-").result(scope.instance_eval { binding })
`;

const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: "utf8" }).status === 0;
let available: { jinja: boolean; erb: boolean } | undefined;

/** Which engines can render here. */
export function renderer(): { jinja: boolean; erb: boolean } {
  available ??= { jinja: has("python3", ["-c", "import jinja2"]), erb: has("ruby", ["-rerb", "-rjson", "-e", "0"]) };
  return available;
}

export function render(engine: "jinja" | "erb", template: string, vars: unknown, opts: { salt?: boolean } = {}): string {
  const input = JSON.stringify({ template, vars, salt: opts.salt ?? false, trim_blocks: !opts.salt });
  const r = engine === "jinja" ? spawnSync("python3", ["-c", JINJA], { input, encoding: "utf8" }) : spawnSync("ruby", ["-e", ERB], { input, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`rendering failed: ${r.stderr}`);
  return r.stdout;
}
