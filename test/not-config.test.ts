/**
 * Files that are not configurations: an include of /etc/shadow, a .env, a key,
 * a Python module. Each is one `syntax` finding at the include that reached it
 * (or at 1:1 when it is named), and none of its text reaches a message. And
 * the other side: no real-world configuration, typos and all, is ever taken
 * for one (the corpus in test/corpus).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseApache } from "../grammars/apache/index.js";
import { parseLighttpd } from "../grammars/lighttpd/index.js";
import { parseNginx } from "../grammars/nginx/index.js";
import { lintFiles } from "../src/engine/run.js";
import { notConfigReason } from "../src/load/not-config.js";
import { dialectNamed } from "../src/dialects/registry.js";
import type { Dialect } from "../src/core/dialect.js";
import { CORPUS, corpusFiles } from "./support/corpus.js";

const PARSE = { apache: parseApache, nginx: parseNginx, lighttpd: parseLighttpd } as const;
const DIALECTS: Dialect[] = ["apache", "nginx", "lighttpd"];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "djlint-not-config-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/**
 * Files that hold secrets, each with the strings that must never be printed.
 * The values are made up for this test (a fake hash, fake keys).
 */
const FOREIGN: Record<string, { text: string; secrets: string[]; looks: RegExp }> = {
  shadow: {
    text: "root:$6$Jq3vX9aPz$K1fakehashK1fakehashK1fakehashK1fakehash0:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\nwww-data:$y$j9T$fakesalt$fakehashfakehash:19000:0:99999:7:::\n",
    secrets: ["K1fakehash", "fakesalt", "fakehashfakehash"],
    looks: /password, shadow or group file/,
  },
  passwd: {
    text: "root:x:0:0:root:/root:/bin/bash\ndeploy:x:1000:1000:Deploy User,,,:/home/deploy:/bin/bash\n",
    secrets: ["/home/deploy", "Deploy User"],
    looks: /password, shadow or group file/,
  },
  htpasswd: {
    text: "admin:$apr1$fakesalt$Zfakehtpasswdhash1\nbob:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n",
    secrets: ["Zfakehtpasswdhash1", "W6ph5Mm5Pz8GgiULbPgzG37mj9g"],
    looks: /password, shadow or group file/,
  },
  env: {
    text: "# production\nSECRET_KEY=django-insecure-fake-0123456789\nDATABASE_URL=postgres://app:fakedbpass@db/app\nDEBUG=False\n",
    secrets: ["django-insecure-fake", "fakedbpass", "postgres://"],
    looks: /environment \(\.env\) file/,
  },
  compose: {
    text: "services:\n  web:\n    image: shop\n    environment:\n      - SECRET_KEY=fakecomposekey123\n      - STRIPE_KEY=sk_fake_stripe\n",
    secrets: ["fakecomposekey123", "sk_fake_stripe"],
    looks: /YAML/,
  },
  settings: {
    text: "import os\nfrom pathlib import Path\n\nSECRET_KEY = 'fake-settings-key-987'\nDEBUG = False\n",
    secrets: ["fake-settings-key-987"],
    looks: /Python source/,
  },
  json: { text: '{"SECRET_KEY": "fake-json-key", "db": {"password": "fakejsonpass"}}\n', secrets: ["fake-json-key", "fakejsonpass"], looks: /JSON/ },
  pem: {
    text: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAAfakekeymaterial\n-----END PRIVATE KEY-----\n",
    secrets: ["MIIEvQIB", "fakekeymaterial"],
    looks: /PEM key or certificate/,
  },
  ini: { text: "[database]\npassword = fakeinipass\nuser = app\n\n[cache]\nurl = redis://cache\n", secrets: ["fakeinipass", "redis://"], looks: /INI file/ },
};

/** A main config of each dialect that includes `target` on its second line. */
function includer(dialect: Dialect, target: string): string {
  if (dialect === "apache") return `ServerName example.com\nInclude ${target}\n`;
  if (dialect === "nginx") return `events {}\nhttp {\n    include ${target};\n}\n`;
  return `server.port = 80\ninclude "${target}"\n`;
}
const MAIN = { apache: "apache2.conf", nginx: "nginx.conf", lighttpd: "lighttpd.conf" } as const;
const INCLUDE_LINE = { apache: 2, nginx: 3, lighttpd: 2 } as const;

