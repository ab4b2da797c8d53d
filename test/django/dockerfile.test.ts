/**
 * The settings module a Docker image gives its container (src/model/django/dockerfile.ts), and where it stands among
 * the places a module is chosen from. Expectations from the Dockerfile reference
 * (https://docs.docker.com/reference/dockerfile/: parser directives, `ENV` in both forms, line continuation, comment
 * lines in a continued instruction, heredocs, stages built FROM one another, `--target`) and from Compose's
 * environment precedence (https://docs.docker.com/compose/how-tos/environment-variables/envvars-precedence/:
 * `environment:` over `env_file:` over the image's `ENV`).
 */
import { composeSettingsModule } from "../../src/model/django/compose.js";
import { imageCopies, imageSettingsModule, projectImageSettingsModule } from "../../src/model/django/dockerfile.js";
import { readDjango } from "../../src/model/django/index.js";
import { MemoryFs } from "./memory-fs.js";

const MODULE = "DJANGO_SETTINGS_MODULE";
const image = (text: string, target?: string) => imageSettingsModule(new MemoryFs({ "/r/Dockerfile": text }), "/r/Dockerfile", target);

describe("ENV DJANGO_SETTINGS_MODULE in the stage built", () => {
  test("both forms of ENV, several pairs, quotes; the last ENV of the stage wins", () => {
    expect(image(`FROM python:3.12\nENV ${MODULE}=shop.settings.prod\n`)).toEqual({ value: "shop.settings.prod", file: "/r/Dockerfile", line: 2 });
    expect(image(`FROM python:3.12\nENV ${MODULE} shop.settings.prod\n`)?.value).toBe("shop.settings.prod");
    expect(image(`FROM python:3.12\nENV PYTHONUNBUFFERED=1 ${MODULE}="shop.settings.live" PORT=8000\n`)?.value).toBe("shop.settings.live");
    expect(image(`FROM python:3.12\nENV ${MODULE}=a.dev\nRUN true\nENV ${MODULE}=a.prod\n`)).toMatchObject({ value: "a.prod", line: 4 });
    expect(image(`FROM python:3.12\nENV PYTHONUNBUFFERED=1\n`)).toBeUndefined();
    // A lowercase instruction is an instruction; a name that only starts like the variable is another variable.
    expect(image(`from python:3.12\nenv ${MODULE}X=a.b ${MODULE}=a.c\n`)?.value).toBe("a.c");
  });
  test("continued lines, comment lines inside them, the escape directive; a heredoc's body is no instruction", () => {
    const continued = `FROM python:3.12\nENV PYTHONUNBUFFERED=1 \\\n    # the production settings\n    ${MODULE}=shop.settings.production \\\n    PORT=8000\n`;
    expect(image(continued)).toMatchObject({ value: "shop.settings.production", line: 2 });
    const backtick = "# escape=`\nFROM mcr.microsoft.com/windows/servercore\nENV PORT=8000 `\n    " + MODULE + "=shop.settings.win\n";
    expect(image(backtick)).toMatchObject({ value: "shop.settings.win", line: 3 });
    const heredoc = `FROM python:3.12\nENV ${MODULE}=shop.settings.prod\nRUN <<EOF\nENV ${MODULE}=shop.settings.dev\nEOF\nCMD ["gunicorn", "shop.wsgi"]\n`;
    expect(image(heredoc)).toMatchObject({ value: "shop.settings.prod", line: 2 });
  });
  test("stages: the last is built unless a target is named; a stage inherits the ENV of the stage it is FROM", () => {
    const multi = `FROM python:3.12 AS base\nENV ${MODULE}=shop.settings.prod\n\nFROM base AS dev\nENV ${MODULE}=shop.settings.dev\n\nFROM base AS runtime\nCOPY . /app\n`;
    expect(image(multi)).toMatchObject({ value: "shop.settings.prod", line: 2 });
    expect(image(multi, "dev")).toMatchObject({ value: "shop.settings.dev", line: 5 });
    // A builder stage's environment does not reach a final stage built FROM an image.
    expect(image(`FROM python:3.12 AS build\nENV ${MODULE}=shop.settings.build\nFROM python:3.12-slim\nCOPY --from=build /app /app\n`)).toBeUndefined();
    expect(image(multi, "missing")).toBeUndefined();
  });
  test("a variable is the stage's ARG: the build's value, else its default; unknown without either", () => {
    expect(image(`FROM python:3.12\nARG SETTINGS=shop.settings.prod\nENV ${MODULE}=$SETTINGS\n`)?.value).toBe("shop.settings.prod");
    expect(image(`FROM python:3.12\nARG STAGE=prod\nENV ${MODULE}="shop.settings.\${STAGE}"\n`)?.value).toBe("shop.settings.prod");
    const withArgs = imageSettingsModule(
      new MemoryFs({ "/r/Dockerfile": `FROM python\nARG STAGE=prod\nENV ${MODULE} shop.settings.\${STAGE}\n` }),
      "/r/Dockerfile",
      undefined,
      {
        STAGE: "staging",
      },
    );
    expect(withArgs?.value).toBe("shop.settings.staging");
    expect(image(`FROM python:3.12\nARG STAGE\nENV ${MODULE}=shop.settings.$STAGE\n`)?.value).toBe("unknown");
    expect(image(`FROM python:3.12\nENV ${MODULE}=shop.settings.\${STAGE:-live}\n`)?.value).toBe("shop.settings.live");
    // An ARG before FROM is not in the stage unless declared again there.
    expect(image(`ARG STAGE=prod\nFROM python:3.12\nENV ${MODULE}=shop.settings.$STAGE\n`)?.value).toBe("unknown");
    // Single quotes keep a dollar sign as it is: no module name either.
    expect(image(`FROM python:3.12\nENV ${MODULE}='shop.$x'\n`)?.value).toBe("unknown");
  });
});

