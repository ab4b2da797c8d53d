import { regexPrefix } from "../../src/model/django/served.js";

describe("regexPrefix: a regex location written for a whole URL prefix", () => {
  it.each([
    ["^/static/(.*)$", { prefix: "/static/", captured: true }],
    ["^/static/(.+)", { prefix: "/static/", captured: true }],
    ["^\\/media\\/(.*)$", { prefix: "/media/", captured: true }],
    ["^/static/", { prefix: "/static/", captured: false }],
    ["^/app-assets/(.*)$", { prefix: "/app-assets/", captured: true }],
  ])("%s is the prefix", (pattern, expected) => {
    expect(regexPrefix(pattern)).toEqual(expected);
  });

  it.each(["\\.(css|js)$", "^/static", "^/(static|media)/(.*)$", "^/static/.*\\.css$", "/static/(.*)$", "^/static/(.*)/x$"])("%s is not", (pattern) => {
    expect(regexPrefix(pattern)).toBeNull();
  });
});
