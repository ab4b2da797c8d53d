import { rootMismatches } from "../../src/model/django/served.js";
import { knownSetting, settingRelated, shownServerLine, shownSetting } from "../../src/model/django/sides.js";
import { defineRule, Phrase, shown } from "../../src/rule-api.js";
import { shownPath } from "../../src/source/quote.js";

export default defineRule({
  dialect: "django",
  meta: {
    id: "django/media-root-mismatch",
    severity: "error",
    summary: "The server serves MEDIA_URL from a directory other than MEDIA_ROOT: uploads are stored where the server does not serve them",
    rationale:
      "Django stores uploaded files (`FileField`, `ImageField`) under `MEDIA_ROOT` and builds their URLs from `MEDIA_URL`; the web server answers `MEDIA_URL` from a directory of its own (nginx `alias`/`root`, Apache `Alias`, lighttpd `alias.url`). When the two are different directories, every upload is saved and then served as a 404 (or, worse, the server serves an old copy of the directory). This compares the directory the server block tied to the project serves `MEDIA_URL` from with the `MEDIA_ROOT` of the settings module it serves, after `--map`. A `MEDIA_ROOT` inside the project (`BASE_DIR / \"media\"`) in a repository checkout matches any deployed path that ends the same way (`/srv/shop/media`) or a directory of the same name, since where the checkout is deployed is not known. With a Compose file beside the project (`docker-compose.yml`, `compose.yaml`, or one named on the command line, `docker-compose.prod.yml`), the proxy and Django run in containers of their own: the directory the proxy's service serves and `MEDIA_ROOT` in the services that run the project are compared through their volumes (one named volume, or one directory of the host, mounted at any path), and a `MEDIA_ROOT` that no volume holds is in Django's container alone, where the proxy cannot read it. Point the server at `MEDIA_ROOT`, or set `MEDIA_ROOT` to the directory the server serves.",
    silentWhen: [
      '`MEDIA_URL` is relative (`"media/"`, which Django prefixes with the script name: the `WSGIScriptAlias` mount, the `SCRIPT_NAME` the server passes, or `FORCE_SCRIPT_NAME`) and the script name of the site cannot be known: mounts that differ, a variable `SCRIPT_NAME`, one in an app server\'s environment, or a lighttpd FastCGI/SCGI mount (other than `/` with `"fix-root-scriptname" => "enable"`, which passes none)',
      '`MEDIA_URL` or `MEDIA_ROOT` comes from the environment, is not set, or is not a local path (a full URL); uploads go to object storage (`STORAGES["default"]` or, before Django 5.1, `DEFAULT_FILE_STORAGE` naming a backend other than `FileSystemStorage`: django-storages\' S3, GCS, Azure)',
      "the server block or virtual host is not tied to the project",
      "no location, `Alias` or `alias.url` is written for `MEDIA_URL` itself (one for a sub-path is not compared), or its path holds a variable or a template expression",
      "the two paths name the same directory on disk (a symbolic link), when the linter can see it",
      "a Compose file sits in the project or above the configuration and cannot say: which service serves the configuration (none, or two, binds it or builds from a directory holding it), which run the project, where the checkout is in their containers (no `--map` and no bind mount of it), or what a mount is (several Compose files that merge, `extends`, `volumes_from`, a variable in a path, a named volume with a driver or driver options, a named volume against a directory of the host); or the proxy serves a directory of its own image (files copied in at build time)",
      "no Compose file describes the proxy, and it runs in a container of its own: a Dockerfile beside its configuration (or up to two directories above, within the repository) builds a web server's image (`FROM nginx`), or a manifest there runs one (a Kubernetes Deployment, an ECS task definition, a Nomad job: `image: nginx:1.27`); its directories are what volumes the linter does not read make them",
    ],
    seeds: [],
    references: [
      { title: "Django settings: MEDIA_ROOT", url: "https://docs.djangoproject.com/en/stable/ref/settings/#media-root" },
      { title: "Django: Managing files", url: "https://docs.djangoproject.com/en/stable/topics/files/" },
      { title: "nginx: alias", url: "https://nginx.org/en/docs/http/ngx_http_core_module.html#alias" },
    ],
    djangoSettings: ["MEDIA_URL", "MEDIA_ROOT", "FORCE_SCRIPT_NAME", "STORAGES", "DEFAULT_FILE_STORAGE"],
    messages: {
      mismatch:
        "{{site}} serves MEDIA_URL {{url}} from {{dir}}, but {{setting}} sets MEDIA_ROOT to {{root}}: uploads are stored where the server does not serve them, and every uploaded file is a 404; point the {{directive}} at MEDIA_ROOT",
    },
    djangoCheck: {
      id: null,
      note: "Its checks do not look at `MEDIA_ROOT` beyond the settings (staticfiles only refuses a `MEDIA_ROOT` equal to `STATIC_ROOT`).",
    },
  },
  check({ run, fs, report }) {
    for (const project of run.django.projects) {
      if (!project.sites.length) continue;
      for (const m of rootMismatches(run.servers, fs, project, "MEDIA_URL", "MEDIA_ROOT")) {
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
          related: settingRelated(fs, knownSetting(project, "MEDIA_ROOT"), "MEDIA_ROOT"),
        });
      }
    }
  },
});
