/**
 * Compose files read for directories (src/model/django/compose.ts): the
 * directory the proxy's container serves against a settings path in the
 * containers that run the project, through their volumes; unknown whenever
 * the file does not say. Expectations from Compose's file reference (short
 * and long volume syntax, relative host paths from the file's directory,
 * override files merged, `volumes_from`, variables interpolated at run time).
 */
import { composeSettingsModule, composeView, portsPublishedFor } from "../../src/model/django/compose.js";
import { MemoryFs } from "./memory-fs.js";

const ROOT = "/repo";
const CONF = "/repo/deploy/nginx.conf";

/** The view of a repository holding `compose` (as docker-compose.yml unless named) and the configuration. */
function view(compose: string, extra: Record<string, string> = {}, name = "docker-compose.yml") {
  const fsys = new MemoryFs({ [CONF]: "server {}\n", "/repo/manage.py": "", [`/repo/${name}`]: compose, ...extra });
  return composeView(fsys, ROOT, CONF);
}

const PROXY = `
  nginx:
    image: nginx:1.27
    volumes:
      - ./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro
      - static:/srv/static
      - ./media:/srv/media
`;

test("one named volume at two paths is one directory; a path no volume holds is the container's own", () => {
  const v = view(`services:
  web:
    build: .
    volumes:
      - static:/app/collected
${PROXY}
volumes:
  static:
`);
  if (!v || v === "unknown") throw new Error("expected a view");
  expect(v.sameDir("/srv/static", "/app/collected")).toBe(true);
  expect(v.sameDir("/srv/static/css", "/app/collected/css")).toBe(true);
  expect(v.sameDir("/srv/static", "/app/collected/css")).toBe(false);
  expect(v.sameDir("/srv/static", "/app/staticfiles")).toBe(false);
  // A named volume against a directory of the host: a volume driver may bind one.
  expect(v.sameDir("/srv/media", "/app/collected")).toBeNull();
  // The proxy's own files (its image): unknown.
  expect(v.sameDir("/usr/share/nginx/html", "/app/collected")).toBeNull();
});

test("long syntax and bind mounts of the checkout: a settings path from the checkout is placed through the mount", () => {
  const v = view(`services:
  web:
    build:
      context: .
    volumes:
      - type: bind
        source: .
        target: /code
${PROXY}
`);
  if (!v || v === "unknown") throw new Error("expected a view");
  expect(v.sameDir("/srv/media", "/repo/media")).toBe(true);
  expect(v.sameDir("/srv/media", "/repo/uploads")).toBe(false);
  expect(v.shown("/repo/uploads")).toBe("/code/uploads in service web");
});

test("a checkout built into an image with no mount of it and no map: where it is in the container is unknown", () => {
  const v = view(`services:
  web:
    build: .
${PROXY}
`);
  if (!v || v === "unknown") throw new Error("expected a view");
  expect(v.sameDir("/srv/media", "/repo/media")).toBeNull();
  // An absolute path the settings name is a path of the container.
  expect(v.sameDir("/srv/static", "/vol/static")).toBe(false);
});

test("a job of the project that writes the volume is enough (collectstatic beside the app)", () => {
  const v = view(`services:
  web:
    build: .
    command: gunicorn shop.wsgi
  collectstatic:
    build: .
    command: python manage.py collectstatic --noinput
    volumes:
      - static:/app/static
${PROXY}
`);
  if (!v || v === "unknown") throw new Error("expected a view");
  expect(v.sameDir("/srv/static", "/app/static")).toBe(true);
});

test.each([
  ["no service binds or builds the configuration", `services:\n  web:\n    build: ./app\n  nginx:\n    image: nginx\n`],
  ["two services hold it as closely", `services:\n  web:\n    build: .\n  nginx:\n    build: .\n`],
  [
    "the proxy extends another file's service",
    `services:\n  web:\n    build: .\n  nginx:\n    extends: { file: base.yml, service: nginx }\n    volumes: ["./deploy:/etc/nginx/conf.d"]\n`,
  ],
  ["the app takes the proxy's volumes", `services:\n  web:\n    build: .\n    volumes_from: [nginx]\n${PROXY}`],
  ["a variable in a mount", `services:\n  web:\n    build: .\n    volumes: ["\${STATIC_DIR}:/app/static"]\n${PROXY}`],
  ["no service builds or binds the project", `services:\n  web:\n    image: registry.example/shop:1\n${PROXY}`],
  ["the file is not YAML", "services: [\n"],
])("%s: unknown", (_, compose) => {
  expect(view(compose)).toBe("unknown");
});

