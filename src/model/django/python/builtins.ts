/**
 * The library calls settings files are made of, modelled without running
 * them: `os.path`, `pathlib.Path`, `os.environ`/`os.getenv`, django-environ,
 * environs, typenv and python-decouple lookups (their default is recorded as
 * "default, may be overridden"), `str` methods and the builtin conversions.
 * A call not listed here is unknown.
 */
import path from "node:path";
import { strFormat, toStr } from "./strings.js";
import { bool, builtin, hasUnknown, NONE, num, str, truthy, unknown, type EnvLib, type PyValue } from "./values.js";

export interface CallArgs {
  args: PyValue[];
  kwargs: Map<string, PyValue>;
}

/** What `import x` / `from x import y` binds, for the modules the evaluator models. */
export function moduleValue(dotted: string): PyValue | null {
  switch (dotted) {
    case "os":
    case "os.path":
    case "pathlib":
    case "environ":
    case "decouple":
    case "sys":
      return builtin(dotted);
    case "posixpath":
      return builtin("os.path");
    default:
      return null;
  }
}

/** `from module import name` for modelled modules. */
export function importedName(module: string, name: string): PyValue | null {
  if (module === "environs" && name === "Env") return builtin("environs.Env");
  if (module === "typenv" && name === "Env") return builtin("typenv.Env");
  if (module === "environ" && (name === "Env" || name === "FileAwareEnv")) return builtin("environ.Env");
  if (module === "environ" && name === "Path") return builtin("environ.Path");
  if (module === "decouple" && (name === "config" || name === "Csv")) return builtin(`decouple.${name}`);
  const mod = moduleValue(module);
  return mod ? attribute(mod, name) : null;
}

const OS_PATH = new Set(["join", "dirname", "abspath", "normpath", "realpath", "basename", "expanduser", "exists", "isdir", "isfile"]);
const STR_METHODS = new Set(["format", "split", "rsplit", "strip", "lstrip", "rstrip", "lower", "upper", "replace", "join", "startswith", "endswith"]);
const ENV_METHODS = new Set([
  "bool",
  "str",
  "int",
  "float",
  "list",
  "tuple",
  "dict",
  "json",
  "url",
  "db",
  "db_url",
  "cache",
  "cache_url",
  "email",
  "email_url",
  "search_url",
  "path",
  "decimal",
  "parse_value",
]);

/** `obj.name`. */
export function attribute(obj: PyValue, name: string): PyValue {
  if (obj.kind === "unknown") return obj;
  if (obj.kind === "builtin") {
    const n = obj.name;
    if (n === "os") {
      if (name === "path") return builtin("os.path");
      if (name === "environ") return builtin("os.environ");
      if (name === "sep") return str("/");
      if (name === "pardir") return str("..");
      if (name === "curdir") return str(".");
      return builtin(`os.${name}`);
    }
    if (n === "os.path")
      return OS_PATH.has(name) ? builtin(`os.path.${name}`) : name === "sep" ? str("/") : name === "pardir" ? str("..") : unknown(`os.path.${name}`);
    if (n === "os.environ") return builtin(`os.environ.${name}`);
    if (n === "pathlib") return ["Path", "PurePath", "PosixPath", "PurePosixPath"].includes(name) ? builtin("pathlib.Path") : unknown(`pathlib.${name}`);
    if (n === "environ")
      return name === "Env" || name === "FileAwareEnv" ? builtin("environ.Env") : name === "Path" ? builtin("environ.Path") : unknown(`environ.${name}`);
    if (n === "decouple") return name === "config" || name === "Csv" ? builtin(`decouple.${name}`) : unknown(`decouple.${name}`);
    if (n === "env" && obj.env) {
      if (name === "read_env" || name === "smart_cast") return builtin("env.noop");
      return ENV_METHODS.has(name) ? builtin(`env.${name}`, { env: obj.env, scheme: obj.scheme }) : unknown(`${envName(obj.env)}.${name}`);
    }
    if (n === "environ.Path.value" && obj.self) {
      if (name === "path") return builtin("environ.Path.path", { self: obj.self });
      if (name === "root") return obj.self;
    }
    if (n === "path.parents" || n === "str.method") return unknown(`${n}.${name}`);
    return unknown(`${n}.${name}`);
  }
  if (obj.kind === "path") {
    if (name === "parent") return { kind: "path", value: path.posix.dirname(obj.value) };
    if (name === "name") return str(path.posix.basename(obj.value));
    if (name === "parents") return builtin("path.parents", { self: obj });
    if (["resolve", "absolute", "joinpath", "expanduser", "as_posix"].includes(name)) return builtin(`path.${name}`, { self: obj });
    return unknown(`Path.${name}`);
  }
  if (obj.kind === "str" && STR_METHODS.has(name)) return builtin(`str.${name}`, { self: obj });
  if (obj.kind === "dict" && name === "get") return builtin("dict.get", { self: obj });
  return unknown(`the attribute .${name} of a ${obj.kind}`);
}

