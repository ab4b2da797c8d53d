/**
 * When the language server lints. One lint at a time, always of the newest
 * text: a change re-arms the timer (the scheduled lint is replaced, never
 * queued), a change that arrives while a lint runs is picked up when it ends,
 * and the wait after a change is the client's debounce or, when longer, what
 * the last lint took, so a burst of edits to a big file costs a lint per pause
 * instead of a lint per edit. Edits after a quiet spell are linted at once
 * (leading edge).
 */
export class LintScheduler {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private lastChange = -Infinity;
  private lastEnd = -Infinity;
  private lastCost = 0;
  /** A lint is due at once (open, save, settings): an edit arriving meanwhile joins it instead of postponing it. */
  private immediate = false;

  /** `lint` gets the URIs touched since the last lint; `debounceMs` is read at each change. */
  constructor(
    private lint: (uris: string[]) => Promise<void>,
    private debounceMs: () => number,
  ) {}

  /** An edit: linted at once after a quiet spell, else once the burst pauses. */
  changed(uri: string) {
    const now = performance.now();
    const wait = this.wait();
    const quiet = !this.running && !this.timer && now - this.lastChange >= wait && now - this.lastEnd >= wait;
    this.lastChange = now;
    this.pending.add(uri);
    // didOpen is followed by a content change of the same text (TextDocuments reports both): the open's lint stays immediate.
    if (this.immediate && this.timer) return;
    this.arm(quiet ? 0 : wait);
  }

  /** Open, save, close, new settings: lint soon (after the running lint, if one runs). */
  soon(uri: string) {
    this.pending.add(uri);
    this.arm(0);
    this.immediate = true;
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  /** Caps the adaptive wait: past this, a long burst still gets diagnostics during it. */
  private static readonly MAX_WAIT_MS = 2000;
  private wait() {
    return Math.max(this.debounceMs(), Math.min(this.lastCost, LintScheduler.MAX_WAIT_MS));
  }

  private arm(delay: number) {
    this.immediate = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fire(), delay);
  }

  private async fire() {
    this.timer = undefined;
    if (this.running || !this.pending.size) return; // the running lint re-arms when it ends
    this.running = true;
    const uris = [...this.pending];
    this.pending.clear();
    const start = performance.now();
    try {
      await this.lint(uris);
    } finally {
      this.running = false;
      this.lastEnd = performance.now();
      this.lastCost = this.lastEnd - start;
      if (this.pending.size && !this.timer) this.arm(this.wait());
    }
  }
}