test("an override file beside the one that holds the proxy is merged by Compose: unknown", () => {
  const compose = `services:\n  web:\n    build: .\n${PROXY}`;
  expect(view(compose, { "/repo/docker-compose.override.yml": "services:\n  web:\n    volumes: [static:/elsewhere]\n" })).toBe("unknown");
  expect(view(compose)).not.toBe("unknown");
});

test("a named volume declared with driver options may be a directory of the host: unknown against another volume", () => {
  const v = view(`services:
  web:
    build: .
    volumes:
      - uploads:/app/media
${PROXY}
volumes:
  static:
    driver_opts: { type: none, o: bind, device: /data/static }
  uploads:
`);
  if (!v || v === "unknown") throw new Error("expected a view");
  expect(v.sameDir("/srv/static", "/app/media")).toBeNull();
});

test("no Compose file: no view", () => {
  expect(composeView(new MemoryFs({ [CONF]: "", "/repo/manage.py": "" }), ROOT, CONF)).toBeNull();
});

test("a Compose file the user names (docker-compose.prod.yml above the project) is read where the default names are", () => {
  // The testdriven.io layout: the project in app/, nginx/ beside it, the production file at the repository's root.
  const compose = `services:
  web:
    build: ./app
    volumes:
      - static_volume:/home/app/web/static
  nginx:
    build: ./nginx
    volumes:
      - ./nginx/nginx.conf:/etc/nginx/conf.d/default.conf:ro
      - static_volume:/home/app/web/staticfiles
volumes:
  static_volume:
`;
  const files = { "/r/app/manage.py": "", "/r/nginx/nginx.conf": "server {}\n", "/r/docker-compose.prod.yml": compose };
  expect(composeView(new MemoryFs(files), "/r/app", "/r/nginx/nginx.conf")).toBeNull();
  const v = composeView(new MemoryFs(files), "/r/app", "/r/nginx/nginx.conf", ["/r/docker-compose.prod.yml"]);
  if (!v || v === "unknown") throw new Error("expected a view");
  // Django collects into /home/app/web/staticfiles, which no volume holds in its container.
  expect(v.sameDir("/home/app/web/staticfiles", "/home/app/web/staticfiles")).toBe(false);
  expect(v.sameDir("/home/app/web/staticfiles", "/home/app/web/static")).toBe(true);
});

describe("DJANGO_SETTINGS_MODULE of the services that run the project", () => {
  const pick = (compose: string, extra: Record<string, string> = {}, named: string[] = []) =>
    composeSettingsModule(new MemoryFs({ "/repo/manage.py": "", "/repo/docker-compose.yml": compose, ...extra }), ROOT, named);
  test("environment as a mapping or as KEY=value items; env_file under it; the service must hold the project", () => {
    expect(pick("services:\n  web:\n    build: .\n    environment:\n      DJANGO_SETTINGS_MODULE: shop.settings.production\n")).toMatchObject({
      value: "shop.settings.production",
      service: "web",
    });
    expect(pick("services:\n  web:\n    build: .\n    environment:\n      - DJANGO_SETTINGS_MODULE=shop.settings.prod\n")).toMatchObject({
      value: "shop.settings.prod",
    });
    // environment: wins over env_file (Compose's precedence); a later env file over an earlier one.
    const files = { "/repo/.env": "DJANGO_SETTINGS_MODULE=shop.settings.a\n", "/repo/.env.prod": "DJANGO_SETTINGS_MODULE='shop.settings.b'\n" };
    expect(pick("services:\n  web:\n    build: .\n    env_file: [.env, .env.prod]\n", files)).toMatchObject({ value: "shop.settings.b" });
    expect(pick("services:\n  web:\n    build: .\n    env_file: .env\n    environment:\n      DJANGO_SETTINGS_MODULE: shop.settings.c\n", files)).toMatchObject(
      {
        value: "shop.settings.c",
      },
    );
    // A service that does not hold the project (a database, another app's image) says nothing about it.
    expect(pick("services:\n  other:\n    image: someone/else\n    environment:\n      DJANGO_SETTINGS_MODULE: other.settings\n")).toBeNull();
  });
  test("unknown: interpolated, services or files that disagree; an env file that is not here says nothing", () => {
    expect(pick("services:\n  web:\n    build: .\n    environment:\n      DJANGO_SETTINGS_MODULE: ${DJANGO_SETTINGS_MODULE:-shop.settings}\n")).toBe("unknown");
    // An env file not in the checkout says nothing (the module is looked for where it would be otherwise).
    expect(pick("services:\n  web:\n    build: .\n    env_file: .env.secret\n")).toBeNull();
    expect(pick("services:\n  web:\n    build: .\n    env_file:\n      - path: .env.local\n        required: false\n")).toBeNull();
    const two =
      "services:\n  web:\n    build: .\n    environment: [DJANGO_SETTINGS_MODULE=shop.settings.web]\n  worker:\n    build: .\n    environment: [DJANGO_SETTINGS_MODULE=shop.settings.worker]\n";
    expect(pick(two)).toBe("unknown");
    // The file the user names is the one read.
    const prod = {
      "/repo/deploy/docker-compose.prod.yml": "services:\n  web:\n    build: ..\n    environment: [DJANGO_SETTINGS_MODULE=shop.settings.production]\n",
    };
    expect(pick(two, prod, ["/repo/deploy/docker-compose.prod.yml"])).toMatchObject({ value: "shop.settings.production" });
  });
});