function envName(lib: EnvLib): string {
  return lib === "decouple" ? "config" : "env";
}

/** Text of a path-like value: a string, a pathlib path, a django-environ Path (os.fspath of it). */
const asPathText = (v: PyValue): string | null =>
  v.kind === "str" || v.kind === "path" ? v.value : v.kind === "builtin" && v.name === "environ.Path.value" && v.self?.kind === "path" ? v.self.value : null;

/** Python's posixpath.join: an absolute part starts over. */
function joinPaths(parts: string[]): string {
  let out = "";
  for (const p of parts) {
    if (p.startsWith("/")) out = p;
    else if (out === "" || out.endsWith("/")) out += p;
    else out += "/" + p;
  }
  return out;
}

/** posixpath.dirname: everything up to the last slash, trailing slashes dropped unless it is all slashes. */
function dirname(p: string): string {
  const head = p.slice(0, p.lastIndexOf("/") + 1);
  return head && !/^\/+$/.test(head) ? head.replace(/\/+$/, "") : head;
}

/** pathlib's normalisation: repeated and trailing slashes and `.` parts go, `..` stays. */
function purePath(p: string): string {
  if (p === "") return ".";
  const abs = p.startsWith("/");
  const parts = p.split("/").filter((s) => s !== "" && s !== ".");
  const body = parts.join("/");
  return abs ? "/" + body : body || ".";
}

function envLookup(key: PyValue, how: string, dflt?: PyValue): PyValue {
  if (key.kind !== "str") return unknown(`${how} of a name the linter cannot read`);
  return { ...(unknown(`the environment variable ${key.value} (${how})`, dflt) as Extract<PyValue, { kind: "unknown" }>), env: key.value };
}