describe("the Dockerfiles of a project", () => {
  const pick = (files: Record<string, string>) => projectImageSettingsModule(new MemoryFs({ "/repo/app/manage.py": "", ...files }), "/repo/app");
  test("in the root or above it; a development image's Dockerfile gives way to any other", () => {
    expect(pick({ "/repo/app/Dockerfile": `FROM python\nENV ${MODULE}=a.settings.prod\n` })).toMatchObject({
      value: "a.settings.prod",
      file: "/repo/app/Dockerfile",
    });
    expect(pick({ "/repo/Dockerfile": `FROM python\nENV ${MODULE}=a.settings.prod\n` })).toMatchObject({ value: "a.settings.prod", file: "/repo/Dockerfile" });
    const two = {
      "/repo/app/Dockerfile": `FROM python\nENV ${MODULE}=a.settings.prod\n`,
      "/repo/app/Dockerfile.dev": `FROM python\nENV ${MODULE}=a.settings.dev\n`,
    };
    expect(pick(two)).toMatchObject({ value: "a.settings.prod" });
    expect(pick({ "/repo/app/dev.Dockerfile": `FROM python\nENV ${MODULE}=a.settings.dev\n` })).toMatchObject({ value: "a.settings.dev" });
    // Beside a Dockerfile that sets nothing (the scripts' default runs), the development one says nothing either.
    expect(
      pick({ "/repo/app/Dockerfile": "FROM python\nCMD gunicorn a.wsgi\n", "/repo/app/Dockerfile.dev": `FROM python\nENV ${MODULE}=a.settings.dev\n` }),
    ).toBeUndefined();
  });
  test("unknown when deployed images disagree; nothing when none sets it", () => {
    const two = {
      "/repo/app/Dockerfile.web": `FROM python\nENV ${MODULE}=a.settings.web\n`,
      "/repo/app/Dockerfile.api": `FROM python\nENV ${MODULE}=a.settings.api\n`,
    };
    expect(pick(two)).toBe("unknown");
    expect(pick({ "/repo/app/Dockerfile": "FROM python\nCMD gunicorn a.wsgi\n" })).toBeUndefined();
    // A directory above the repository's root is not looked at.
    expect(pick({ "/repo/app/.git/HEAD": "", "/repo/Dockerfile": `FROM python\nENV ${MODULE}=a.settings.prod\n` })).toBeUndefined();
  });
});

