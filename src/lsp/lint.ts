/**
 * Lint units. A document is linted together with the main configs
 * (apache2.conf, httpd.conf, nginx.conf, lighttpd.conf) found in its directory
 * and up to three levels above (never above the project root), plus the entry
 * files of earlier lints whose server tree contained it. The engine decides
 * which file belongs to which server. A unit also remembers the files its
 * Django side read (settings modules, WSGI scripts, app-server files): an edit
 * to one of them, in the editor or on disk, re-lints the unit.
 *
 * Every lint goes through the library's own `lint` (src/api/lint.ts), with the
 * open buffers as its overlay, so unsaved text wins over disk and an included
 * file's findings land on its own URI.
 */
import type { FoundConfig } from "../config/discover.js";
import { optionsFromConfig, settingsToOptions } from "../config/resolve.js";
import type { ConfigFile } from "../config/schema.js";
import type { Diagnostic } from "../core/diagnostic.js";
import { dialectOfLanguage } from "../dialects/registry.js";
import { detectDialect } from "../discover/dialect.js";
import { mainConfigsFor } from "../engine/main-config.js";
import { lintInput } from "../api/lint.js";
import type { LintOptions, LintResult } from "../engine/run.js";
import { lintable, textOf, uriToPath, type Snapshot } from "./documents.js";
import type { Publisher } from "./publish.js";
import type { Session } from "./session.js";

export interface LintUnit {
  /** The entry inputs of the lint. */
  inputs: string[];
  /** Every file the lint's server trees held. */
  files: Set<string>;
  /** Files the Django side read. */
  deps: Set<string>;
  /** Settings modules the Django side resolved, and their files (for go to definition). */
  settings: Map<string, string[]>;
}

export class Linter {
  /** Lint units seen so far, by their sorted inputs. */
  readonly units = new Map<string, LintUnit>();

  constructor(
    private session: Session,
    private publisher: Publisher,
  ) {}

  /** Whether a lint read this file: in a server's tree, or on its Django side. */
  dependsOn(file: string): boolean {
    for (const u of this.units.values()) if (u.files.has(file) || u.deps.has(file)) return true;
    return false;
  }

  /** The units whose trees hold the file. */
  unitsHolding(file: string): LintUnit[] {
    return [...this.units.values()].filter((u) => u.files.has(file));
  }

  /** Lints the units of these documents (or changed files) together. */
  async lintUris(uris: string[]) {
    const files = new Set<string>();
    for (const uri of uris) {
      const p = uriToPath(uri);
      if (!p) continue;
      const doc = this.session.documents.get(uri);
      const text = doc ? textOf(doc) : null;
      if (doc && (text === null || !lintable(text))) {
        this.session.log(
          `djlint-conf: ${p} is not linted (${text === null ? "the client sent no text" : text.includes("\u0000") ? "binary content" : "larger than 4 MB"})`,
        );
        this.publisher.publish(new Map([[p, []]]), this.session.snapshot());
        continue;
      }
      // The document itself when it is open; a closed one only through the trees that hold it.
      if (doc) files.add(p);
      for (const u of this.units.values()) if (u.files.has(p) || u.deps.has(p)) for (const i of u.inputs) files.add(i);
      if (doc) for (const m of await this.mainConfigsAbove(p)) files.add(m);
    }
    if (files.size) await this.lintGroup([...files]);
  }

  /** The main configs the document may belong to (src/engine/main-config.ts, shared with the command line). */
  private async mainConfigsAbove(file: string): Promise<string[]> {
    let root: string | null = null;
    try {
      root = await this.session.finder.projectRoot(file, this.session.settings().useConfigFile !== false);
    } catch {
      // A broken configuration is reported by the lint itself.
    }
    return mainConfigsFor(file, root);
  }

  /** The engine's options: configuration file, client settings, the buffers as overlay, the editor's language ids. */
  optionsFor(found: FoundConfig | null, snap: Snapshot, file?: string): LintOptions {
    const s = this.session.settings();
    const root = this.session.workspaceRoot;
    const fromSettings = settingsToOptions(s as ConfigFile, root);
    const flags: LintOptions = {
      ...fromSettings,
      map: fromSettings.map?.length ? fromSettings.map : undefined,
      cwd: root,
      dialect: s.dialect,
      rules: s.rules ?? {},
      overlay: snap.texts,
    };
    // Overrides apply by the file: the first input's (the CLI groups files by their matching entries the same way).
    const opts = optionsFromConfig(found, flags, file);
    // The editor's language id decides the dialect of an open document (apacheconf, nginx...), before detection.
    const configDialect = opts.dialectOf;
    opts.dialectOf = (file) => {
      const lang = this.session.languageOf.get(file);
      const text = snap.texts.get(file);
      return (
        (lang ? dialectOfLanguage(lang) : undefined) ?? configDialect?.(file) ?? (text !== undefined ? (detectDialect(file, text) ?? undefined) : undefined)
      );
    };
    return opts;
  }

  private async lintGroup(inputs: string[]) {
    const found = await this.session.configFor(inputs[0]);
    // Taken after every await: the lint reads the newest text, and its diagnostics carry that text's versions.
    const snap = this.session.snapshot();
    const start = performance.now();
    const run = lintInput({ paths: inputs, options: this.optionsFor(found, snap, inputs[0]) });
    for (const sk of run.skipped) this.session.log(`djlint-conf: skipped ${sk.filePath}: ${sk.reason}`);
    const versions = [...snap.versions].filter(([uri]) => inputs.includes(uriToPath(uri) ?? "")).map(([uri, v]) => `${uri}@${v}`);
    this.session.connection.tracer.log(`djlint-conf: linted ${inputs.length} input(s) in ${Math.round(performance.now() - start)} ms`, versions.join("\n"));
    this.publisher.publish(this.remember(inputs, run), snap);
  }

  /** Records the unit; returns its findings by file, with an empty list for each file the previous lint reached and this one does not. */
  private remember(inputs: string[], run: LintResult): Map<string, Diagnostic[]> {
    const byFile = new Map<string, Diagnostic[]>();
    for (const r of run.results) byFile.set(r.filePath, r.messages);
    const key = [...inputs].sort().join("\0");
    const old = this.units.get(key);
    if (old) for (const f of old.files) if (!byFile.has(f)) byFile.set(f, []);
    const settings = new Map<string, string[]>();
    for (const p of run.django?.projects ?? []) if (p.settingsModule && p.settingsFiles.length) settings.set(p.settingsModule.value, p.settingsFiles);
    this.units.set(key, {
      inputs: run.results.length ? inputs : [],
      files: new Set(run.results.map((r) => r.filePath)),
      deps: new Set(run.djangoFiles ?? []),
      settings,
    });
    return byFile;
  }
}
