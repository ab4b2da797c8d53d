/**
 * The `Alias`es through which Apache serves a Django site's static files or
 * media (uploads) itself: an `Alias` whose URL is `STATIC_URL`/`MEDIA_URL`
 * of the site's settings (when a mod_wsgi application of the same virtual
 * host loads readable settings), else one of the conventional prefixes
 * (src/model/django/static-media.ts).
 */
import path from "node:path";
import type { ApacheDirective, ApacheSection } from "../../ast/apache.js";
import type { ArgNode } from "../../ast/types.js";
import { substituteDefines } from "../../load/apache-defines.js";
import type { FsFacade } from "../../load/fs-facade.js";
import { classifyUrl, staticMediaPrefixes, staticMediaSettings, type ServedPrefix } from "../django/static-media.js";
import type { DjangoModel } from "../django/index.js";
import { readProjectOfHost } from "../django/site-servers.js";
import { settingsOfWsgiApp } from "./django-settings.js";
import type { ApacheEntry, ApacheServer } from "./server.js";
import { serverPath, wsgiApps, type WsgiApp } from "./wsgi-apps.js";

export interface ServedAlias {
  entry: ApacheEntry<ApacheDirective>;
  urlArg: ArgNode;
  targetArg: ArgNode;
  /** The URL, `${VAR}` substituted. */
  url: string;
  /** The directory files are served from (server path, normalised). */
  dir: string;
  prefix: ServedPrefix;
}

/** Files named like files (`/favicon.ico`, `robots.txt`): an Alias to one serves a file, not a directory. */
const FILE_NAME = /\.[A-Za-z0-9]{1,5}$/;

/**
 * The static and media prefixes of a virtual host: from the settings its mod_wsgi application loads (the
 * run's Django model, asked only here: `django` reads it on first use), else the convention.
 */
export function sitePrefixes(server: ApacheServer, django: () => DjangoModel, vhost: ApacheSection | null, apps = wsgiApps(server)): ServedPrefix[] {
  for (const app of apps) {
    if (app.entry.vhost !== vhost || app.entry.active === "no") continue;
    const s = settingsOfWsgiApp(django(), app);
    if (s) return staticMediaPrefixes(staticMediaSettings(s, app.url));
  }
  // A host that proxies to the project (gunicorn, uWSGI): the project the Django side tied it to.
  if (vhost) {
    const project = readProjectOfHost(django(), vhost);
    if (project) return staticMediaPrefixes(staticMediaSettings(project, "/"));
  }
  return staticMediaPrefixes();
}

/** Every `Alias` in effect that serves a directory of static files or media (`django`: the run's Django model, read on first use). */
export function staticMediaAliases(server: ApacheServer, fs: FsFacade, django: () => DjangoModel): ServedAlias[] {
  // Once per server and file system (several rules ask): the run's Django model is the same for both.
  const known = computed.get(server);
  if (known?.fs === fs) return known.aliases;
  const aliases = findStaticMediaAliases(server, fs, django);
  computed.set(server, { fs, aliases });
  return aliases;
}

const computed = new WeakMap<ApacheServer, { fs: FsFacade; aliases: ServedAlias[] }>();

function findStaticMediaAliases(server: ApacheServer, fs: FsFacade, django: () => DjangoModel): ServedAlias[] {
  const out: ServedAlias[] = [];
  const prefixes = new Map<ApacheSection | null, ServedPrefix[]>();
  const aliases = server.directives("Alias");
  // The applications by host, once (a server may hold thousands of hosts).
  const appsByHost = new Map<ApacheSection | null, WsgiApp[]>();
  for (const a of aliases.length ? wsgiApps(server) : []) {
    const l = appsByHost.get(a.entry.vhost);
    if (l) l.push(a);
    else appsByHost.set(a.entry.vhost, [a]);
  }
  for (const e of aliases) {
    if (e.active !== "yes" || e.node.args.length !== 2) continue;
    const [urlArg, targetArg] = e.node.args;
    const dir = serverPath(server, targetArg.value);
    if (dir === null || !path.posix.isAbsolute(dir)) continue;
    const kind = fs.kind(dir);
    if (kind === "file" || (kind === null && FILE_NAME.test(dir))) continue;
    let p = prefixes.get(e.vhost);
    if (!p) prefixes.set(e.vhost, (p = sitePrefixes(server, django, e.vhost, appsByHost.get(e.vhost) ?? [])));
    const url = substituteDefines(urlArg.value, server.tree.defines);
    const prefix = url === null ? null : classifyUrl(url, p);
    if (prefix && url !== null) out.push({ entry: e, urlArg, targetArg, url, dir, prefix });
  }
  return out;
}
