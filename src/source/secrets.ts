/**
 * What in config text is a secret: the value after a secret-looking name
 * (`SetEnv DJANGO_SECRET_KEY ...`, `"password" => ...`), a password in a URL,
 * an Authorization credential, a password hash, a private key. Used to redact
 * quotes of config text (`shown()`) and to mask a run's secret values in every
 * message (src/engine/redact.ts).
 */

/** What stands in for a secret. */
export const REDACTED = "<redacted>";

/** Names whose value is a secret by nature: `DJANGO_SECRET_KEY`, `db_password`, `Authorization`, `API_KEY`. */
const SECRET_NAME =
  /secret|passw(?:or)?d|passphrase|pwd|token|credential|authorization|api[_-]?key|private[_-]?key|access[_-]?key|(?:^|[_.-])(?:key|pw|salt|dsn)$|database[_-]?url|signature/i;
/** Names of where a secret is kept (a key file, a password file), not of the secret itself. */
const LOCATION_NAME = /(?:file|path|dir|directory|root)$/i;

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name) && !LOCATION_NAME.test(name);
}

// `scheme://user:password@` -> `scheme://user:<redacted>@`; a long user part alone (`https://<key>@sentry.io`) is a key too.
// Every pattern starts at a boundary its first part cannot cross (lookbehinds), so each runs in linear time.
const URL_USERINFO = /(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@:'"]*)(?::([^\s/?#@'"]*))?@/gi;
// The same without a scheme (`user:password@host:port`), as an authority alone is written.
const AUTHORITY_USERINFO = /(?<![^\s'"(=,])([\w.%+-]+):([^\s/?#@'":]+)@(?=[\w[])/g;
// `Basic dXNlcjpwYXNz`, `Bearer eyJ...`: credentials in an Authorization header value.
const AUTH_SCHEME = /\b(Basic|Bearer|Token|Digest|Negotiate|Bot)([ \t]+)([A-Za-z0-9+/=._~-]{8,})/g;
// crypt(3) hashes as /etc/shadow and .htpasswd hold them: `$6$salt$hash`, `$apr1$...`, `$2y$10$...`, `{SHA}...`.
const PASSWORD_HASH =
  /(?<![^\s:'"(=])(?:\$(?:1|2[abxy]?|5|6|7|y|gy|apr1|argon2i?d?|scrypt|pbkdf2[\w-]*)\$[^\s:'"]+|\{(?:SHA|SSHA|SHA256|SHA512|MD5|CRYPT)\}[A-Za-z0-9+/=.$]+)/g;
// Everything from a PEM private key header on is key material.
const PEM = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*/g;

/** Config text with the values of what looks like a secret replaced by `<redacted>`. */
export function redactSecrets(text: string): string {
  const t = redactUrlsAndHashes(text).replace(AUTHORITY_USERINFO, (m, user: string, pass: string) => (pass === REDACTED ? m : `${user}:${REDACTED}@`));
  let out = "";
  let at = 0;
  for (const s of secretSpans(t)) {
    if (s.start < at) continue;
    out += t.slice(at, s.start) + REDACTED;
    at = s.end;
  }
  return (out + t.slice(at)).replace(AUTH_SCHEME, (_m, scheme: string, gap: string) => `${scheme}${gap}${REDACTED}`);
}

// Words that make a name secret-looking: where to look closer (see isSecretName for the decision).
const SECRET_WORD = /secret|passw|passphrase|pwd|token|credential|authorization|key|pw|salt|dsn|database[_-]?url|signature/gi;
/** How far a value is read: a secret is shorter, and a message shows far less. */
const VALUE_MAX = 4096;

const isNameChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45; // [0-9A-Za-z_.-]
const isBlank = (c: number) => c === 32 || c === 9;
// Where an unquoted value ends: a blank or line end, `,` `;` `)` `}` `]` or a quote.
const isValueEnd = (c: number) => c <= 32 || c === 44 || c === 59 || c === 41 || c === 125 || c === 93 || c === 34 || c === 39;

export interface Span {
  start: number;
  end: number;
  /** The value without its quotes (the first string of a concatenation). */
  value: string;
}

/**
 * Where config text holds the value of a secret-looking name, in order:
 * `SetEnv DJANGO_SECRET_KEY value`, `SECRET_KEY=value`, `"password" => "value"`,
 * `password: value`, `Authorization "Basic ..."`, `AuthLDAPBindPassword value`.
 * References (`$http_authorization`, `%{ENV:X}`) and absolute paths (where a
 * key is kept, not the key) are not secrets. Linear in the text.
 */
export function secretSpans(text: string, opts: { limit?: number; skipComments?: boolean } = {}): Span[] {
  const out: Span[] = [];
  const limit = opts.limit ?? Infinity;
  // The line of the current hit, found incrementally (hits come in order): is it a comment?
  let lineEnd = -1;
  let commentAt = Infinity;
  SECRET_WORD.lastIndex = 0;
  for (let m = SECRET_WORD.exec(text); m && out.length < limit; m = SECRET_WORD.exec(text)) {
    if (opts.skipComments) {
      if (m.index > lineEnd) {
        const lineStart = text.lastIndexOf("\n", m.index) + 1;
        lineEnd = text.indexOf("\n", m.index);
        if (lineEnd < 0) lineEnd = text.length;
        commentAt = commentStart(text, lineStart, lineEnd);
      }
      if (m.index >= commentAt) continue;
    }
    let start = m.index;
    while (start > 0 && isNameChar(text.charCodeAt(start - 1))) start--;
    let end = m.index + m[0].length;
    while (end < text.length && isNameChar(text.charCodeAt(end))) end++;
    SECRET_WORD.lastIndex = end;
    const first = text.charCodeAt(start);
    if (!((first >= 65 && first <= 90) || (first >= 97 && first <= 122) || first === 95)) continue;
    if (!isSecretName(text.slice(start, end))) continue;
    const span = valueAfter(text, end);
    if (span && !isReference(span.value)) {
      out.push(span);
      SECRET_WORD.lastIndex = Math.max(end, span.end);
    }
  }
  return out;
}

/** Where a `#` comment starts on a line (at its start or after a blank, outside quotes), or Infinity. */
function commentStart(text: string, from: number, to: number): number {
  let quote = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === 92) i++;
      else if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 35 && (i === from || isBlank(text.charCodeAt(i - 1)))) return i;
  }
  return Infinity;
}

const AUTH_WORD = /^(?:Basic|Bearer|Token|Digest|Negotiate|Bot)$/i;

function wordEnd(text: string, j: number): number {
  let k = j;
  while (k < text.length && k - j < VALUE_MAX && !isValueEnd(text.charCodeAt(k))) k++;
  return k;
}

/** The value that follows a name ending at `i`: after `=`, `=>`, `:`, `:=` or blanks; quoted (with strings joined to it) or up to a blank or delimiter. */
function valueAfter(text: string, i: number): Span | null {
  const q0 = text.charCodeAt(i);
  if (q0 === 34 || q0 === 39) i++; // the closing quote of a quoted name
  let j = i;
  while (isBlank(text.charCodeAt(j))) j++;
  const c = text.charCodeAt(j);
  const n = text.charCodeAt(j + 1);
  const sep = c === 61 ? (n === 62 ? 2 : 1) : c === 58 ? (n === 61 ? 2 : 1) : c === 43 && n === 61 ? 2 : 0; // => = := : +=
  if (sep) {
    j += sep;
    while (isBlank(text.charCodeAt(j))) j++;
  } else if (j === i) return null; // `SECRET_KEY.` or the end of the text: no value here
  const q = text.charCodeAt(j);
  if (q !== 34 && q !== 39) {
    let k = wordEnd(text, j);
    // `Authorization: Bearer <token>`: the scheme and the credential after it.
    if (AUTH_WORD.test(text.slice(j, k)) && isBlank(text.charCodeAt(k))) {
      let t = k;
      while (isBlank(text.charCodeAt(t))) t++;
      if (wordEnd(text, t) > t) k = wordEnd(text, t);
    }
    return k > j ? { start: j, end: k, value: text.slice(j, k) } : null;
  }
  const close = (from: number, quote: number): number => {
    let k = from + 1;
    while (k < text.length && k - j < VALUE_MAX && text.charCodeAt(k) !== quote && text.charCodeAt(k) !== 10) k += text.charCodeAt(k) === 92 ? 2 : 1;
    return Math.min(text.charCodeAt(k) === quote ? k + 1 : k, text.length);
  };
  let end = close(j, q);
  const value = text.slice(j + 1, text.charCodeAt(end - 1) === q && end - 1 > j ? end - 1 : end);
  // `"abc" "def"` or `"abc" + "def"`: the strings that continue the value.
  for (let k = end; ;) {
    while (isBlank(text.charCodeAt(k)) || text.charCodeAt(k) === 43) k++;
    const qk = text.charCodeAt(k);
    if ((qk !== 34 && qk !== 39) || k - j >= VALUE_MAX) break;
    k = end = close(k, qk);
  }
  return value.length ? { start: j, end, value } : null;
}

/**
 * The patterns that are safe on a whole message (fixed words included):
 * passwords in URLs, password hashes, private keys. A message's config text
 * went through `shown()` already; this is the last line of defence.
 */
export function redactUrlsAndHashes(text: string): string {
  return text
    .replace(PEM, `-----BEGIN PRIVATE KEY----- ${REDACTED}`)
    .replace(URL_USERINFO, (m, scheme: string, user: string, pass: string | undefined) =>
      pass !== undefined ? `${scheme}${user}:${REDACTED}@` : user.length >= 16 ? `${scheme}${REDACTED}@` : m,
    )
    .replace(PASSWORD_HASH, REDACTED);
}

/** `$http_cookie`, `%{ENV:X}`, `${VAR}`, `env.X`, `<redacted>`, a file's path (where a key is kept): not a secret value. */
function isReference(v: string): boolean {
  return v.length === 0 || v === REDACTED || /^(?:\$\{?\w+\}?|%\{[^}]*\}|env\.\w+|var\.[\w.-]+)$/.test(v) || isPath(v);
}

const isPath = (v: string) =>
  /^(?:\/|\.\.?\/|~\/)[\w./~-]*$/.test(v) || /^[\w.~-]+(?:\/[\w.~-]+)*\.(?:key|pem|crt|cer|der|p12|pfx|txt|conf|htpasswd|json|ya?ml)$/i.test(v);