/** Calls a modelled function. `describe` names the callee as written, for reasons. */
export function callBuiltin(fn: Extract<PyValue, { kind: "builtin" }>, a: CallArgs, describe: string): PyValue {
  const [x, y] = a.args;
  const kw = (k: string) => a.kwargs.get(k);
  switch (fn.name) {
    case "os.path.join":
    case "os.path.dirname":
    case "os.path.basename":
    case "os.path.normpath":
    case "os.path.abspath":
    case "os.path.realpath":
      return osPath(fn.name.slice(8), a, describe);
    case "os.getenv":
    case "os.environ.get":
      return envLookup(x ?? NONE, describe, y ?? kw("default") ?? NONE);
    case "os.environ.setdefault":
      return envLookup(x ?? NONE, describe, y ?? NONE);
    case "pathlib.Path": {
      const parts = a.args.map(asPathText);
      if (!parts.every((p): p is string => p !== null)) return unknown(`${describe}() of a value the linter cannot read`);
      return { kind: "path", value: purePath(joinPaths(parts)) };
    }
    case "path.resolve":
    case "path.absolute":
    case "path.expanduser":
    case "path.as_posix":
    case "path.joinpath":
      return pathMethod(fn, a, describe);
    case "str":
      return x === undefined ? str("") : toStr(x);
    case "int":
    case "float":
      return toNumber(x, fn.name);
    case "bool":
      return x === undefined ? bool(false) : truthOf(x);
    case "list":
    case "tuple":
    case "set":
      return x === undefined ? { kind: fn.name, items: [] } : toSequence(x, fn.name);
    case "dict":
      if (a.args.length) return unknown("dict() of a value");
      return { kind: "dict", entries: [...a.kwargs].map(([k, v]) => [str(k), v]) };
    case "environ.Env":
      return builtin("env", { env: "django-environ", scheme: Object.fromEntries(a.kwargs) });
    case "environs.Env":
      return builtin("env", { env: "environs" });
    case "typenv.Env":
      return builtin("env", { env: "typenv" });
    case "env":
    case "env.bool":
    case "env.str":
    case "env.int":
    case "env.float":
    case "env.list":
    case "env.tuple":
    case "env.path":
      return envCall(fn, a, describe);
    case "env.noop":
      return NONE;
    case "decouple.config":
      return decoupleConfig(a, describe);
    case "decouple.Csv":
      return builtin("decouple.Csv.value", { self: { kind: "tuple", items: a.args } });
    case "environ.Path":
    case "environ.Path.value":
    case "environ.Path.path":
      return environPath(fn, a, describe);
    case "dict.get":
      return dictGet(fn, a, describe);
    default:
      if (fn.name.startsWith("str.") && fn.self?.kind === "str") return strMethod(fn.name.slice(4), fn.self.value, a, describe);
      return unknown(`calls ${describe}(), which the linter does not run`);
  }
}

/** django-environ's `environ.Path(root)`, and calling one: `root("static")` is the joined path's text, `root.path("static")` another Path. */
function environPath(fn: Extract<PyValue, { kind: "builtin" }>, a: CallArgs, describe: string): PyValue {
  if (fn.name === "environ.Path") {
    const p = a.args[0] ? asPathText(a.args[0]) : null;
    return p === null
      ? unknown(`${describe}() of a value the linter cannot read`)
      : builtin("environ.Path.value", { self: { kind: "path", value: purePath(p) } });
  }
  const base = fn.self?.kind === "path" ? fn.self.value : null;
  const parts = a.args.map(asPathText);
  if (base === null || !parts.every((p): p is string => p !== null)) return unknown(`${describe}() of a value the linter cannot read`);
  const joined = path.posix.normalize(joinPaths([base, ...parts]));
  return fn.name === "environ.Path.path" ? builtin("environ.Path.value", { self: { kind: "path", value: joined } }) : str(joined);
}

/** `d.get(key, default)` on a dict the linter knows. */
function dictGet(fn: Extract<PyValue, { kind: "builtin" }>, a: CallArgs, describe: string): PyValue {
  const [x, y] = a.args;
  if (fn.self?.kind !== "dict" || !x) return unknown(describe);
  const hit = fn.self.entries.find(([k]) => k.kind === x.kind && "value" in k && "value" in x && k.value === x.value);
  return hit ? hit[1] : (y ?? NONE);
}

/** `os.path.join/dirname/basename/normpath/abspath/realpath` of known text (posixpath's rules). */
function osPath(name: string, a: CallArgs, describe: string): PyValue {
  if (name === "join") {
    const parts = a.args.map(asPathText);
    return parts.every((p): p is string => p !== null) && parts.length ? str(joinPaths(parts)) : unknown(`${describe}() of a value the linter cannot read`);
  }
  const p = a.args[0] ? asPathText(a.args[0]) : null;
  if (p === null) return unknown(`${describe}() of a value the linter cannot read`);
  if (name === "dirname") return str(dirname(p));
  if (name === "basename") return str(p.slice(p.lastIndexOf("/") + 1));
  if (name !== "normpath" && !p.startsWith("/")) return unknown(`${describe}() of a relative path (depends on the working directory)`);
  // realpath also resolves symbolic links, which a static reader cannot see: read as abspath.
  return str(path.posix.normalize(p).replace(/(?<=.)\/$/, ""));
}

