import {
  aliasSettingsAt,
  answererOf,
  apacheVhost,
  appServesStatic,
  lighttpdBackendFirst,
  lighttpdContext,
  serverOfSite,
  settingPrefix,
} from "../../src/model/django/served.js";
import type { LighttpdServer } from "../../src/model/lighttpd/server.js";
import { mountServing } from "../../src/model/apache/proxy-index.js";
import { proxiesEverything } from "../../src/model/apache/rewrite.js";
import type { ApacheEntry, ApacheServer } from "../../src/model/apache/server.js";
import { siteOnlyOnLoopback, siteOnlyOverTls, siteScriptName } from "../../src/model/django/site-servers.js";
import { knownSetting, settingRelated, shownSite, type KnownSetting } from "../../src/model/django/sides.js";
import type { DjangoProjectFacts } from "../../src/model/django/index.js";
import type { Site } from "../../src/model/django/sites.js";
import type { FsFacade } from "../../src/load/fs-facade.js";
import { defineRule, Phrase, shown } from "../../src/rule-api.js";
import { shownPath } from "../../src/source/quote.js";

/** A file under the prefix, as a browser asks for it. */
const PROBE = "css/site.css";

export default defineRule({
  dialect: "django",
  meta: {
    id: "django/static-not-served",
    severity: "warning",
    summary: "Nothing serves STATIC_URL: the server passes it to Django, which serves no static files with DEBUG off",
    rationale:
      "With `DEBUG = False`, Django serves no static files: `runserver` stops doing it and `static()`/`staticfiles_urlpatterns()` in the URLconf return nothing. Either the web server serves `STATIC_URL` from `STATIC_ROOT` itself (nginx `location /static/ { alias ...; }`, Apache `Alias /static/ ...` with `ProxyPass /static/ !` when a `ProxyPass` covers it, as mod_proxy maps URLs before mod_alias, lighttpd `alias.url` outside the URLs its `proxy.server`/`fastcgi.server` mounts take, as they take theirs first), or the application does (WhiteNoise's middleware, or a storage that puts the files on another host). This fires when the server block tied to the project passes a request for a file under `STATIC_URL` to Django and the project does neither: every stylesheet, script and image is a 404, the admin included. At the server block or virtual host.",
    silentWhen: [
      '`STATIC_URL` is relative (`"static/"`, which Django prefixes with the script name: the `WSGIScriptAlias` mount, the `SCRIPT_NAME` the server passes, or `FORCE_SCRIPT_NAME`) and the script name of the site cannot be known: mounts that differ, a variable `SCRIPT_NAME`, one in an app server\'s environment, or a lighttpd FastCGI/SCGI mount (other than `/` with `"fix-root-scriptname" => "enable"`, which passes none)',
      "`DEBUG` or `STATIC_URL` comes from the environment or cannot be read, `DEBUG` is True, or `STATIC_URL` is not set or is a full URL (a CDN)",
      "the project serves static files itself or may: WhiteNoise or ServeStatic in `MIDDLEWARE` (or wrapping the WSGI application), dj-static, `django.views.static.serve` in the URLconf, a static-files storage on another host (`STORAGES`/`STATICFILES_STORAGE`); or the middleware (one way through an `if` the linter cannot decide that adds it is enough), the WSGI module or the URLconf cannot be read (a module that a package of the project should hold and does not is not there: it serves nothing; when nothing linted names the module the app server loads, the project's `*wsgi*.py` and `*asgi*.py` in its directory and its settings package are read, and with none there it is unknown)",
      "the server block or virtual host is not tied to the project",
      "another site of the project for the same names serves the files (the TLS twin of a port-80 server) and `SECURE_SSL_REDIRECT` is True or unknown: Django redirects the request there (not for a TLS-only site beside a port-80 twin that serves them: nothing redirects HTTPS requests to plain HTTP)",
      "the site answers only on the loopback (`<VirtualHost 127.0.0.1:8080>` behind an nginx front), or is an Apache virtual host a front of the run proxies to, and another site of the project in the run serves the files: clients reach it through that front",
      'the server may serve the prefix by means the linter does not follow: a rewrite (but for a first `RewriteRule` that proxies every path to the application, unconditionally, as `RewriteRule ^/(.*)$ http://127.0.0.1:8000/$1 [P]`), an `AliasMatch` that matches it (or cannot be read), a `<Location>` or `SetHandler` that may apply to it (Debian\'s stock `/cgi-bin/`, `/server-status` and PHP handlers do not), a `$HTTP["url"]` condition in lighttpd, a regex location it cannot run, an include it cannot read',
    ],
    seeds: [],
    references: [
      { title: "Django how-to: How to deploy static files", url: "https://docs.djangoproject.com/en/stable/howto/static-files/deployment/" },
      {
        title: "Django: django.contrib.staticfiles (static file development view)",
        url: "https://docs.djangoproject.com/en/stable/ref/contrib/staticfiles/#static-file-development-view",
      },
      { title: "WhiteNoise: Using WhiteNoise with Django", url: "https://whitenoise.readthedocs.io/en/stable/django.html" },
    ],
    djangoSettings: [
      "DEBUG",
      "STATIC_URL",
      "STATIC_ROOT",
      "FORCE_SCRIPT_NAME",
      "MIDDLEWARE",
      "MIDDLEWARE_CLASSES",
      "STORAGES",
      "STATICFILES_STORAGE",
      "WSGI_APPLICATION",
      "ASGI_APPLICATION",
      "ROOT_URLCONF",
      "SECURE_SSL_REDIRECT",
    ],
    messages: {
      aliasShadowed:
        "The server at {{site}} passes STATIC_URL {{url}} to Django: its {{alias}} never applies, as a proxy over the URL maps it first (mod_proxy and mod_rewrite run before mod_alias; lighttpd's mod_proxy and mod_fastcgi before its alias.url), and Django serves no static files with DEBUG off ({{debug}}) nor does WhiteNoise: every stylesheet and script is a 404; exclude the prefix from the proxy: {{exclude}}",
      notServed:
        "The server at {{site}} passes STATIC_URL {{url}} to Django, which serves no static files with DEBUG off ({{debug}}), and no WhiteNoise middleware does: every stylesheet and script is a 404; serve {{url}} from STATIC_ROOT here ({{example}}) or add WhiteNoise",
    },
    absence: ["notServed", "aliasShadowed"],
    djangoCheck: {
      id: null,
      note: "Its checks do not say whether anything serves `STATIC_URL` in production; `runserver` hides the problem in development, where it serves the files itself.",
    },
  },
  check({ run, fs, report }) {
    for (const project of run.django.projects) {
      if (!project.sites.length) continue;
      const debug = knownSetting(project, "DEBUG");
      if (!debug || (debug.how !== "default" && debug.value !== false)) continue;
      if (!settingPrefix(project, "STATIC_URL") || appServesStatic(fs, project) !== "no") continue;
      const redirect = knownSetting(project, "SECURE_SSL_REDIRECT");
      const redirectMaybe = !redirect || (redirect.how !== "default" && redirect.value !== false);
      // A relative STATIC_URL is under the script name each site passes.
      const servers = project.sites.map((site) => serverOfSite(run.servers, site));
      const prefixes = project.sites.map((site, i) => {
        const server = servers[i];
        return server ? settingPrefix(project, "STATIC_URL", siteScriptName(server, project, site)) : null;
      });
      const answers = project.sites.map((site, i) => {
        const server = servers[i];
        const prefix = prefixes[i];
        return server && prefix ? answererOf(server, site, prefix + PROBE, project) : "unknown";
      });
      for (const [i, site] of project.sites.entries()) {
        const prefix = prefixes[i];
        if (answers[i] !== "django" || !prefix) continue;
        const server = servers[i];
        // The plain-HTTP twin of a site that serves the files: Django (SECURE_SSL_REDIRECT) may send these requests there
        // first. Not a TLS site, whose requests Django redirects nowhere, beside a port-80 twin that serves them.
        if (
          redirectMaybe &&
          !(server && siteOnlyOverTls(server, site)) &&
          project.sites.some((o, j) => answers[j] === "server" && o.names.some((n) => site.names.includes(n)))
        )
          continue;
        // A backend on the loopback, or one a front of the run proxies to (Apache behind nginx), is reached through the
        // front: clients get the files from a site of the project that serves them, or may (a front whose prefix for
        // them the linter cannot tell: the Apache mount a relative STATIC_URL is under).
        if (server && (siteOnlyOnLoopback(server, site) || site.frontedBy?.length) && answers.some((a, j) => j !== i && a !== "django")) continue;
        const shadowed =
          server?.dialect === "apache" ? shadowedAlias(server, site, prefix) : server?.dialect === "lighttpd" ? shadowedAliasUrl(server, site, prefix) : null;
        const data = { site: new Phrase(shownPath(shownSite(run.servers, fs, project, site))), url: prefix, debug: new Phrase(debugShown(project, debug)) };
        report({
          ...(shadowed
            ? { messageId: "aliasShadowed" as const, data: { ...data, alias: new Phrase(shown(shadowed.alias)), exclude: new Phrase(shadowed.exclude) } }
            : { messageId: "notServed" as const, data: { ...data, example: new Phrase(shown(example(site, prefix, staticRoot(project, fs)))) } }),
          at: site.block,
          related: settingRelated(fs, knownSetting(project, "STATIC_URL"), "STATIC_URL"),
        });
      }
    }
  },
});

