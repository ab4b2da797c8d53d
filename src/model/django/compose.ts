/**
 * A Compose file beside a project, read for what it says about directories:
 * the web server and Django run in containers of their own, and a directory
 * the proxy serves is the one Django writes only when both reach it through
 * the same volume (or the same directory of the host). The proxy's service is
 * the one whose bind mount or build context holds the configuration being
 * linted (the deepest one); Django's are the others whose build context or
 * bind mount holds the project. A container path leads to the mount with the
 * longest target above it, or to the container's own files.
 *
 * The answer is yes, no or unknown, and unknown wins whenever the file says
 * less than it seems: several Compose files that may merge, `extends`,
 * `volumes_from`, a variable in a path, a named volume declared with driver
 * options (it may be a directory of the host), the proxy serving its own files
 * (an image may hold them: `COPY --from` a build stage), or a project whose
 * place in its container no map or bind mount says.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type { FsFacade } from "../../load/fs-facade.js";
import { splitCommand } from "./app-servers/command.js";
import { readEnvFile } from "./app-servers/units.js";
import { buildsOtherImage, imageCopies, imageSettingsModule } from "./dockerfile.js";

type Yaml = typeof import("yaml");
let yaml: Yaml | undefined;
function loadYaml(): Yaml {
  if (yaml) return yaml;
  try {
    // In the CommonJS bundle esbuild resolves this literal call (a chunk of its own, initialised here).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load the bundler must see as require()
    yaml = require("yaml") as Yaml;
  } catch {
    // ESM has no `require` (the tests), and esbuild's ESM output stubs it.
    yaml = createRequire(import.meta.url)("yaml") as Yaml;
  }
  return yaml;
}

/** One service's mount: a named volume or a host directory (local, absolute), at a container path. */
interface Mount {
  target: string;
  volume?: string;
  host?: string;
}

interface Service {
  name: string;
  /** `DJANGO_SETTINGS_MODULE` as the service's `environment:` (over its `env_file:`) sets it; "unknown" when it cannot be read. */
  settingsModule?: string | "unknown";
  /** Where the image's Dockerfile sets it, when neither `environment:` nor `env_file:` does. */
  settingsAt?: { file: string; line: number };
  mounts: Mount[];
  /** Local directories the service is built from or binds (where a file of the checkout may reach it). */
  holds: string[];
  /** Something this reader does not follow (extends, volumes_from, a variable in a path). */
  opaque: boolean;
  /** The WSGI/ASGI modules its `command:` serves (`gunicorn press.wsgi`): an image built elsewhere runs the project too. */
  serves: string[];
  /** Its `ports:` the host publishes: `127.0.0.1:8081:8000` is host address 127.0.0.1, port 8081, container port 8000. */
  ports: PublishedPort[];
  /** Directories of its build context its image holds (`WORKDIR /app` + `COPY . .`): local directory, container path. */
  copies: { host: string; target: string }[];
  /** Built FROM a database, cache, proxy or Node image: it runs no Django project, whatever its context holds. */
  otherImage?: true;
}

export interface PublishedPort {
  /** The host address it is published on; null: every interface. */
  hostIp: string | null;
  hostPort: number;
  containerPort: number;
}

/** Where a container path leads. */
type Place = { volume: string; rest: string } | { host: string } | { own: true };

/** What a Compose file near a project says about the directories of a site's proxy and of Django. */
export interface ComposeView {
  /**
   * Whether the proxy's directory `served` (a path in its container) is the directory `setting` of the settings
   * (a path as the settings read it) in a container running the project; null when it cannot be known.
   */
  sameDir(served: string, setting: string): boolean | null;
  /**
   * Where a settings path is in the project's first container that says, for messages: `/app/media in service web`;
   * given the directory the server serves, also where that directory's volume is in that container (`, where the
   * server's volume static_volume is mounted at /home/app/web/static`): the same path on both sides can be two places.
   */
  shown(setting: string, served?: string): string | null;
}

