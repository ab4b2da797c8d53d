// An esbuild plugin for @lezer/python, the parser the Django side loads the
// first time a lint reads a Python file. Its module start-up is most of that
// load, run cold at every such lint, and two parts of it are not needed:
//  - the parse tables (states, stateData, goto, tokenData) ship as strings that
//    @lezer/lr decodes character by character in JavaScript; here they are
//    decoded once at build time and shipped as base64, which Node decodes
//    natively (LRParser.deserialize takes a decoded array as it is);
//  - the syntax-highlighting tags (@lezer/highlight, styleTags over every node
//    type) serve editors' colouring, which the linter never asks for.
// The build checks that the parser it ships gives the same trees as the
// package's own on sample Python: a new @lezer/python whose source no longer
// has these shapes fails the build instead of shipping something else.
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";

const require = createRequire(import.meta.url);
const TABLES = { states: 4, stateData: 2, goto: 2, tokenData: 2 };

/** A typed array's bytes as base64, little-endian whatever the build machine. */
function base64(array) {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength).slice();
  if (os.endianness() === "BE") for (let i = 0; i < bytes.length; i += array.BYTES_PER_ELEMENT) bytes.subarray(i, i + array.BYTES_PER_ELEMENT).reverse();
  return Buffer.from(bytes).toString("base64");
}

// The helper the rewritten module calls: base64 to a typed array (byte order fixed on a big-endian machine).
const HELPER = `function __lezerTable(b64, size) {
  const bytes = Buffer.from(b64, "base64");
  const out = size === 4 ? new Uint32Array(bytes.length / 4) : new Uint16Array(bytes.length / 2);
  const view = new Uint8Array(out.buffer);
  view.set(bytes);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) for (let i = 0; i < view.length; i += size) view.subarray(i, i + size).reverse();
  return out;
}
`;

/** @lezer/python's CommonJS source with decoded tables and without highlighting; throws when its shape is not the expected one. */
export function rewriteLezerPython(source, parser) {
  const tokenData = parser.tokenizers.find((t) => t && t.data instanceof Uint16Array)?.data;
  const decoded = { states: parser.states, stateData: parser.data, goto: parser.goto, tokenData };
  let out = source;
  for (const [key, size] of Object.entries(TABLES)) {
    const re = new RegExp(`\\b${key}: "(?:[^"\\\\]|\\\\.)*"`);
    if (!re.test(out) || !decoded[key]) throw new Error(`lezer-python plugin: no ${key} table in @lezer/python`);
    out = out.replace(re, () => `${key}: __lezerTable("${base64(decoded[key])}", ${size})`);
  }
  const start = out.indexOf("const pythonHighlighting = highlight.styleTags({");
  const end = start < 0 ? -1 : out.indexOf("\n});\n", start);
  if (start < 0 || end < 0 || !out.includes("var highlight = require('@lezer/highlight');"))
    throw new Error("lezer-python plugin: @lezer/python's highlighting is not where expected");
  out = out.slice(0, start) + "const pythonHighlighting = () => null; // no highlighting in a linter" + out.slice(end + 4);
  out = out.replace("var highlight = require('@lezer/highlight');", "");
  return HELPER + out;
}

const SAMPLES = [
  "import os\nfrom .base import *\nX: int = 1\nif DEBUG:\n    A = [1, 2, *b]\nelif x:\n    pass\nelse:\n    B = {'a': f'{c!r:>{w}}', **d}\n",
  "@dec\nclass C(B, metaclass=M):\n    def f(self, *a, k=1, **kw) -> None:\n        return (yield from g()) if a else lambda x: x ** 2\n",
  "try:\n    from x import y as z\nexcept (A, B) as e:\n    raise\nfinally:\n    del q[1:2, ::3]\nwith open(p) as f, g() as (h, i):\n    n += 1; m //= 2\n",
  "match v:\n    case [1, *rest] | {'k': _}:\n        X = r'''\\n''' b'x' u'y'\n    case _:\n        pass\nasync def a():\n    await b\n    async for c in d: ...\nprint 'py2'\n",
];

/** The rewritten module must parse the samples to the same trees as the package. */
function check(rewritten, parser) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lezer-python-"));
  try {
    const file = path.join(dir, "index.cjs");
    // Its requires (@lezer/lr) resolve from the package's own folder.
    fs.writeFileSync(file, rewritten.replaceAll("require('@lezer/lr')", `require(${JSON.stringify(require.resolve("@lezer/lr"))})`));
    const mine = require(file).parser;
    const shape = (tree) => {
      const out = [];
      tree.iterate({ enter: (n) => void out.push(`${n.name}@${n.from}-${n.to}`) });
      return out.join(" ");
    };
    for (const s of SAMPLES) {
      if (shape(mine.parse(s)) !== shape(parser.parse(s)))
        throw new Error(`lezer-python plugin: the rewritten parser reads ${JSON.stringify(s.slice(0, 40))} differently`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const lezerPython = {
  name: "lezer-python",
  setup(b) {
    let cached;
    b.onLoad({ filter: /[\\/]@lezer[\\/]python[\\/]dist[\\/]index\.cjs$/ }, (args) => {
      if (!cached) {
        const parser = require(args.path).parser;
        cached = rewriteLezerPython(fs.readFileSync(args.path, "utf8"), parser);
        check(cached, parser);
      }
      return { contents: cached, loader: "js" };
    });
  },
};
