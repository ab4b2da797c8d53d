/**
 * `--print-django`: what the Django side understood, as JSON, so that users can
 * see why a rule did or did not fire. File fields are local paths (after the
 * path map); `root` and module names are as the server sees them.
 */
import type { DjangoModel, DjangoProjectFacts } from "./index.js";
import type { AppServer } from "./app-servers/types.js";
import { showTemplateText } from "../../template/placeholder.js";

export interface PrintedDjango {
  projects: Record<string, unknown>[];
  notFound: { what: string; lookedFor: string; from: { file: string; line: number }; via?: { file: string; line: number } }[];
}

export function printDjango(model: DjangoModel, local: (p: string) => string): PrintedDjango {
  const at = (r: { file: string; line: number }) => ({ file: r.file ? local(r.file) : "", line: r.line });
  return shownAsWritten({
    projects: model.projects.map((p) => project(p, local)),
    notFound: model.notFound.map((n) => ({ what: n.what, lookedFor: n.lookedFor, from: at(n.from), ...(n.via ? { via: at(n.via) } : {}) })),
  });
}

/** Every string of the printout with a template's expressions shown as written (`{{ domain }}`), not as placeholders. */
function shownAsWritten<T>(v: T): T {
  if (typeof v === "string") return showTemplateText(v) as T;
  if (Array.isArray(v)) return v.map(shownAsWritten) as T;
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shownAsWritten(x)])) as T;
  return v;
}

function project(p: DjangoProjectFacts, local: (p: string) => string): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(p.settings)) {
    if ("notSet" in f) settings[name] = { notSet: true };
    else if ("assumed" in f) settings[name] = { value: f.value, assumed: f.assumed };
    else if (!("file" in f)) settings[name] = { unknown: f.unknown };
    else
      settings[name] = {
        ...("value" in f ? { value: f.value } : {}),
        ...(f.unknown !== undefined ? { unknown: f.unknown } : {}),
        ...(f.default !== undefined ? { default: f.default } : {}),
        ...(f.alternatives !== undefined ? { alternatives: f.alternatives } : {}),
        file: local(f.file),
        line: f.line,
      };
  }
  const sm = p.settingsModule;
  return {
    root: p.root,
    settingsModule: sm ? { value: sm.value, via: sm.via, ...(sm.file ? { file: local(sm.file), line: sm.line } : {}) } : null,
    settingsFiles: p.settingsFiles.map(local),
    ...(p.settingsUnknown ? { settingsUnknown: p.settingsUnknown } : {}),
    settings,
    appServers: p.appServers.map((s) => appServer(s, local)),
    sites: p.sites.map((s) => ({ dialect: s.dialect, file: s.file, line: s.line, names: s.names, via: s.via })),
  };
}

function appServer(s: AppServer, local: (p: string) => string): Record<string, unknown> {
  return {
    kind: s.kind,
    file: local(s.file),
    line: s.at.line,
    listen: s.listen.map((l) => ({
      ...(l.address !== undefined ? { address: l.address } : l.socket !== undefined ? { socket: l.socket } : { fd: l.fd }),
      protocol: l.protocol,
      ...(l.isDefault ? { default: true } : {}),
      ...(l.uncertain ? { uncertain: l.uncertain } : {}),
    })),
    ...(s.app ? { app: s.app.value } : {}),
    ...(s.settingsModule ? { settingsModule: s.settingsModule.value } : {}),
    ...(s.chdir ? { chdir: s.chdir.value } : {}),
  };
}