describe("Compose: the image's ENV under environment: and env_file:", () => {
  const pick = (compose: string, extra: Record<string, string> = {}) =>
    composeSettingsModule(new MemoryFs({ "/repo/manage.py": "", "/repo/docker-compose.yml": compose, ...extra }), "/repo");
  const dockerfile = {
    "/repo/docker/Dockerfile.prod": `FROM python AS base\nENV ${MODULE}=shop.settings.prod\nFROM base AS dev\nENV ${MODULE}=shop.settings.dev\n`,
  };
  test("the Dockerfile and target the service builds", () => {
    const build = "services:\n  web:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile.prod\n";
    expect(pick(build, dockerfile)).toEqual({ value: "shop.settings.dev", file: "/repo/docker/Dockerfile.prod", service: "web", line: 4 });
    expect(pick(build + "      target: base\n", dockerfile)).toMatchObject({ value: "shop.settings.prod", line: 2 });
    expect(pick("services:\n  web:\n    build: .\n", { "/repo/Dockerfile": `FROM python\nENV ${MODULE}=shop.settings.live\n` })).toMatchObject({
      value: "shop.settings.live",
      file: "/repo/Dockerfile",
    });
  });
  test("the build's args: fill the Dockerfile's ARG", () => {
    const files = { "/repo/Dockerfile": `FROM python\nARG DJANGO_ENV=production\nENV ${MODULE}=shop.settings.\${DJANGO_ENV}\n` };
    expect(pick("services:\n  web:\n    build:\n      context: .\n      args:\n        DJANGO_ENV: staging\n", files)).toMatchObject({
      value: "shop.settings.staging",
    });
    expect(pick("services:\n  web:\n    build:\n      context: .\n      args: [DJANGO_ENV=live]\n", files)).toMatchObject({ value: "shop.settings.live" });
    expect(pick("services:\n  web:\n    build: .\n", files)).toMatchObject({ value: "shop.settings.production" });
  });
  test("the service's environment: or env_file: wins over the image", () => {
    const files = { ...dockerfile, "/repo/.env.prod": `${MODULE}=shop.settings.from_env_file\n` };
    const build = "services:\n  web:\n    build: {context: ., dockerfile: docker/Dockerfile.prod}\n";
    expect(pick(build + `    environment: [${MODULE}=shop.settings.compose]\n`, files)).toMatchObject({
      value: "shop.settings.compose",
      file: "/repo/docker-compose.yml",
    });
    expect(pick(build + "    env_file: .env.prod\n", files)).toMatchObject({ value: "shop.settings.from_env_file" });
  });
});

describe("where the image stands among the sources of the module", () => {
  const project = {
    "/srv/p/manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings.dev')\n",
    "/srv/p/shop/__init__.py": "",
    "/srv/p/shop/wsgi.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shop.settings.dev')\n",
    "/srv/p/shop/settings/__init__.py": "",
    "/srv/p/shop/settings/dev.py": "DEBUG = True\n",
    "/srv/p/shop/settings/prod.py": "DEBUG = False\n",
    "/srv/p/Dockerfile": `FROM python:3.12\nCOPY . /srv/p\nENV ${MODULE}=shop.settings.prod\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "shop.wsgi"]\n`,
  };
  test("over the default of the scripts (an environment variable beats setdefault)", () => {
    const p = readDjango({ fs: new MemoryFs(project), roots: ["/srv/p"] }).projects[0];
    expect(p.settingsModule).toMatchObject({ value: "shop.settings.prod", file: "/srv/p/Dockerfile", line: 3 });
    expect(p.settings.DEBUG).toMatchObject({ value: false });
  });
  test("not when a process manager of the run starts the app server outside the image", () => {
    const unit = "[Service]\nWorkingDirectory=/srv/p\nExecStart=/srv/p/venv/bin/gunicorn -b 127.0.0.1:8000 shop.wsgi\n";
    const m = readDjango({ fs: new MemoryFs({ ...project, "/etc/systemd/system/shop.service": unit }), appServerFiles: ["/etc/systemd/system/shop.service"] });
    expect(m.projects[0].settingsModule).toMatchObject({ value: "shop.settings.dev", file: "/srv/p/shop/wsgi.py" });
  });
});

describe("where the image holds its build context (WORKDIR, COPY)", () => {
  const copies = (text: string, files: Record<string, string> = {}, target?: string) =>
    imageCopies(new MemoryFs({ "/r/Dockerfile": text, "/r/manage.py": "", "/r/src/app.py": "", ...files }), "/r/Dockerfile", "/r", target);
  test("a directory of the context goes to the destination, relative to WORKDIR; a file does not count", () => {
    expect(copies("FROM python\nWORKDIR /app\nCOPY requirements.txt .\nCOPY . .\n")).toEqual([{ from: ".", to: "/app" }]);
    expect(copies('FROM python\nWORKDIR /srv\nWORKDIR web\nCOPY --chown=app:app ./src/ ./code/\nCOPY ["manage.py", "/srv/web/"]\n')).toEqual([
      { from: "src", to: "/srv/web/code" },
    ]);
  });
  test("the stage built and those it is built FROM; a copy from another stage is not the context", () => {
    const multi = "FROM python AS base\nWORKDIR /app\nCOPY . .\nFROM base AS final\nCOPY --from=base /app /opt/app\n";
    expect(copies(multi)).toEqual([{ from: ".", to: "/app" }]);
    expect(copies("FROM python AS build\nWORKDIR /build\nCOPY . .\nFROM python:3.12-slim\nCOPY --from=build /build /app\n")).toEqual([]);
  });
});