let cases = 0;
function lint(dialect: Dialect, name: string, text: string) {
  const dir = path.join(tmp, `case-${++cases}`);
  fs.mkdirSync(dir);
  const target = path.join(dir, name);
  fs.writeFileSync(target, text);
  fs.writeFileSync(path.join(dir, MAIN[dialect]), includer(dialect, target));
  const run = lintFiles([path.join(dir, MAIN[dialect])], { cwd: dir });
  return { run, target, messages: run.results.flatMap((r) => r.messages.map((m) => ({ ...m, where: `${path.basename(m.file)}:${m.range.line}` }))) };
}

describe("an include of a file that is not a configuration: one finding at the include, none of its text", () => {
  for (const dialect of DIALECTS) {
    for (const [kind, f] of Object.entries(FOREIGN)) {
      test(`${dialect}: ${kind}`, () => {
        const { messages, target } = lint(dialect, kind === "env" ? ".env" : kind, f.text);
        expect(messages.map((m) => `${m.where} ${m.ruleId} ${m.severity}`)).toEqual([`${MAIN[dialect]}:${INCLUDE_LINE[dialect]} syntax error`]);
        expect(messages[0].message).toContain(`reads ${target}, which is not a configuration file`);
        expect(messages[0].message).toMatch(f.looks);
        for (const s of f.secrets) for (const m of messages) expect(m.message).not.toContain(s);
      });
    }
  }

  test("lighttpd: a `key value` secrets file is not read as settings either (its syntax messages would print the values)", () => {
    const { messages } = lint("lighttpd", "secrets.conf", "api_token fake-token-value\npassword fakepass123\nadmin_user fake0user\n");
    expect(messages.map((m) => `${m.where} ${m.ruleId}`)).toEqual(["lighttpd.conf:2 syntax"]);
    expect(messages[0].message).toContain("most of its lines are not lighttpd settings");
    for (const s of ["fake-token-value", "fakepass123", "fake0user"]) expect(messages[0].message).not.toContain(s);
  });

  test("a file named as an input: one finding at 1:1, nothing else from it", () => {
    const file = path.join(tmp, "nginx.conf");
    fs.writeFileSync(file, FOREIGN.shadow.text);
    const run = lintFiles([file], { cwd: tmp });
    expect(run.skipped).toEqual([]);
    expect(run.results.map((r) => r.messages.map((m) => `${m.range.line}:${m.range.column} ${m.ruleId} ${m.message}`))).toEqual([
      ["1:1 syntax not a configuration file (it looks like a password, shadow or group file): nothing in it is linted or shown"],
    ]);
  });

  test("the file's content never reaches the model: a directive in it is neither linted nor fixed", () => {
    // A .env with a line that would be a finding if it were read as Apache configuration.
    const { messages, run } = lint("apache", ".env", "SECRET_KEY=fake\nDEBUG=1\nPythonDebug On\nALLOWED_HOSTS=x\nEMAIL_HOST=smtp\nTIME_ZONE=UTC\n");
    expect(messages.map((m) => m.ruleId)).toEqual(["syntax"]);
    expect(run.results.map((r) => path.basename(r.filePath))).toEqual(["apache2.conf"]);
  });
});

describe("no real configuration is taken for a file in another format", () => {
  /** The corpus files of a dialect as the classifier sees them, the parser's problem count included. */
  const verdicts = (dialect: Dialect, mutate: (t: string) => string) =>
    corpusFiles(dialect).flatMap((f) => {
      const text = mutate(fs.readFileSync(f.path, "utf8"));
      const { ast } = PARSE[dialect](f.path, text);
      const why = notConfigReason(text, dialectNamed(dialect)!.format.notConfig, ast.problems.length);
      return why ? [`${path.relative(CORPUS, f.path)}: ${why}`] : [];
    });

  for (const dialect of DIALECTS) {
    test(`${dialect}: every corpus file is a configuration`, () => {
      expect(corpusFiles(dialect).length).toBeGreaterThan(100);
      expect(verdicts(dialect, (t) => t)).toEqual([]);
    });

    test(`${dialect}: and still is with typos everywhere (every third statement end dropped, names misspelt, quotes cut)`, () => {
      // Many typos make many syntax problems: the classifier must still see a configuration's shape.
      const typos = (t: string) =>
        t
          .split("\n")
          .map((line, i) =>
            i % 3 === 0
              ? line
                  .replace(/;(\s*)$/, "$1")
                  .replace(/^(\s*[A-Za-z_]+)/, "$1x")
                  .replace(/"([^"]*)$/, "$1")
              : line,
          )
          .join("\n");
      expect(verdicts(dialect, typos)).toEqual([]);
    });
  }
});