function pathMethod(fn: Extract<PyValue, { kind: "builtin" }>, a: CallArgs, describe: string): PyValue {
  const self = fn.self?.kind === "path" ? fn.self.value : null;
  if (self === null) return unknown(describe);
  if (fn.name === "path.as_posix") return str(self);
  if (fn.name === "path.expanduser") return self.startsWith("~") ? unknown(`${describe}() (a home directory)`) : { kind: "path", value: self };
  if (fn.name === "path.joinpath") {
    const parts = a.args.map(asPathText);
    return parts.every((p): p is string => p !== null)
      ? { kind: "path", value: purePath(joinPaths([self, ...parts])) }
      : unknown(`${describe}() of a value the linter cannot read`);
  }
  // resolve()/absolute() of an absolute path: `..` collapsed (symbolic links are not visible to a static reader).
  if (!self.startsWith("/")) return unknown(`${describe}() of a relative path (depends on the working directory)`);
  return { kind: "path", value: fn.name === "path.resolve" ? path.posix.normalize(self).replace(/(?<=.)\/$/, "") : self };
}

function toNumber(x: PyValue | undefined, kind: "int" | "float"): PyValue {
  if (x === undefined) return num(0);
  if (x.kind === "num") return num(kind === "int" ? Math.trunc(x.value) : x.value);
  if (x.kind === "bool") return num(Number(x.value));
  if (x.kind === "str") {
    const t = x.value.trim().replace(/_/g, "");
    if (kind === "int" ? /^[-+]?\d+$/.test(t) : /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return num(Number(t));
    return unknown(`${kind}() of ${JSON.stringify(x.value)} (Python raises ValueError)`);
  }
  return unknown(`${kind}() of a ${x.kind}`);
}

function truthOf(x: PyValue): PyValue {
  const t = truthy(x);
  return t === null ? unknown("the truth of a value the linter cannot read") : bool(t);
}

function toSequence(x: PyValue, kind: "list" | "tuple" | "set"): PyValue {
  if (x.kind === "list" || x.kind === "tuple" || x.kind === "set") return { kind, items: x.items };
  if (x.kind === "str") return { kind, items: [...x.value].map(str) };
  if (x.kind === "dict") return { kind, items: x.entries.map(([k]) => k) };
  return unknown(`${kind}() of a ${x.kind}`);
}

function strMethod(m: string, s: string, a: CallArgs, describe: string): PyValue {
  const [x, y] = a.args;
  const text = (v: PyValue | undefined) => (v?.kind === "str" ? v.value : null);
  switch (m) {
    case "format":
      return strFormat(s, a.args, a.kwargs);
    case "lower":
      return str(s.toLowerCase());
    case "upper":
      return str(s.toUpperCase());
    case "strip":
    case "lstrip":
    case "rstrip": {
      const chars = x === undefined || x.kind === "none" ? null : text(x);
      if (x !== undefined && x.kind !== "none" && chars === null) return unknown(describe);
      return str(stripChars(s, chars, m));
    }
    case "split":
    case "rsplit": {
      const sep = x === undefined || x.kind === "none" ? null : text(x);
      const max = y ?? a.kwargs.get("maxsplit");
      if ((x !== undefined && x.kind !== "none" && sep === null) || (max !== undefined && !(max.kind === "num" && max.value === -1)))
        return unknown(`${describe}() with a limit`);
      if (sep === "") return unknown("split() with an empty separator (Python raises ValueError)");
      const parts = sep === null ? s.split(/[ \t\n\r\f\v]+/).filter((p) => p !== "") : s.split(sep);
      return { kind: "list", items: parts.map(str) };
    }
    case "replace": {
      const from = text(x);
      const to = text(y);
      return from === null || to === null || a.args.length > 2 ? unknown(describe) : str(from === "" ? unknownReplace(s, to) : s.split(from).join(to));
    }
    case "join": {
      if (!x || !(x.kind === "list" || x.kind === "tuple" || x.kind === "set")) return unknown(`${describe}() of a value the linter cannot read`);
      const items = x.items.map(text);
      return items.every((i): i is string => i !== null) ? str(items.join(s)) : unknown(`${describe}() of items that are not all text`);
    }
    case "startswith":
    case "endswith": {
      const t = text(x);
      return t === null ? unknown(describe) : bool(m === "startswith" ? s.startsWith(t) : s.endsWith(t));
    }
    default:
      return unknown(describe);
  }
}

const unknownReplace = (s: string, to: string) => to + [...s].join(to) + to;

function stripChars(s: string, chars: string | null, how: string): string {
  const set = chars === null ? " \t\n\r\f\v" : chars;
  let a = 0;
  let b = s.length;
  if (how !== "rstrip") while (a < b && set.includes(s[a])) a++;
  if (how !== "lstrip") while (b > a && set.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

/** django-environ's truth values (Env.BOOLEAN_TRUE_STRINGS), also used by environs' and decouple's bool casts. */
const TRUE = new Set(["true", "on", "ok", "y", "yes", "1", "t"]);
const FALSE = new Set(["false", "off", "n", "no", "0", "f", ""]);

/** The default of an environment lookup cast the way the library casts a value read from the environment. */
function castDefault(kind: string, v: PyValue): PyValue | undefined {
  if (v.kind !== "str") return v;
  const t = v.value.trim().toLowerCase();
  if (kind === "bool") return TRUE.has(t) ? bool(true) : FALSE.has(t) ? bool(false) : undefined;
  if (kind === "int" || kind === "float") {
    const n = toNumber(v, kind);
    return n.kind === "num" ? n : undefined;
  }
  if (kind === "list" || kind === "tuple")
    return { kind: kind === "list" ? "list" : "tuple", items: v.value === "" ? [] : v.value.split(",").map((p) => str(p.trim())) };
  return v;
}

/**
 * `env("X", ...)` and `env.bool("X", default=...)`. django-environ returns a
 * default as given (unless `parse_default=True`); its `env()` and `env.list()`
 * take `cast` as the second positional argument, its other casts `default`.
 * environs and typenv take `default` second.
 */
function envCall(fn: Extract<PyValue, { kind: "builtin" }>, a: CallArgs, describe: string): PyValue {
  const lib = fn.env ?? "environs";
  const key = a.args[0];
  const method = fn.name === "env" ? "" : fn.name.slice(4);
  const castSecond = lib === "django-environ" && (method === "" || method === "list" || method === "tuple");
  let dflt = a.kwargs.get("default") ?? (castSecond ? undefined : a.args[1]);
  if (dflt === undefined && lib === "django-environ" && key?.kind === "str") {
    // environ.Env(NAME=(cast, default)): the scheme's default.
    const s = fn.scheme?.[key.value];
    if (s?.kind === "tuple" && s.items.length >= 2) dflt = s.items[1];
  }
  const parse = a.kwargs.get("parse_default");
  if (dflt !== undefined && (lib !== "django-environ" || (parse?.kind === "bool" && parse.value)) && method) dflt = castDefault(method, dflt);
  return envLookup(key ?? NONE, describe, dflt);
}

/** python-decouple's `config("X", default=..., cast=...)`: the default goes through the cast. */
function decoupleConfig(a: CallArgs, describe: string): PyValue {
  const key = a.args[0] ?? NONE;
  const dflt = a.kwargs.get("default") ?? a.args[1];
  if (dflt === undefined) return envLookup(key, describe);
  const cast = a.kwargs.get("cast") ?? a.args[2];
  if (cast === undefined) return envLookup(key, describe, dflt);
  if (cast.kind === "builtin" && ["bool", "int", "float"].includes(cast.name)) {
    const c = castDefault(cast.name, dflt.kind === "bool" || dflt.kind === "num" ? str(String(dflt.kind === "bool" ? dflt.value : dflt.value)) : dflt);
    return envLookup(key, describe, c);
  }
  if (cast.kind === "builtin" && cast.name === "decouple.Csv.value" && dflt.kind === "str") return envLookup(key, describe, castDefault("list", dflt));
  return envLookup(key, describe, hasUnknown(cast) ? undefined : dflt);
}
