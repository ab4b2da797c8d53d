/**
 * A Dockerfile, read for the one thing the Django side asks of it: the
 * `DJANGO_SETTINGS_MODULE` its image gives the container (`ENV`), which the
 * app server's process inherits when nothing started later replaces it.
 *
 * The builder's syntax (Dockerfile reference, docs.docker.com/reference/dockerfile):
 * parser directives at the top (`# escape=`` ` changes the escape character),
 * comment lines (also inside a continued instruction), lines continued by the
 * escape character, heredocs (`RUN <<EOF ... EOF`, whose lines are not
 * instructions), `ENV key=value ...` and the older `ENV key value`. The image
 * is the stage built: the last, or the one a Compose file names
 * (`build.target`), with the environment of the stages it is built FROM.
 * A variable in the value (`ENV DJANGO_SETTINGS_MODULE=proj.settings.${STAGE}`)
 * is the stage's `ARG`: the value the build gives it (Compose's `build.args`),
 * else its default; unknown without either.
 */
import path from "node:path";
import type { FsFacade } from "../../load/fs-facade.js";

const MODULE = "DJANGO_SETTINGS_MODULE";
/** A Dockerfile larger than this is not read (real ones are a few kilobytes). */
const MAX_BYTES = 256 * 1024;

/** The module an image sets: its value ("unknown" for one the linter cannot read) and the line of its `ENV`. */
export interface ImageSettingsModule {
  value: string | "unknown";
  file: string;
  line: number;
}

interface Stage {
  name: string | null;
  /** The image the stage's chain of stages starts FROM (`postgres:16`, `docker.io/python:${PYTHON_VERSION}`). */
  image: string;
  /** The stage it is built FROM, when that is a stage of this file. */
  parent: Stage | null;
  module?: { value: string | "unknown"; line: number };
  /** The working directory (`WORKDIR`), absolute; "/" until one is set. */
  workdir: string;
  /** Directories of the build context copied in (`COPY . .`, `COPY src/ /app/`): context-relative source, image path. */
  copies: { from: string; to: string }[];
  /** The stage's `ARG`s: the build's value (Compose `build.args`), else the default; undefined when neither. */
  args: Map<string, string | undefined>;
}

/**
 * Where the image built from `file` (at stage `target`, else the last) holds directories of its build context:
 * `WORKDIR /app` and `COPY . .` put the context at /app. Only whole directories (`.`, `src/`) copied from the context
 * (not `--from` another stage), in the stage built and those it is built FROM; a later copy over the same place wins.
 */
export function imageCopies(fs: FsFacade, file: string, context: string, target?: string): { from: string; to: string }[] {
  const stages = stagesOf(fs, file);
  const chain: Stage[] = [];
  for (let st = target ? stages.find((x) => x.name === target.toLowerCase()) : stages[stages.length - 1]; st; st = st.parent ?? undefined) chain.unshift(st);
  return chain
    .flatMap((st) => st.copies)
    .filter((c) => fs.kind(path.join(context, c.from)) === "dir")
    .reverse();
}

/** Images of services that are not a Python application: what a Compose service builds FROM them runs no project. */
const NOT_PYTHON_IMAGE =
  /^(?:[\w.-]+(?::\d+)?\/)*(?:postgres|postgis|mysql|mariadb|redis|memcached|mongo|rabbitmq|elasticsearch|opensearch|minio|nginx|httpd|lighttpd|openresty|traefik|caddy|haproxy|varnish|node)(?:[:@]|$)/;

/** Whether the image built from `file` (at stage `target`, else the last) starts FROM a database, cache, proxy or Node image. */
export function buildsOtherImage(fs: FsFacade, file: string, target?: string): boolean {
  const stages = stagesOf(fs, file);
  const st = target ? stages.find((x) => x.name === target.toLowerCase()) : stages[stages.length - 1];
  return !!st && NOT_PYTHON_IMAGE.test(st.image.toLowerCase());
}

