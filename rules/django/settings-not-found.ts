import type { Range } from "../../src/core/range.js";
import type { RefAt } from "../../src/model/django/server-refs.js";
import { defineRule, Phrase, shown, type AnyServer } from "../../src/rule-api.js";
import { QUOTE_MAX, shownPath } from "../../src/source/quote.js";
import { SourceFile } from "../../src/source/source-file.js";
import type { FsFacade } from "../../src/load/fs-facade.js";

export default defineRule({
  dialect: "django",
  meta: {
    id: "django/settings-not-found",
    severity: "info",
    summary: "A configuration names a Django settings module, WSGI script or project the linter cannot read",
    rationale:
      "The `django/*` rules check a server configuration against the Django settings it serves (`ALLOWED_HOSTS`, `SECURE_PROXY_SSL_HEADER`, `STATIC_ROOT`...). They can only do that when the linter reads those settings, and it reads them statically from the project's files: the settings module an app server or WSGI script names, found on the project's path. When that module, script or project cannot be read here (a production path with no `--map`, a project kept in another repository, a typo), or when only a script's default names a development module beside a production one (`manage.py` defaulting to `settings.dev` next to `settings/production.py`, with no app-server file in the run to say which the server loads), those rules stay silent for the site, and silence must not pass for a clean bill. This says what was looked for, and where (at the line that names it when that file is linted or named, a Compose file's `DJANGO_SETTINGS_MODULE` line among them; else at the configuration line that led there, or at each site of the project): map the production path to the repository (`--map /srv/shop=.`), or name the project (`django.root`, `--django-root`) or its settings (`django.settings`, `--django-settings`). `djlint-conf --print-django` shows everything the linter understood of the Django side.",
    silentWhen: [
      "the reference is in a file that is not linted (a WSGI script or `manage.py` that names a settings module reached from no linted configuration)",
      "nothing in the linted configurations names a settings module, WSGI script or project (a plain static site)",
      "the application an app server runs is not Django's: its module builds a Flask, FastAPI, Starlette (...) application and imports nothing of Django, or writes its own WSGI/ASGI callable without a word of Django or an import of a module beside it",
      "an app server's included configuration cannot be read (a root-only `ini =` of secrets beside a uWSGI vassal, a gunicorn `-c` file) while the server's own file names the application or its settings module: what the unreadable file sets stays unknown (`--print-django` lists it), and the server's sockets are not guessed",
    ],
    seeds: [],
    references: [
      { title: "Django settings: Designating the settings", url: "https://docs.djangoproject.com/en/stable/topics/settings/#designating-the-settings" },
      { title: "Django: How to deploy with WSGI", url: "https://docs.djangoproject.com/en/stable/howto/deployment/wsgi/" },
    ],
    messages: {
      notFound:
        "{{what}} cannot be read here (looked for {{lookedFor}}): the rules that check this site against its Django settings stay silent; point at it with --map, django.root or django.settings",
      configNotFound:
        "{{what}} cannot be read here (looked for {{lookedFor}}): what it sets (sockets, environment, the application) is unknown to the linter, and the checks that need it stay silent; point at it with --map",
    },
    djangoCheck: {
      id: null,
      note: "Django's checks run on the settings Django is started with; this says which settings the linter could not read, so that the other `django/*` rules' silence is not taken for a pass.",
    },
  },
  check({ run, fs, report }) {
    const model = run.django;
    const inRun = runFiles(
      run.servers,
      run.appServerFiles.map((f) => fs.local(f)),
    );
    // A Compose file named on the command line is the run's too: its `environment:` line is where a module is named.
    for (const p of model.projects) for (const f of p.composeFiles ?? []) inRun.add(fs.local(f));
    // Whether a project's settings can be read is known once the statements its settings need are parsed: asked
    // here, so that a module Python would refuse is said even when no other rule reads a setting of it.
    for (const p of model.projects) void p.settingsUnknown;
    const seen = new Set<string>();
    for (const n of model.notFound) {
      // At the line that makes the reference, when it is in a linted file; else at the configuration line that led
      // there; else (a Compose file found beside the project) at each site of the project the run lints.
      const target = [n.from, n.via].find((r): r is RefAt => !!r && inRun.has(fs.local(r.file)));
      const targets = target ? [target] : (n.sites ?? []).filter((r) => inRun.has(fs.local(r.file)));
      for (const t of targets) {
        const file = fs.local(t.file);
        const range = t.range ?? lineRange(run.servers, fs, file, t.line);
        const key = `${file}\0${range.line}\0${range.column}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // An app server's own configuration file: the server and its site may still be read from the rest.
        const messageId = /\bconfiguration\b/.test(n.what) ? "configNotFound" : "notFound";
        report({ messageId, data: { what: new Phrase(shown(n.what)), lookedFor: new Phrase(lookedForShown(n.lookedFor)) }, at: { file, range } });
      }
    }
  },
});

function runFiles(servers: AnyServer[], appServerFiles: string[]): Set<string> {
  const out = new Set(appServerFiles);
  for (const s of servers) for (const f of s.tree.files.keys()) out.add(f);
  return out;
}

/**
 * The line's text (its indentation left out), when the reference carries no exact place: an app-server file that
 * cannot be read, a Compose file's `environment:` line.
 */
function lineRange(servers: AnyServer[], fs: FsFacade, file: string, line: number): Range {
  const src = servers.map((s) => s.tree.files.get(file)?.source).find((x) => x !== undefined) ?? sourceOf(fs, file);
  if (!src || line < 1 || line > src.lineCount) return { start: 0, end: 0, line, column: 1, endLine: line, endColumn: 1 };
  const start = src.lineStart(line);
  const end = line < src.lineCount ? src.lineStart(line + 1) - 1 : src.text.length;
  const text = src.text.slice(start, end);
  const indent = text.length - text.trimStart().length;
  return src.range(start + indent, Math.max(start + indent, start + text.trimEnd().length));
}

function sourceOf(fs: FsFacade, file: string): SourceFile | undefined {
  const read = fs.read(file);
  return read.text === undefined ? undefined : new SourceFile(file, read.text);
}

/**
 * What was looked for, as the message shows it: a path alone is cut in the middle (its start and its file name stay
 * readable); a path with the reason it could not be read keeps the path whole and cuts the reason at its end.
 */
function lookedForShown(text: string): string {
  const path = /^(\/\S*?)(,? .*)?$/s.exec(text);
  if (!path || path[2] === undefined) return shownPath(text);
  return shownPath(path[1]) + shown(path[2], 4 * QUOTE_MAX);
}
