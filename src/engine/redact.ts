/**
 * The last step every message takes before it leaves the engine (formatters,
 * the LSP, `--fix` reports): the values the run's configs give to
 * secret-looking names are masked wherever they appear, as CI systems mask
 * registered secrets; passwords in URLs and password hashes are redacted; the
 * message is one line and bounded. Config text was already quoted through
 * `shown()` where each message was built: this catches what a rule, a grammar
 * or a loader quoted without knowing it was a secret (`"abc" "def"` in a
 * lighttpd syntax message, a SetEnv value a rule repeats).
 */
import { capText, escapeControls } from "../source/quote.js";
import { redactUrlsAndHashes, REDACTED, secretSpans } from "../source/secrets.js";

/** A message is at most this long (its config text was cut at QUOTE_MAX per quote already). */
const MESSAGE_MAX = 2000;
/** Secret values shorter than this are not masked: they would mask ordinary words. */
const MIN_SECRET = 4;
/** The most secret values one run masks: bounds the work on a hostile file. */
const MAX_SECRETS = 10_000;
/** The most values that share their first characters: bounds the work per message character. */
const PER_PREFIX = 64;

const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** A secret `v` found at `i` stands on its own: `file` in `log_file` is not the secret `file`. */
function wholeToken(message: string, i: number, v: string): boolean {
  const before = i > 0 && isWordChar(message.charCodeAt(i - 1)) && isWordChar(v.charCodeAt(0));
  const after = isWordChar(message.charCodeAt(i + v.length)) && isWordChar(v.charCodeAt(v.length - 1));
  return !before && !after;
}

export type Redactor = (message: string) => string;

/** A redactor for messages about configs with these texts; the texts are scanned on the first message only. */
export function messageRedactor(texts: () => Iterable<string>): Redactor {
  let mask: SecretMask | undefined;
  return (message) => {
    mask ??= new SecretMask(texts());
    return capText(escapeControls(redactUrlsAndHashes(mask.apply(message))), MESSAGE_MAX);
  };
}

/** The secret values of a run, found by their first characters: one map lookup per message character. */
class SecretMask {
  private readonly byPrefix = new Map<string, string[]>();
  private readonly seen = new Set<string>();

  constructor(texts: Iterable<string>) {
    let n = 0;
    for (const text of texts) {
      for (const s of secretSpans(text, { limit: MAX_SECRETS - n, skipComments: true })) {
        // `"abc" "def"` or `"abc" + "def"`: each string of the value is a part of the secret.
        const strings = [...text.slice(s.start, s.end).matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1] ?? m[2]);
        for (const v of [s.value, ...strings]) this.add(v);
        n++;
      }
      if (n >= MAX_SECRETS) break;
    }
    // Longest first, so that a secret containing another is masked whole.
    for (const list of this.byPrefix.values()) list.sort((a, b) => b.length - a.length);
  }

  private add(v: string) {
    if (v.length < MIN_SECRET || this.seen.has(v)) return;
    this.seen.add(v);
    const key = v.slice(0, MIN_SECRET);
    const list = this.byPrefix.get(key);
    if (!list) this.byPrefix.set(key, [v]);
    else if (list.length < PER_PREFIX) list.push(v);
  }

  /** How many characters of `message` from `i` are a secret: the whole value, or the part a quote cut before `…`. */
  private match(message: string, i: number): number {
    const list = this.byPrefix.get(message.slice(i, i + MIN_SECRET));
    if (!list) return 0;
    for (const v of list) {
      if (message.startsWith(v, i)) {
        if (wholeToken(message, i, v)) return v.length;
        continue;
      }
      let n = MIN_SECRET;
      while (n < v.length && message.charCodeAt(i + n) === v.charCodeAt(n)) n++;
      if (message[i + n] === "…") return n;
    }
    return 0;
  }

  apply(message: string): string {
    if (!this.byPrefix.size) return message;
    let out = "";
    let at = 0;
    for (let i = 0; i + MIN_SECRET <= message.length;) {
      const n = this.match(message, i);
      if (n) {
        out += message.slice(at, i) + REDACTED;
        i = at = i + n;
      } else i++;
    }
    return out + message.slice(at);
  }
}
