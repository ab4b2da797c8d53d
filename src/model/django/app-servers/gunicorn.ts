/**
 * A gunicorn configuration file: Python, read with the settings evaluator
 * (never run). gunicorn reads the module's top-level names: `bind` (a string
 * or a list), `wsgi_app`, `raw_env` (`"K=V"` or a list), `chdir`,
 * `pythonpath` (comma-separated). A name the evaluator cannot compute is
 * unknown with its reason; an environment lookup with a default keeps the
 * default as an uncertain value.
 */
import type { Binding, ModuleResult } from "../python/module.js";
import type { PyValue } from "../python/values.js";
import { envWithConfig, newServer, parseAddress, type AppServer, type Fact } from "./types.js";

/** The gunicorn server a configuration module describes (the command line may add to it). */
export function gunicornFromConfig(result: ModuleResult): AppServer {
  const at = { file: result.file, line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };
  const s = newServer("gunicorn", "gunicorn-config", at);
  if (result.error) {
    s.unknown.push({ what: "the configuration", reason: result.error, at });
    return s;
  }
  const strings = (name: string): { values: string[]; binding: Binding; uncertain?: string; env?: string } | null => {
    const b = result.names.get(name);
    if (!b) return null;
    let v: PyValue = b.value;
    let uncertain: string | undefined;
    let env: string | undefined;
    if (v.kind === "unknown") {
      if (v.default === undefined) {
        s.unknown.push({ what: name, reason: v.reason, at: b.at });
        return null;
      }
      uncertain = `the default of ${v.reason}`;
      env = v.env;
      v = v.default;
    }
    const items = v.kind === "list" || v.kind === "tuple" ? v.items : [v];
    const values: string[] = [];
    for (const i of items) {
      if (i.kind === "str") values.push(i.value);
      else if (i.kind === "unknown" && i.default?.kind === "str") {
        values.push(i.default.value);
        uncertain ??= `the default of ${i.reason}`;
      } else {
        s.unknown.push({ what: name, reason: i.kind === "unknown" ? i.reason : `not a string (${i.kind})`, at: b.at });
        return null;
      }
    }
    return { values, binding: b, uncertain, ...(env ? { env } : {}) };
  };
  const fact = (value: string, b: Binding, uncertain?: string): Fact => ({ value, at: b.at, ...(uncertain ? { uncertain } : {}) });
  const bind = strings("bind");
  for (const v of bind?.values ?? []) {
    const l = parseAddress(v, "http", (bind as { binding: Binding }).binding.at, 8000);
    if (!l) s.unknown.push({ what: "bind", reason: `not an address: ${v}`, at: (bind as { binding: Binding }).binding.at });
    else s.listen.push(bind?.uncertain ? { ...l, uncertain: bind.uncertain, ...(bind.env ? { fromEnv: bind.env } : {}) } : l);
  }
  const app = strings("wsgi_app");
  if (app?.values.length) s.app = fact(app.values[0], app.binding, app.uncertain);
  const chdir = strings("chdir");
  if (chdir?.values.length) s.chdir = fact(chdir.values[0], chdir.binding, chdir.uncertain);
  const pp = strings("pythonpath");
  for (const v of pp?.values ?? [])
    for (const part of v.split(",")) if (part.trim()) s.pythonPath.push(fact(part.trim(), (pp as { binding: Binding }).binding, pp?.uncertain));
  const raw = strings("raw_env");
  for (const kv of raw?.values ?? []) {
    const eq = kv.indexOf("=");
    if (eq > 0) s.env[kv.slice(0, eq)] = fact(kv.slice(eq + 1), (raw as { binding: Binding }).binding, raw?.uncertain);
  }
  if (s.env.DJANGO_SETTINGS_MODULE) s.settingsModule = s.env.DJANGO_SETTINGS_MODULE;
  return s;
}

/**
 * A command-line server combined with its `--config` file: the command line wins, as in gunicorn; the file's
 * `raw_env` replaces what the environment it starts in sets (gunicorn writes it into `os.environ` once started).
 */
export function mergeGunicorn(cmd: AppServer, conf: AppServer): AppServer {
  const env = envWithConfig(cmd.env, conf.env);
  const defaults = cmd.listen.every((l) => l.isDefault);
  // `bind = os.environ.get("GUNICORN_BIND", default)`: the variable the command's environment (a unit's) sets; the
  // value written there, uncertain as that environment is (a file that cannot be read may override it).
  const confListen = conf.listen.flatMap((l) => {
    const set = l.fromEnv ? cmd.env[l.fromEnv] : undefined;
    if (!set) return [l];
    const given = set.value
      .split(",")
      .map((v) => parseAddress(v.trim(), l.protocol, set.at, 8000))
      .filter((x): x is NonNullable<typeof x> => x !== null)
      .map((x) => (set.uncertain ? { ...x, uncertain: set.uncertain } : x));
    return given.length ? given : [l];
  });
  return {
    ...cmd,
    listen: defaults && confListen.length ? confListen : cmd.listen.length ? cmd.listen : confListen,
    app: cmd.app ?? conf.app,
    // The config file's `chdir` moves gunicorn from where it was started (systemd's WorkingDirectory=); `--chdir` beats it.
    chdir: cmd.chdir === cmd.startedIn ? (conf.chdir ?? cmd.chdir) : (cmd.chdir ?? conf.chdir),
    pythonPath: [...cmd.pythonPath, ...conf.pythonPath],
    env,
    settingsModule: env.DJANGO_SETTINGS_MODULE ?? cmd.settingsModule ?? conf.settingsModule,
    unknown: [...cmd.unknown, ...conf.unknown],
  };
}