/** A file named as a Dockerfile: `Dockerfile`, `Dockerfile.prod`, `prod.Dockerfile`, `Containerfile`. */
export function isDockerfileName(file: string): boolean {
  return /^(Dockerfile|Containerfile)([.-][\w.-]+)?$|\.(Dockerfile|Containerfile)$/i.test(path.posix.basename(file));
}

/** The settings module the image built from `file` (at stage `target`, else the last) sets; undefined when it sets none. */
export function imageSettingsModule(fs: FsFacade, file: string, target?: string, buildArgs: Record<string, string> = {}): ImageSettingsModule | undefined {
  const stages = stagesOf(fs, file, buildArgs);
  let stage = target ? stages.find((s) => s.name === target.toLowerCase()) : stages[stages.length - 1];
  // A target the file does not have: the build fails, and says nothing of the environment.
  for (; stage; stage = stage.parent ?? undefined) if (stage.module) return { ...stage.module, file };
  return undefined;
}

/** Each file system's Dockerfiles, read once per set of build arguments (a Compose service asks twice, every site again). */
const readFiles = new WeakMap<FsFacade, Map<string, Stage[]>>();

/** The stages of the Dockerfile `file` under `buildArgs`; none when it cannot be read or is too large. */
function stagesOf(fs: FsFacade, file: string, buildArgs: Record<string, string> = {}): Stage[] {
  let byKey = readFiles.get(fs);
  if (!byKey) readFiles.set(fs, (byKey = new Map()));
  const key = `${file}\0${JSON.stringify(buildArgs)}`;
  let stages = byKey.get(key);
  if (!stages) {
    const text = fs.read(file).text;
    byKey.set(key, (stages = text === undefined || text.length > MAX_BYTES ? [] : readStages(text, buildArgs)));
  }
  return stages;
}