/** An `Alias` for the prefix that a ProxyPass over it shadows (mod_proxy maps the URL first), and the exclusion that lets it apply. */
function shadowedAlias(server: ApacheServer, site: Site, prefix: string): { alias: string; exclude: string } | null {
  const vhost = apacheVhost(server, site);
  if (vhost === undefined) return null;
  const covers = (e: ApacheEntry) => (prefix + PROBE).startsWith(withSlash(e.node.args[0]?.value ?? "\0"));
  const alias = server.scopeDirectives(vhost, "Alias").find((e) => e.active !== "no" && covers(e));
  if (!alias) return null;
  const path = alias.node.args[0].value;
  const shown1 = `Alias ${path} ${alias.node.args[1]?.value ?? ""}`.trim();
  const rewrite = vhost ? proxiesEverything(server, vhost) : null;
  if (rewrite) return { alias: shown1, exclude: `${shown(`RewriteCond %{REQUEST_URI} !^${path}`)} before ${shown(`RewriteRule ... ${rewrite.url} [P]`)}` };
  const mount = mountServing(server, vhost, prefix + PROBE);
  if (!mount || mount.exclusion) return null;
  return {
    alias: shown1,
    exclude: mount.location
      ? `${shown(`<Location ${path}> ProxyPass ! </Location>`)} after ${shown(`<Location ${mount.location.args[0]?.value ?? ""}>`)}`
      : `${shown(`ProxyPass ${path} !`)} before ${shown(`ProxyPass ${mount.path ?? ""}`)}`,
  };
}