describe("which Compose files count, merged as Compose merges them", () => {
  const module = (files: Record<string, string>, named: string[] = []) => composeSettingsModule(new MemoryFs({ "/repo/manage.py": "", ...files }), ROOT, named);
  const web = (m: string) => `services:\n  web:\n    build: .\n    environment: [DJANGO_SETTINGS_MODULE=${m}]\n`;
  test("beside the default file, compose.dev.yaml is read only when named", () => {
    const files = { "/repo/compose.yaml": web("shop.settings.prod"), "/repo/compose.dev.yaml": web("shop.settings.dev") };
    expect(module(files)).toMatchObject({ value: "shop.settings.prod" });
    // Without a default file, either may be the one deployed.
    expect(module({ "/repo/compose.prod.yaml": web("shop.settings.prod"), "/repo/compose.dev.yaml": web("shop.settings.dev") })).toBe("unknown");
  });
  test("files named in order override one another service by service; the override file overrides the default one", () => {
    const base = "services:\n  web:\n    build: .\n    environment: [DJANGO_SETTINGS_MODULE=shop.settings.base]\n";
    const prod = "services:\n  web:\n    environment: [DJANGO_SETTINGS_MODULE=shop.settings.prod]\n";
    const files = { "/repo/compose.yaml": base, "/repo/compose.prod.yaml": prod };
    expect(module(files, ["/repo/compose.yaml", "/repo/compose.prod.yaml"])).toMatchObject({ value: "shop.settings.prod", file: "/repo/compose.prod.yaml" });
    expect(module(files, ["/repo/compose.prod.yaml", "/repo/compose.yaml"])).toMatchObject({ value: "shop.settings.base" });
    expect(module({ "/repo/docker-compose.yml": base, "/repo/docker-compose.override.yml": prod })).toMatchObject({ value: "shop.settings.prod" });
  });
});

describe("ports a service publishes for the app server configured in its build context", () => {
  test("short and long syntax; ranges, random host ports and UDP are not read", () => {
    const compose =
      'services:\n  web:\n    build: .\n    ports:\n      - "127.0.0.1:8081:8000"\n      - "9000"\n      - "8100-8101:8100-8101"\n      - "127.0.0.1::7000"\n      - "5353:53/udp"\n      - target: 8443\n        published: "443"\n        host_ip: 127.0.0.1\n  db:\n    image: postgres\n    ports: ["5432:5432"]\n';
    const fsys = new MemoryFs({ "/repo/manage.py": "", "/repo/compose.yaml": compose, "/repo/gunicorn.conf.py": 'bind = "0.0.0.0:8000"\n' });
    expect(portsPublishedFor(fsys, "/repo/gunicorn.conf.py")).toEqual([
      { hostIp: "127.0.0.1", hostPort: 8081, containerPort: 8000 },
      { hostIp: null, hostPort: 9000, containerPort: 9000 },
      { hostIp: "127.0.0.1", hostPort: 443, containerPort: 8443 },
    ]);
    // A unit on the host is not in a container.
    expect(portsPublishedFor(new MemoryFs({ "/etc/compose.yaml": compose, "/etc/systemd/system/a.service": "" }), "/etc/systemd/system/a.service")).toEqual([]);
  });
});
