/**
 * The Django settings a mod_wsgi application loads, as the run's Django model
 * read them (src/model/django: one read per run, shared with the django/*
 * rules): the project whose WSGI scripts include this `WSGIScriptAlias`'s
 * (the script names the settings module; `python-path=`, `WSGIPythonPath`,
 * `manage.py` or the script's package say where the project is), or the
 * settings the configuration names for it (`django.settings`). The model is
 * asked only when a rule needs a setting: a run that does not reads no
 * Python.
 */
import type { DjangoModel, DjangoProjectFacts } from "../django/index.js";
import { knownSetting } from "../django/sides.js";
import type { WsgiApp } from "./wsgi-apps.js";

/** The project whose settings the application at this `WSGIScriptAlias` loads, or null when they cannot be read. */
export function settingsOfWsgiApp(django: DjangoModel, app: WsgiApp): DjangoProjectFacts | null {
  if (!app.script || app.scriptArg.value.endsWith("/")) return null;
  const arg = app.scriptArg;
  const project = projectsByScript(django).get(scriptKey(app.script, arg.file, arg.range.start));
  return project && !project.settingsUnknown && project.settingsFiles.length ? project : null;
}

const scriptKey = (script: string, file: string, start: number | undefined) => `${script}\0${file}\0${start}`;
const byScript = new WeakMap<DjangoModel, Map<string, DjangoProjectFacts>>();

/**
 * The first project naming each script at each place, built once per model: rules ask per application, and a
 * fleet's one project of thousands of scripts made a scan of every script per application grow with their square.
 */
function projectsByScript(django: DjangoModel): Map<string, DjangoProjectFacts> {
  let index = byScript.get(django);
  if (index) return index;
  index = new Map();
  for (const p of django.projects)
    for (const s of p.scripts) {
      const k = scriptKey(s.script, s.at.file, s.at.range?.start);
      if (!index.has(k)) index.set(k, p);
    }
  byScript.set(django, index);
  return index;
}

/**
 * A setting's value and where it is set (a settings line, or `django.assume`); `unknown` when the settings
 * leave it undecidable, null when they do not set it (Django's default).
 */
export function settingIn(
  project: DjangoProjectFacts,
  name: string,
): { value: unknown; at: { file: string; line: number } | "django.assume" } | "unknown" | null {
  const s = knownSetting(project, name);
  if (!s) return "unknown";
  if (s.how === "default") return null;
  return { value: s.value, at: s.how === "read" ? { file: s.fact.file, line: s.fact.line } : "django.assume" };
}