const COMPOSE_FILE = /^(docker-)?compose([.-][\w.-]+)?\.ya?ml$/i;
/** Whether a file is named as a Compose file (`docker-compose.yml`, `compose.prod.yaml`). */
export function isComposeFileName(file: string): boolean {
  return COMPOSE_FILE.test(path.posix.basename(file));
}
/** The names Compose looks for by default (and its override files): what is asked for outside the project, one stat each. */
const COMPOSE_NAMES = ["compose", "docker-compose"].flatMap((b) => [b, `${b}.override`]).flatMap((b) => [`${b}.yaml`, `${b}.yml`]);
/** Directories above the configuration looked at, at most. */
const MAX_DIRS_UP = 12;
/** A Compose file larger than this is not read (real ones are a few kilobytes). */
const MAX_COMPOSE_BYTES = 512 * 1024;

/**
 * The Compose files in the project root (any `docker-compose.<stage>.yml`) or
 * above the configuration (up to the root's parent, or the configuration's
 * repository, the directory holding `.git`). Outside the root only the names
 * Compose reads by default are asked for, one by one, so that a large
 * directory above (a home folder, /srv, /tmp) is never listed.
 */
export function composeFilesNear(fs: FsFacade, root: string | null, configFile: string, named: readonly string[] = []): string[] {
  const local = root ? fs.local(root) : null;
  // Compose reads its default files (and their override) unless told otherwise: `compose.dev.yaml` beside
  // `compose.yaml` is read only when named. Without a default file, any of them may be the one deployed.
  const inRoot = local ? (fs.list(local) ?? []).filter((n) => COMPOSE_FILE.test(n)) : [];
  const defaults = inRoot.filter((n) => COMPOSE_NAMES.includes(n));
  const found = local ? (defaults.length ? defaults : inRoot).map((n) => childPath(local, n)) : [];
  // Each directory once, by its local path: the walk goes up from a server path (a project's manage.py under --map)
  // and meets the root's parent by another name.
  const dirs = new Set<string>();
  if (local) dirs.add(path.dirname(local));
  const stop = local ? path.dirname(local) : fs.local(path.dirname(configFile));
  for (let d = path.dirname(configFile); ; d = path.dirname(d)) {
    const l = fs.local(d);
    if (l !== local) dirs.add(l);
    if (l === stop || d === path.dirname(d) || dirs.size > MAX_DIRS_UP || fs.kind(childPath(d, ".git")) !== null) break;
  }
  for (const d of dirs) for (const n of COMPOSE_NAMES) if (fs.kind(childPath(d, n)) === "file") found.push(childPath(d, n));
  // A Compose file the user named (`docker-compose.prod.yml` beside the default one) counts where the others would.
  for (const f of named) {
    const l = fs.local(f);
    if (dirs.has(path.dirname(l)) || path.dirname(l) === local) found.push(l);
  }
  return [...new Set(found)];
}

