/** The `django` configuration keys and flags as lint options: paths relative to where they are written, flags over the file. */
import path from "node:path";
import { djangoPaths, optionsFromConfig, settingsToOptions } from "../../src/config/resolve.js";
import { ASSUMABLE_SETTINGS, inspectConfig } from "../../src/config/schema.js";
import { RULE_SETTINGS } from "../../src/model/django/index.js";

describe("django keys as lint options", () => {
  test("root and settings files resolve against the configuration's directory; dotted modules stay as written", () => {
    const { config, problems } = inspectConfig(
      {
        django: {
          settings: "shop.settings.production",
          root: "./src",
          sites: [{ names: ["a.example"], settings: "deploy/b_settings.py" }],
          assume: { DEBUG: false },
        },
      },
      [],
    );
    expect(problems).toEqual([]);
    expect(settingsToOptions(config, "/repo").django).toEqual({
      settings: "shop.settings.production",
      root: "/repo/src",
      sites: [{ names: ["a.example"], settings: "/repo/deploy/b_settings.py" }],
      assume: { DEBUG: false },
    });
  });

  test("a bad key is dropped and reported; the good ones stay", () => {
    const { config, problems } = inspectConfig({ django: { settings: "not a module", root: "src", assume: { debug: true, DEBUG: true } } }, []);
    expect(problems.map((p) => p.key)).toEqual(["django.settings", "django.assume.debug"]);
    expect(config.django).toEqual({ root: "src", assume: { DEBUG: true } });
  });

  test("--django-settings and --django-root win over the file's keys, the file's sites and assumptions stay", () => {
    const found = { file: "/repo/.djlint-conf.json", dir: "/repo", config: { django: { settings: "a.settings", root: "src", assume: { DEBUG: false } } } };
    const flags = { django: djangoPaths({ settings: "conf/b.py" }, "/cwd") };
    expect(optionsFromConfig(found as never, flags).django).toEqual({ settings: path.resolve("/cwd/conf/b.py"), root: "/repo/src", assume: { DEBUG: false } });
  });
});

describe("django.assume", () => {
  test("every setting the rules read can be assumed, with its kind checked, and nothing else", () => {
    expect(Object.keys(ASSUMABLE_SETTINGS).sort()).toEqual([...RULE_SETTINGS].sort());
  });

  test("values of the kind Django takes are accepted", () => {
    const { problems } = inspectConfig(
      {
        django: {
          assume: {
            DEBUG: false,
            ALLOWED_HOSTS: [".example.com"],
            SECURE_PROXY_SSL_HEADER: null,
            SECURE_HSTS_SECONDS: 0,
            STATIC_ROOT: "/srv/shop/static",
            FORCE_SCRIPT_NAME: null,
            STORAGES: { staticfiles: { BACKEND: "whitenoise.storage.CompressedManifestStaticFilesStorage" } },
          },
        },
      },
      [],
    );
    expect(problems).toEqual([]);
  });

  test.each([
    ["DEBUG", "False"],
    ["SECURE_SSL_REDIRECT", 1],
    ["ALLOWED_HOSTS", "shop.example.com"],
    ["SECURE_PROXY_SSL_HEADER", ["HTTP_X_FORWARDED_PROTO"]],
    ["SECURE_HSTS_SECONDS", -1],
    ["MIDDLEWARE", [1]],
    ["SECURE_HSTS_SECONDZ", 3600],
  ])("%s = %j is a problem named after the setting", (name, value) => {
    const { problems } = inspectConfig({ django: { assume: { [name]: value } } }, []);
    expect(problems.map((p) => p.key)).toEqual([`django.assume.${name}`]);
  });
});
