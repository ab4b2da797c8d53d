import { rootMismatches } from "../../src/model/django/served.js";
import { knownSetting, settingRelated, shownServerLine, shownSetting } from "../../src/model/django/sides.js";
import { defineRule, Phrase, shown } from "../../src/rule-api.js";
import { shownPath } from "../../src/source/quote.js";

export default defineRule({
  dialect: "django",
  meta: {
    id: "django/static-root-mismatch",
    severity: "error",
    summary: "The server serves STATIC_URL from a directory other than STATIC_ROOT: collectstatic writes where the server does not read",
    rationale:
      "`collectstatic` copies every app's static files into `STATIC_ROOT`; the web server then answers `STATIC_URL` from a directory of its own (nginx `alias`/`root`, Apache `Alias`, lighttpd `alias.url`). When the two are different directories, the files are collected where nobody reads them and every stylesheet, script and image is a 404 (the admin loses its styles first). This compares the directory the server block tied to the project serves `STATIC_URL` from with the `STATIC_ROOT` of the settings module it serves, after `--map`. A `STATIC_ROOT` inside the project (`BASE_DIR / \"staticfiles\"`) in a repository checkout matches any deployed path that ends the same way (`/srv/shop/staticfiles`) or a directory of the same name, since where the checkout is deployed is not known. With a Compose file beside the project (`docker-compose.yml`, `compose.yaml`, or one named on the command line, `docker-compose.prod.yml`), the proxy and Django run in containers of their own: the directory the proxy's service serves and `STATIC_ROOT` in the services that run the project are compared through their volumes (one named volume, or one directory of the host, mounted at any path), and a `STATIC_ROOT` that no volume holds is in Django's container alone, where the proxy cannot read it. Point the server at `STATIC_ROOT`, or set `STATIC_ROOT` to the directory the server reads.",
    silentWhen: [
      '`STATIC_URL` is relative (`"static/"`, which Django prefixes with the script name: the `WSGIScriptAlias` mount, the `SCRIPT_NAME` the server passes, or `FORCE_SCRIPT_NAME`) and the script name of the site cannot be known: mounts that differ, a variable `SCRIPT_NAME`, one in an app server\'s environment, or a lighttpd FastCGI/SCGI mount (other than `/` with `"fix-root-scriptname" => "enable"`, which passes none)',
      '`STATIC_URL` or `STATIC_ROOT` comes from the environment, is not set, or is not a local path (a full URL on a CDN); `STORAGES["staticfiles"]` or `STATICFILES_STORAGE` names a storage off the file system (django-storages)',
      "the server block or virtual host is not tied to the project",
      "no location, `Alias` or `alias.url` is written for `STATIC_URL` itself (one for a sub-path such as `/static/admin/` serving a package's files is not compared), or its path holds a variable or a template expression (`alias {{ app_root }}/static/;`)",
      "the two paths name the same directory on disk (a symbolic link), when the linter can see it",
      "a Compose file sits in the project or above the configuration and cannot say: which service serves the configuration (none, or two, binds it or builds from a directory holding it), which run the project, where the checkout is in their containers (no `--map` and no bind mount of it), or what a mount is (several Compose files that merge, `extends`, `volumes_from`, a variable in a path, a named volume with a driver or driver options, a named volume against a directory of the host); or the proxy serves a directory of its own image (files copied in at build time)",
      "no Compose file describes the proxy, and it runs in a container of its own: a Dockerfile beside its configuration (or up to two directories above, within the repository) builds a web server's image (`FROM nginx`), or a manifest there runs one (a Kubernetes Deployment, an ECS task definition, a Nomad job: `image: nginx:1.27`); its directories are what volumes the linter does not read make them",
    ],
    seeds: [],
    references: [
      { title: "Django how-to: How to deploy static files", url: "https://docs.djangoproject.com/en/stable/howto/static-files/deployment/" },
      { title: "Django settings: STATIC_ROOT", url: "https://docs.djangoproject.com/en/stable/ref/settings/#static-root" },
      { title: "nginx: alias", url: "https://nginx.org/en/docs/http/ngx_http_core_module.html#alias" },
    ],
    djangoSettings: ["STATIC_URL", "STATIC_ROOT", "FORCE_SCRIPT_NAME", "STORAGES", "STATICFILES_STORAGE"],
    messages: {
      mismatch:
        "{{site}} serves STATIC_URL {{url}} from {{dir}}, but {{setting}} sets STATIC_ROOT to {{root}}: collectstatic writes where the server does not read, and every static file is a 404; point the {{directive}} at STATIC_ROOT",
    },
    djangoCheck: {
      id: null,
      note: "Its checks do not compare `STATIC_ROOT` with anything outside the settings; `collectstatic` only refuses to run when `STATIC_ROOT` is not set.",
    },
  },
  check({ run, fs, report }) {
    for (const project of run.django.projects) {
      if (!project.sites.length) continue;
      for (const m of rootMismatches(run.servers, fs, project, "STATIC_URL", "STATIC_ROOT")) {
        report({
          messageId: "mismatch",
          data: {
            site: new Phrase(shownPath(shownServerLine(run.servers, fs, project, m.served.at.file, m.served.at.range.line))),
            url: m.prefix,
            dir: new Phrase(shownPath(m.served.dir)),
            setting: new Phrase(shownPath(shownSetting(project, fs, m.root.fact))),
            // A root computed from the settings file's own path (BASE_DIR / "static") is local: shown as the server (or its container) sees it.
            root: new Phrase(m.root.shown ? shownPath(m.root.shown) : shownPath(fs.serverPath?.(m.root.value) ?? m.root.value)),
            directive: new Phrase(shown(m.served.directive)),
          },
          at: m.served.at,
          related: settingRelated(fs, knownSetting(project, "STATIC_ROOT"), "STATIC_ROOT"),
        });
      }
    }
  },
});
