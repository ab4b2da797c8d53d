import { pythonHomeProblem, pythonHomes } from "../../src/model/apache/wsgi-groups.js";
import { defineRule } from "../../src/rule-api.js";

const MESSAGE = { interpreter: "interpreter", bin: "bin", "site-packages": "sitePackages", "not-a-venv": "notAVenv" } as const;

export default defineRule({
  dialect: "apache",
  meta: {
    id: "apache/wsgi-python-home-invalid",
    severity: "error",
    summary: "python-home= or WSGIPythonHome names the interpreter, its bin/ directory or a directory that is no Python environment",
    rationale:
      "mod_wsgi's `python-home` (and `WSGIPythonHome`) is what Python calls `sys.prefix`: the root of the virtual environment, the directory holding `pyvenv.cfg`, `bin/` and `lib/`. Given the interpreter (`/srv/venv/bin/python3`), its `bin/` directory or `site-packages`, Python looks for its standard library in the wrong place and the daemon dies at start with \"Fatal Python error: init_fs_encoding ... No module named 'encodings'\" (checked with mod_wsgi 4.9.4), over and over, while every request times out. Point it at the environment's root (`sys.prefix` of the venv).",
    silentWhen: [
      "the path cannot be read here (not mapped with `--map`): only its shape is checked then",
      "the directory is a real Python environment or installation root (it has `pyvenv.cfg`, or `bin/python*` or `lib/python*`), whatever it is called",
      "the path comes from a variable the linter cannot resolve",
    ],
    seeds: [{ seed: "004", section: "Apache" }],
    references: [{ title: "mod_wsgi: Virtual Environments", url: "https://modwsgi.readthedocs.io/en/master/user-guides/virtual-environments.html" }],
    messages: {
      interpreter: "{{option}} names the Python interpreter, not the virtual environment: the daemon dies at start (No module named 'encodings'); use {{root}}",
      bin: "{{option}} names the environment's bin/ directory, not its root: the daemon dies at start (No module named 'encodings'); use {{root}}",
      sitePackages:
        "{{option}} names site-packages (a python-path entry), not the environment's root: the daemon dies at start (No module named 'encodings'); use {{root}}",
      notAVenv:
        "{{option}} is a directory with no pyvenv.cfg, bin/python or lib/python (it holds {{found}}): Python cannot find its standard library there and the daemon dies at start (No module named 'encodings'); point it at the virtual environment's root",
    },
  },
  check({ server, fs, report }) {
    for (const home of pythonHomes(server)) {
      if (home.entry.active === "no" || home.path === null) continue;
      const problem = pythonHomeProblem(fs, home.path);
      if (!problem) continue;
      const data: Record<string, string> =
        problem.kind === "not-a-venv"
          ? { option: home.arg.value, found: problem.found.join(", ") || "nothing" }
          : { option: home.arg.value, root: problem.root };
      report({ messageId: MESSAGE[problem.kind], data, at: home.arg });
    }
  },
});