/** The stages of a Dockerfile, each with the last `DJANGO_SETTINGS_MODULE` its own `ENV`s set. */
function readStages(text: string, buildArgs: Record<string, string> = {}): Stage[] {
  const lines = text.split(/\r?\n/);
  let escape = "\\";
  let i = 0;
  // Parser directives: `# key=value` lines before anything else (a blank line or another comment ends them).
  for (; i < lines.length; i++) {
    const d = /^#\s*([a-z]+)\s*=\s*(\S+)\s*$/i.exec(lines[i]);
    if (!d) break;
    if (d[1].toLowerCase() === "escape" && (d[2] === "`" || d[2] === "\\")) escape = d[2];
  }
  const stages: Stage[] = [];
  const byName = new Map<string, Stage>();
  const blankOrComment = (line: string) => /^\s*(#.*)?$/.test(line);
  while (i < lines.length) {
    if (blankOrComment(lines[i])) {
      i++;
      continue;
    }
    // One instruction: its first line and the lines its escape character continues (comment and empty lines among
    // them are dropped, as the builder drops them).
    const first = i;
    let words = "";
    for (;;) {
      const t = lines[i++].replace(/\s+$/, "");
      if (!t.endsWith(escape)) {
        words += t;
        break;
      }
      words += t.slice(0, -1) + " ";
      while (i < lines.length && blankOrComment(lines[i])) i++;
      if (i >= lines.length) break;
    }
    const m = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(words);
    if (!m) continue;
    const op = m[1].toUpperCase();
    const rest = m[2];
    // Heredocs (`<<EOF`, `<<-"EOF"`): their bodies follow the instruction and are no instructions.
    if (op === "RUN" || op === "COPY" || op === "ADD")
      for (const h of rest.matchAll(/<<(-?)(["']?)([A-Za-z_][\w.-]*)\2/g)) {
        const strip = h[1] === "-";
        while (i < lines.length && (strip ? lines[i].replace(/^\t+/, "") : lines[i]) !== h[3]) i++;
        i++;
      }
    if (op === "FROM") {
      const w = rest.split(/\s+/).filter((x) => x && !x.startsWith("--"));
      const parent = byName.get((w[0] ?? "").toLowerCase()) ?? null;
      const name = w.length >= 3 && w[1].toLowerCase() === "as" ? w[2].toLowerCase() : null;
      const stage: Stage = { name, parent, image: parent ? parent.image : (w[0] ?? ""), workdir: parent?.workdir ?? "/", copies: [], args: new Map() };
      stages.push(stage);
      if (name) byName.set(name, stage);
    } else if (op === "WORKDIR" && stages.length) {
      const st = stages[stages.length - 1];
      // `WORKDIR ${APP_HOME}` with `ARG APP_HOME=/app` (cookiecutter-django's): the ARG's value.
      const dir = substituted(rest.trim().replace(/^["']|["']$/g, ""), st.args);
      if (dir) st.workdir = path.posix.resolve(st.workdir, dir);
    } else if ((op === "COPY" || op === "ADD") && stages.length) {
      const st = stages[stages.length - 1];
      const raw = rest.trim().startsWith("[") ? jsonWords(rest) : rest.trim().split(/\s+/);
      if (!raw || raw.some((w) => /^--from\b/.test(w))) continue;
      const words = raw.map((w) => (w.includes("$") && !w.startsWith("--") ? substituted(w, st.args) : w));
      if (words.some((w) => w === null)) continue;
      const args = (words as string[]).filter((w) => !w.startsWith("--"));
      if (args.length < 2 || args.some((w) => /[*?[]/.test(w))) continue;
      const to = path.posix.resolve(st.workdir, args[args.length - 1]);
      // A directory's contents go into the destination (which of the sources are directories, the context says).
      for (const from of args.slice(0, -1)) {
        const src = path.posix.normalize(from).replace(/(.)\/+$/, "$1");
        if (!src.startsWith("..") && !src.startsWith("/")) st.copies.push({ from: src, to });
      }
    } else if (op === "ARG" && stages.length) {
      // `ARG NAME[=default]` in a stage: the value a build gives it (`--build-arg`, Compose's `build.args`), else the default.
      for (const w of rest.trim().split(/\s+/)) {
        const m = /^([A-Za-z_]\w*)(?:=(.*))?$/.exec(w);
        if (m) stages[stages.length - 1].args.set(m[1], buildArgs[m[1]] ?? m[2]?.replace(/^(["'])(.*)\1$/, "$2"));
      }
    } else if (op === "ENV" && stages.length) {
      const value = envValue(rest, escape, stages[stages.length - 1].args);
      if (value !== undefined) stages[stages.length - 1].module = { value, line: first + 1 };
    }
  }
  return stages;
}

/** The words of an exec-form instruction (`COPY ["a b", "/app/"]`); null when it is not a JSON list of strings. */
function jsonWords(text: string): string[] | null {
  try {
    const v: unknown = JSON.parse(text.trim());
    return Array.isArray(v) && v.every((w) => typeof w === "string") ? (v as string[]) : null;
  } catch {
    return null;
  }
}

/** `DJANGO_SETTINGS_MODULE` as one `ENV` instruction's arguments set it; undefined when they do not set it. */
function envValue(args: string, escape: string, vars: ReadonlyMap<string, string | undefined>): string | "unknown" | undefined {
  const trimmed = args.trim();
  // The older form, `ENV key value`: a first word without `=`, the value the rest of the line.
  const key = trimmed.split(/\s/, 1)[0];
  if (!key.includes("=")) return key === MODULE ? checked(substituted(trimmed.slice(key.length).trim(), vars)) : undefined;
  let found: string | "unknown" | undefined;
  for (const [key, value, literal] of pairs(trimmed, escape)) if (key === MODULE) found = checked(literal ? value : substituted(value, vars));
  return found;
}

/** `$NAME`, `${NAME}` and `${NAME:-default}` filled from the stage's ARGs; null when one has no value. */
function substituted(value: string, vars: ReadonlyMap<string, string | undefined>): string | null {
  let unknown = false;
  const out = value.replace(
    /\$\{([A-Za-z_]\w*)(?::-([^}]*))?\}|\$([A-Za-z_]\w*)/g,
    (_, a: string | undefined, def: string | undefined, b: string | undefined) => {
      const v = vars.get((a ?? b) as string) || def;
      if (v === undefined) unknown = true;
      return v ?? "";
    },
  );
  return unknown ? null : out;
}

/** `key=value` pairs, values unquoted; whether a value is literal (single quotes: no variable is filled in). */
function* pairs(text: string, escape: string): Generator<[string, string, boolean]> {
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    const eq = text.indexOf("=", i);
    if (eq < 0) return;
    const key = text.slice(i, eq);
    i = eq + 1;
    let value = "";
    let literalDollar = false;
    let quote = "";
    for (; i < text.length; i++) {
      const c = text[i];
      if (quote) {
        if (c === quote) quote = "";
        else if (c === escape && quote === '"' && i + 1 < text.length) value += text[++i];
        else {
          if (c === "$" && quote === "'") literalDollar = true;
          value += c;
        }
      } else if (c === '"' || c === "'") quote = c;
      else if (c === escape && i + 1 < text.length) value += text[++i];
      else if (/\s/.test(c)) break;
      else value += c;
    }
    yield [key, value, literalDollar];
  }
}

/** A module name, or "unknown" for anything else (a variable without a value, an empty value). */
function checked(value: string | null): string | "unknown" {
  if (value === null) return "unknown";
  const v = value.trim().replace(/^(["'])(.*)\1$/, "$2");
  return /^[A-Za-z_][\w.]*$/.test(v) && !v.includes("$") ? v : "unknown";
}

/** Dockerfiles of a development image (`Dockerfile.dev`, `local.Dockerfile`): not the one a deployment builds. */
const DEVELOPMENT_IMAGE = /(^|[.-])(dev|devel|development|local|test|tests|testing|ci|debug)([.-]|$)/i;
/** Directories above the project root looked at, at most (up to the repository's root, the directory holding `.git`). */
const MAX_DIRS_UP = 3;
/** Names asked for outside the project root, one stat each: a directory above it is never listed. */
const NAMES_ABOVE = ["Dockerfile", "Containerfile", "Dockerfile.prod", "Dockerfile.production"];

/**
 * The settings module the Dockerfiles of a project set (in its root, or by their usual names up to the repository's
 * root): the one they agree on, "unknown" when they do not, undefined when none sets it. A development image's
 * Dockerfile (`Dockerfile.dev`) counts only when the project has no other.
 */
export function projectImageSettingsModule(fs: FsFacade, root: string): ImageSettingsModule | "unknown" | undefined {
  const local = fs.local(root);
  const files = (fs.list(local) ?? []).filter(isDockerfileName).map((n) => path.join(local, n));
  for (let d = local, up = 0; up < MAX_DIRS_UP && fs.kind(path.join(d, ".git")) === null && d !== path.dirname(d); up++) {
    d = path.dirname(d);
    for (const n of NAMES_ABOVE) if (fs.kind(path.join(d, n)) === "file") files.push(path.join(d, n));
  }
  const development = (f: string) => DEVELOPMENT_IMAGE.test(path.basename(f).replace(/^(Dockerfile|Containerfile)/i, ""));
  // A development image's Dockerfile says nothing of what a deployment runs when there is another one (which may
  // leave the module to the scripts' default).
  const deployedFiles = files.filter((f) => !development(f));
  const set = (deployedFiles.length ? deployedFiles : files).flatMap((f) => imageSettingsModule(fs, f) ?? []);
  if (!set.length) return undefined;
  return new Set(set.map((f) => f.value)).size === 1 && set[0].value !== "unknown" ? set[0] : "unknown";
}