/** A web server's image, as a Dockerfile's `FROM` or a manifest's `image:` names it. */
const WEB_SERVER_FROM = /^[ \t]*FROM[ \t]+(?:--platform=\S+[ \t]+)?[\w./:@-]*\b(?:nginx|httpd|lighttpd|openresty)\b/im;
const WEB_SERVER_IMAGE = /\bimage["']?[ \t]*[:=][ \t]*["']?[\w./:@-]*\b(?:nginx|httpd|lighttpd|openresty)\b/i;
const IMAGE_FILES = /^(?:Dockerfile|Containerfile)(?:\.[\w.-]+)?$|\.(?:ya?ml|json|toml|hcl|nomad)$/i;

/** The names a container's build or manifest has in the directories above a configuration (not listed: asked for one by one). */
const IMAGE_NAMES = ["Dockerfile", "Containerfile", "task-definition.json", "deployment.yaml", "deployment.yml", "kustomization.yaml"];

/**
 * Whether the web server of a configuration runs in a container that no Compose file describes: a Dockerfile beside
 * it builds a web server's image, or a manifest beside it (a Kubernetes Deployment, an ECS task definition, a Nomad
 * job) runs one; or, one or two directories up (not above the repository's root), a file of such a name does. Its
 * directories are then its container's, made by volumes the linter does not read: they say nothing of Django's.
 * (Only the configuration's own directory is listed: a large parent is never listed on every lint.)
 */
export function webServerInContainer(fs: FsFacade, configFile: string): boolean {
  const builds = (file: string) => {
    const text = fs.read(file).text;
    return text !== undefined && (/^(?:Dockerfile|Containerfile)/i.test(path.basename(file)) ? WEB_SERVER_FROM : WEB_SERVER_IMAGE).test(text);
  };
  let d = path.dirname(configFile);
  if ((fs.list(d) ?? []).some((n) => IMAGE_FILES.test(n) && builds(childPath(d, n)))) return true;
  for (let level = 1; level <= 2; level++) {
    if (fs.kind(childPath(d, ".git")) !== null || d === path.dirname(d)) break;
    d = path.dirname(d);
    if (IMAGE_NAMES.some((n) => fs.kind(childPath(d, n)) === "file" && builds(childPath(d, n)))) return true;
  }
  return false;
}

/**
 * The view of the Compose files near a project for the site in `configFile`: null when there is none, "unknown"
 * when there is one but it cannot say which container serves the site or runs the project.
 */
export function composeView(fs: FsFacade, root: string | null, configFile: string, named: readonly string[] = []): ComposeView | "unknown" | null {
  const files = composeFilesNear(fs, root, configFile, named);
  if (!files.length) return null;
  const config = fs.local(configFile);
  const localRoot = root ? fs.local(root) : null;
  // The proxy's service: the one holding the configuration most closely, in exactly one file.
  let best: { file: string; compose: ComposeFile; proxy: Service; depth: number; tie: boolean } | null = null;
  for (const file of files) {
    const compose = readCompose(fs, file);
    if (!compose) continue;
    for (const s of compose.services) {
      const depth = Math.max(-1, ...s.holds.filter((h) => h === config || isInside(config, h)).map((h) => h.length));
      if (depth < 0) continue;
      if (!best || depth > best.depth) best = { file, compose, proxy: s, depth, tie: false };
      else if (depth === best.depth) best.tie = true;
    }
  }
  if (!best || best.tie || best.proxy.opaque) return "unknown";
  // An override file beside it is merged into it by Compose: not followed.
  const base = path.basename(best.file).replace(/\.ya?ml$/i, "");
  if (
    !base.endsWith(".override") &&
    files.some((f) => path.dirname(f) === path.dirname(best.file) && /\.override\.ya?ml$/i.test(f) && f.startsWith(childPath(path.dirname(best.file), base)))
  )
    return "unknown";
  const proxy = best.proxy;
  const django = localRoot ? best.compose.services.filter((s) => s !== proxy && runsProject(fs, s, localRoot, false)) : [];
  if (!django.length || django.some((s) => s.opaque)) return "unknown";
  const volumes = best.compose.special;
  return {
    sameDir(served, setting) {
      const s = placeOf(proxy, served);
      // The proxy's own files: its image may hold the directory (collected at build time).
      if ("own" in s) return null;
      let answer: boolean | null = false;
      for (const d of django) {
        const where = containerPath(fs, d, setting, localRoot);
        if (where === null) return null;
        const p = placeOf(d, where);
        const same = samePlace(s, p, volumes);
        // Any container of the project that writes the directory (a collectstatic job beside the app) is enough.
        if (same === true) return true;
        if (same === null) answer = null;
      }
      return answer;
    },
    shown(setting, served) {
      for (const d of django) {
        const where = containerPath(fs, d, setting, localRoot);
        if (where === null) continue;
        const s = served === undefined ? null : placeOf(proxy, served);
        if (!s || "own" in s) return `${where} in service ${d.name}`;
        const what = "volume" in s ? `volume ${s.volume}` : `directory ${s.host}`;
        const mount = d.mounts.find((m) => ("volume" in s ? m.volume === s.volume : m.host !== undefined && (s.host === m.host || isInside(s.host, m.host))));
        return mount
          ? `${where} in service ${d.name}, where the server's ${what} is mounted at ${mount.target}`
          : `${where} in service ${d.name}, which does not mount the server's ${what}`;
      }
      return null;
    },
  };
}

/** A Compose file as this reader needs it: its services, and the named volumes that may not be plain volumes. */
interface ComposeFile {
  services: Service[];
  /** Top-level volumes declared with a driver, driver options, `external` or a `name` (a directory of the host, or shared). */
  special: Set<string>;
}

/** Each file system's Compose files, parsed once: every site of a run asks again. */
const parsed = new WeakMap<FsFacade, Map<string, ComposeFile | null>>();

/** A Compose file (null when it cannot be read as one). */
function readCompose(fs: FsFacade, file: string): ComposeFile | null {
  let files = parsed.get(fs);
  if (!files) parsed.set(fs, (files = new Map()));
  let c = files.get(file);
  if (c === undefined) files.set(file, (c = parseCompose(fs, file)));
  return c;
}

function parseCompose(fs: FsFacade, file: string): ComposeFile | null {
  const text = fs.read(file).text;
  if (text === undefined || text.length > MAX_COMPOSE_BYTES) return null;
  let doc: unknown;
  try {
    doc = loadYaml().parse(text, { merge: true, uniqueKeys: false, maxAliasCount: 1000, logLevel: "silent" });
  } catch {
    return null;
  }
  const services = record(record(doc)?.services);
  if (!services) return null;
  const dir = path.dirname(file);
  const special = new Set<string>();
  for (const [name, spec] of Object.entries(record(record(doc)?.volumes) ?? {})) {
    const r = record(spec);
    if (r && ("driver" in r || "driver_opts" in r || "external" in r || "name" in r)) special.add(name);
  }
  return { services: Object.entries(services).map(([name, raw]) => service(fs, name, record(raw) ?? {}, dir)), special };
}

function service(fs: FsFacade, name: string, s: Record<string, unknown>, dir: string): Service {
  const out: Service = {
    name,
    mounts: [],
    holds: [],
    opaque: "extends" in s || "volumes_from" in s,
    serves: servedModules(s.command),
    ports: (Array.isArray(s.ports) ? s.ports : []).flatMap((p) => portOf(p) ?? []),
    copies: [],
  };
  const build = typeof s.build === "string" ? s.build : typeof record(s.build)?.context === "string" ? (record(s.build)?.context as string) : null;
  let module = serviceSettingsModule(fs, s, dir);
  if (build !== null) {
    if (build.includes("$") || /^[a-z]+:\/\//i.test(build)) out.opaque = true;
    else {
      const context = path.resolve(dir, build);
      out.holds.push(context);
      const spec = record(s.build);
      const dockerfile = typeof spec?.dockerfile === "string" ? spec.dockerfile : "Dockerfile";
      if (!dockerfile.includes("$")) {
        const file = path.resolve(context, dockerfile);
        const target = typeof spec?.target === "string" ? spec.target : undefined;
        // A database, cache or proxy built from the repository (cookiecutter-django's postgres, from `context: .`).
        if (buildsOtherImage(fs, file, target)) out.otherImage = true;
        // Where the image holds the checkout (`WORKDIR /app`, `COPY . .`), whatever names the settings module.
        out.copies = imageCopies(fs, file, context, target).map((c) => ({ host: path.resolve(context, c.from), target: c.to }));
        // The image's own environment, under what the service sets (Compose: `environment:` over `env_file:` over the image).
        const args = module === undefined ? buildArgs(spec?.args) : undefined;
        const image = args ? imageSettingsModule(fs, file, target, args) : undefined;
        if (image) {
          module = image.value;
          out.settingsAt = { file: image.file, line: image.line };
        }
      }
    }
  }
  if (module !== undefined) out.settingsModule = module;
  for (const v of Array.isArray(s.volumes) ? s.volumes : []) {
    const m = mountOf(v, dir);
    if (m === "opaque") out.opaque = true;
    else if (m) {
      out.mounts.push(m);
      if (m.host) out.holds.push(m.host);
    }
  }
  return out;
}

/**
 * The Python modules a service's `command:` hands an app server (`gunicorn press.wsgi:application`, `uvicorn
 * press.asgi:application`, `uwsgi --module=press.wsgi`): the words naming a `wsgi`/`asgi` module, its package first.
 */
function servedModules(command: unknown): string[] {
  const words = typeof command === "string" ? splitCommand(command) : Array.isArray(command) ? command.filter((w) => typeof w === "string") : [];
  const out: string[] = [];
  for (const w of words) {
    const m = /^(?:--?[\w-]+=)?((?:[A-Za-z_]\w*\.)+[aw]sgi)(?::[A-Za-z_]\w*(?:\(\))?)?$/.exec(w);
    if (m) out.push(m[1]);
  }
  return out;
}

/** A build's `args:` (a mapping or `NAME=value` items); null when one is interpolated by Compose (`${STAGE}`). */
function buildArgs(v: unknown): Record<string, string> | null {
  const out: Record<string, string> = {};
  const add = (k: string, value: unknown) => {
    if (value === null || value === undefined) return true;
    const text = String(value);
    if (text.includes("$")) return false;
    out[k] = text;
    return true;
  };
  if (Array.isArray(v)) {
    for (const item of v)
      if (typeof item === "string" && item.includes("=") && !add(item.slice(0, item.indexOf("=")), item.slice(item.indexOf("=") + 1))) return null;
  } else if (record(v)) {
    for (const [k, value] of Object.entries(record(v) as Record<string, unknown>)) if (!add(k, value)) return null;
  }
  return out;
}

/**
 * A `ports:` entry, short (`"8000"`, `"8081:8000"`, `"127.0.0.1:8081:8000/tcp"`, `"[::1]:8081:8000"`) or long
 * (`{target, published, host_ip}`); null for a range, a random host port, UDP or a variable.
 */
function portOf(p: unknown): PublishedPort | null {
  if (typeof p === "number") return { hostIp: null, hostPort: p, containerPort: p };
  if (typeof p === "string") {
    const m = /^(?:(\[[^\]]+\]|[\d.]+):)?(?:(\d+):)?(\d+)(\/tcp)?$/.exec(p.trim());
    if (!m || (m[1] !== undefined && m[2] === undefined)) return null;
    return { hostIp: m[1] ?? null, hostPort: Number(m[2] ?? m[3]), containerPort: Number(m[3]) };
  }
  const r = record(p);
  if (!r || (r.protocol !== undefined && r.protocol !== "tcp")) return null;
  const target = Number(r.target);
  const published = r.published === undefined ? NaN : Number(r.published);
  if (!Number.isInteger(target) || !Number.isInteger(published)) return null;
  return { hostIp: typeof r.host_ip === "string" ? r.host_ip : null, hostPort: published, containerPort: target };
}

/**
 * The ports published by the Compose services (in the default files of `file`'s directory or the two above it, not
 * above the project's or repository's root) whose build context or bind mount holds `file`: an app server configured there listens inside that container.
 */
export function portsPublishedFor(fs: FsFacade, file: string): PublishedPort[] {
  const local = fs.local(file);
  // A unit or ini under /etc runs on the host, not in a container built from a checkout.
  if (/^\/(etc|lib|usr)\//.test(fs.serverPath?.(local) ?? local)) return [];
  const files: string[] = [];
  for (let d = path.dirname(local), up = 0; up <= 2; up++, d = path.dirname(d)) {
    for (const n of COMPOSE_NAMES) if (fs.kind(childPath(d, n)) === "file") files.push(childPath(d, n));
    if (fs.kind(childPath(d, ".git")) !== null || fs.kind(childPath(d, "manage.py")) === "file" || d === path.dirname(d)) break;
  }
  const out: PublishedPort[] = [];
  for (const f of files) for (const s of readCompose(fs, f)?.services ?? []) if (s.holds.some((h) => isInside(local, h))) out.push(...s.ports);
  return out;
}

/** Where the web servers' official images keep their configuration. */
const SERVER_CONFIG_DIRS = /^\/(?:etc\/(?:nginx|apache2|httpd|lighttpd)|usr\/local\/(?:apache2\/conf|openresty\/nginx\/conf|nginx\/conf))(?:\/|$)/;

/**
 * The bind mounts that put the checkout's files into the web server's configuration directory, in the Compose
 * service that runs a linted configuration (`./gateway/nginx.conf:/etc/nginx/nginx.conf` beside
 * `./gateway/conf.d:/etc/nginx/conf.d`): each as --map would take it, so that the configuration's includes of the
 * container's paths (`include /etc/nginx/conf.d/*.conf;`) read the files Compose puts there.
 */
export function proxyConfigMounts(fs: FsFacade, composeFile: string, configs: readonly string[]): { from: string; to: string }[] {
  const c = readCompose(fs, fs.local(composeFile));
  if (!c) return [];
  const local = configs.map((f) => fs.local(f));
  const out: { from: string; to: string }[] = [];
  for (const s of c.services) {
    const mounts = s.mounts.filter((m): m is Mount & { host: string } => m.host !== undefined && SERVER_CONFIG_DIRS.test(m.target));
    if (!mounts.some((m) => local.some((f) => f === m.host || isInside(f, m.host)))) continue;
    for (const m of mounts) out.push({ from: m.target, to: m.host });
  }
  return out;
}

/** A volume entry, short (`src:dst[:mode]`) or long (`{type, source, target}`); null for one of no interest (tmpfs, anonymous). */
function mountOf(v: unknown, dir: string): Mount | null | "opaque" {
  let source: string | undefined;
  let target: string | undefined;
  let type: string | undefined;
  if (typeof v === "string") {
    const parts = v.split(":");
    if (parts.length === 1) return null;
    [source, target] = parts;
  } else {
    const r = record(v);
    if (!r) return null;
    source = typeof r.source === "string" ? r.source : undefined;
    target = typeof r.target === "string" ? r.target : undefined;
    type = typeof r.type === "string" ? r.type : undefined;
    if (type && type !== "bind" && type !== "volume") return null;
  }
  if (!target || !source) return null;
  if (`${source}${target}`.includes("$") || source.startsWith("~")) return "opaque";
  target = path.posix.normalize(target).replace(/(.)\/$/, "$1");
  const isHost = type === "bind" || source.startsWith(".") || source.startsWith("/");
  return isHost ? { target, host: path.resolve(dir, source) } : { target, volume: source };
}

/** Where a container path leads in a service: the mount with the longest target at or above it, else its own files. */
function placeOf(s: Service, p: string): Place {
  const at = path.posix.normalize(p).replace(/(.)\/$/, "$1");
  let best: Mount | null = null;
  for (const m of s.mounts) if ((at === m.target || isInside(at, m.target)) && (!best || m.target.length > best.target.length)) best = m;
  if (!best) return { own: true };
  const rest = path.posix.relative(best.target, at);
  if (best.host) return { host: rest ? path.join(best.host, rest) : best.host };
  return { volume: best.volume as string, rest };
}

/** Whether two places are one directory; null when it cannot be known. */
function samePlace(a: Place, b: Place, special: Set<string>): boolean | null {
  if ("own" in a) return null;
  if ("own" in b) return false;
  if ("volume" in a && "volume" in b) {
    if (a.volume === b.volume) return a.rest === b.rest;
    return special.has(a.volume) || special.has(b.volume) ? null : false;
  }
  if ("host" in a && "host" in b) return a.host === b.host;
  // A named volume and a host directory: a volume's driver may bind a directory of the host.
  return null;
}

/**
 * The path of a setting's directory in a container of the project: a path the settings computed from where the
 * checkout is read here goes through the service's bind mount of the checkout (where the container sees it), else
 * through the path map (`--map /srv/shop=.` says where a production host keeps the checkout, which a development
 * Compose file's `.:/app` does not change for its own container); unknown (null) when neither says where the
 * project is in the container.
 */
function containerPath(fs: FsFacade, s: Service, setting: string, localRoot: string | null): string | null {
  const local = fs.local(setting);
  const fromCheckout = localRoot !== null && (local === localRoot || isInside(local, localRoot));
  if (!fromCheckout) return setting;
  for (const m of s.mounts) if (m.host && (local === m.host || isInside(local, m.host))) return path.posix.join(m.target, path.relative(m.host, local));
  // The image's copy of its build context (`WORKDIR /app`, `COPY . .`): the checkout is at /app in the container.
  for (const c of s.copies) if (local === c.host || isInside(local, c.host)) return path.posix.join(c.target, path.relative(c.host, local));
  const mapped = fs.serverPath?.(local) ?? local;
  return mapped !== local ? mapped : null;
}

const isInside = (p: string, dir: string) => p.startsWith(dir.endsWith("/") ? dir : dir + "/");

function record(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** `name` in the directory `dir` (a normalised path, from path.dirname): path.join would normalise it again, in cold code. */
function childPath(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

const MODULE = "DJANGO_SETTINGS_MODULE";

/**
 * A service's `DJANGO_SETTINGS_MODULE`: `environment:` (a mapping or `KEY=value` items) wins over `env_file:` files
 * (later files over earlier), as Compose builds the container's environment; "unknown" for a value Compose
 * interpolates (`${DJANGO_SETTINGS_MODULE:-app.settings}`) or an env file named by a variable; undefined when
 * neither says (an env file that is not here says nothing).
 */
function serviceSettingsModule(fs: FsFacade, s: Record<string, unknown>, dir: string): string | "unknown" | undefined {
  const env = s.environment;
  let value: unknown;
  if (Array.isArray(env)) {
    for (const item of env) if (typeof item === "string" && item.startsWith(`${MODULE}=`)) value = item.slice(MODULE.length + 1);
  } else if (record(env) && MODULE in (record(env) as Record<string, unknown>)) value = (record(env) as Record<string, unknown>)[MODULE];
  if (value === undefined) {
    const files = (Array.isArray(s.env_file) ? s.env_file : s.env_file !== undefined ? [s.env_file] : []).map((f) => ({
      path: typeof f === "string" ? f : record(f)?.path,
    }));
    for (const f of files) {
      if (typeof f.path !== "string" || f.path.includes("$")) return "unknown";
      // An env file not in the checkout (`.env`, kept out of Git with its secrets) says nothing the linter can read: as
      // for a systemd EnvironmentFile= it cannot read, the module is then looked for where it would be otherwise.
      const text = fs.read(path.resolve(dir, f.path)).text;
      if (text === undefined) continue;
      for (const [k, v] of readEnvFile(text)) if (k === MODULE) value = v;
    }
  }
  if (value === undefined || value === null) return undefined;
  return typeof value === "string" && /^[A-Za-z_][\w.]*$/.test(value) ? value : "unknown";
}

/**
 * The files Compose reads together: a default file with its override beside it (`compose.yaml` then
 * `compose.override.yaml`), each other file on its own.
 */
function groupsOfMerged(files: readonly string[]): string[][] {
  const groups: string[][] = [];
  const override = (f: string) => /\.override\.ya?ml$/i.test(f);
  for (const f of [...files.filter((f) => !override(f)), ...files.filter(override)]) {
    const base = f.replace(/\.override(\.ya?ml)$/i, "$1");
    if (base !== f) {
      const g = groups.find((x) => x[0].replace(/\.ya?ml$/i, "") === base.replace(/\.ya?ml$/i, ""));
      if (g) {
        g.push(f);
        continue;
      }
    }
    groups.push([f]);
  }
  return groups;
}

/** A service built or bound from elsewhere (`image:` only) whose command serves a module of the project at `root`. */
/**
 * Whether a service runs the project at `root` (a local path): its build context or a bind mount holds the root, and
 * the image copies it in when the Dockerfile says what it copies (`COPY services/api/ /app/` from the repository's
 * root runs services/api, not services/admin beside it); not a database, cache or proxy built from the repository.
 * With `byCommand`, also an image built elsewhere whose `command:` serves the project's WSGI/ASGI module.
 */
function runsProject(fs: FsFacade, s: Service, root: string, byCommand = true): boolean {
  if (s.otherImage) return false;
  const holds = s.holds.some((h) => h === root || isInside(root, h));
  if (holds && s.copies.length && !s.mounts.some((m) => m.host !== undefined && (m.host === root || isInside(root, m.host))))
    return s.copies.some((c) => c.host === root || isInside(root, c.host) || isInside(c.host, root));
  return holds || (byCommand && servesProject(fs, s, root));
}

function servesProject(fs: FsFacade, s: Service, root: string): boolean {
  return !s.holds.length && s.serves.some((m) => fs.kind(path.join(root, ...m.split(".")) + ".py") === "file");
}

/**
 * The settings module the Compose services that run the project set (build context or bind mount holding its root),
 * in the Compose files the user named, else those at the root or above it: the one they agree on, "unknown" when they do not (a web and a worker
 * service, or `docker-compose.dev.yml` beside `docker-compose.prod.yml`, setting different modules, or one that cannot
 * be read), null when none sets it. The files the user named win over the others.
 */
export function composeSettingsModule(
  fs: FsFacade,
  root: string,
  named: readonly string[] = [],
): { value: string; file: string; service: string; line?: number } | "unknown" | null {
  const found = composeServiceSettings(fs, root, named);
  if (!found.length) return null;
  const values = new Set(found.map((f) => f.value));
  return values.size === 1 && !values.has("unknown") ? (found[0] as { value: string; file: string; service: string; line?: number }) : "unknown";
}

/**
 * Each Compose service that runs the project (as composeSettingsModule finds them) with the settings module it sets
 * ("unknown" when it cannot be read), in the files' order.
 */
export function composeServiceSettings(
  fs: FsFacade,
  root: string,
  named: readonly string[] = [],
): { value: string | "unknown"; file: string; service: string; line?: number }[] {
  return composeServicesOf(fs, root, named).flatMap((s) => (s.module ? [{ ...s.module, service: s.service }] : []));
}

/** The names of the Compose services that run the project (as composeSettingsModule finds them): what a proxy in the stack reaches them by. */
export function composeServicesRunning(fs: FsFacade, root: string, named: readonly string[] = []): string[] {
  return [...new Set(composeServicesOf(fs, root, named).map((s) => s.service))];
}

/**
 * Build contexts of a Compose file's services that hold a Django project (`build: ./v1` with v1/manage.py), and the
 * directories their images copy in that do (`COPY services/api/ /app/`): a stack that runs two checkouts (an API's
 * v1 and v2, a monorepo's services) says where each is.
 */
export function composeProjectDirs(fs: FsFacade, file: string): string[] {
  return (readCompose(fs, fs.local(file))?.services ?? []).flatMap((s) =>
    s.otherImage ? [] : [...s.holds, ...s.copies.map((c) => c.host)].filter((h) => fs.kind(path.join(h, "manage.py")) === "file"),
  );
}

/** The services that run the project, merged as Compose merges their files, with the settings module each sets. */
function composeServicesOf(
  fs: FsFacade,
  root: string,
  named: readonly string[],
): { service: string; module?: { value: string | "unknown"; file: string; line?: number } }[] {
  const local = fs.local(root);
  // Only a service holding the project counts, so a file named anywhere (`deploy/production/docker-compose.yml`) may.
  const files = named.length ? named.map((f) => fs.local(f)) : composeFilesNear(fs, root, path.join(root, "manage.py"));
  const found: { service: string; module?: { value: string | "unknown"; file: string; line?: number } }[] = [];
  // Files Compose merges (a named list in order, a default file and its override) override one another service by
  // service: the last that sets a service's module wins, and a service runs the project if any of them says so.
  const merged = new Map<string, { runs: boolean; module?: { value: string | "unknown"; file: string; line?: number } }>();
  const mergeGroups = named.length ? [files] : groupsOfMerged(files);
  for (const group of mergeGroups) {
    merged.clear();
    for (const file of group) {
      const compose = readCompose(fs, file);
      for (const s of compose?.services ?? []) {
        const m = merged.get(s.name) ?? { runs: false };
        if (runsProject(fs, s, local)) m.runs = true;
        if (s.settingsModule !== undefined)
          m.module = { value: s.settingsModule, file: s.settingsAt?.file ?? file, ...(s.settingsAt ? { line: s.settingsAt.line } : {}) };
        merged.set(s.name, m);
      }
    }
    for (const [service, m] of merged) if (m.runs) found.push({ service, ...(m.module ? { module: m.module } : {}) });
  }
  return found;
}