/** An `alias.url` entry for the prefix that a backend mount over it shadows (mod_proxy/mod_fastcgi take the URL first), and the condition that lets it apply. */
function shadowedAliasUrl(server: LighttpdServer, site: Site, prefix: string): { alias: string; exclude: string } | null {
  const ctx = lighttpdContext(server, site);
  const url = prefix + PROBE;
  const first = ctx ? lighttpdBackendFirst(server, ctx, url) : null;
  if (!ctx || !first) return null;
  for (const setting of aliasSettingsAt(server, ctx, url)) {
    const a = server.aliases(setting).find((x) => url.startsWith(x.url));
    if (!a) continue;
    const target = a.target.type === "string" ? a.target.value : "...";
    return {
      alias: `alias.url "${a.url}" => "${target}"`,
      exclude: `${shown(`$HTTP["url"] !~ "^${a.url}" { ${first.key} = ... }`)} around ${shown(`${first.key} = ( "${first.mount}" => ... )`)}`,
    };
  }
  return null;
}

const withSlash = (u: string) => (u.endsWith("/") ? u : u + "/");

function debugShown(project: DjangoProjectFacts, debug: KnownSetting): string {
  if (debug.how === "default") return `${project.settingsModule?.value ?? "the settings"} leaves DEBUG at False`;
  return debug.how === "assumed" ? "django.assume sets DEBUG to False" : "DEBUG = False";
}

/** STATIC_ROOT as the server sees it; a placeholder when it lies in a local checkout (its deployed path is not known). */
function staticRoot(project: DjangoProjectFacts, fs: FsFacade): string {
  const r = knownSetting(project, "STATIC_ROOT");
  if (r?.how !== "read" || typeof r.value !== "string" || !r.value.startsWith("/")) return "<STATIC_ROOT>";
  const checkout = project.root && fs.local(project.root) === project.root && r.value.startsWith(project.root + "/");
  return checkout ? "<STATIC_ROOT>" : r.value;
}

function example(site: Site, prefix: string, root: string): string {
  const dir = root.endsWith("/") ? root : root + "/";
  if (site.dialect === "nginx") return `location ${prefix} { alias ${dir}; }`;
  if (site.dialect === "apache") return `Alias ${prefix} ${dir}`;
  return `alias.url += ( "${prefix}" => "${dir}" )`;
}
