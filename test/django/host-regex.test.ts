import { finiteHostNames } from "../../src/model/django/host-regex.js";

describe("finiteHostNames", () => {
  test("lists the names of an anchored regex built from literals, groups, alternation and ?", () => {
    expect(finiteHostNames("^(www\\.)?example\\.com$")?.sort()).toEqual(["example.com", "www.example.com"]);
    expect(finiteHostNames("^(?:api|www)\\.shop\\.example$")?.sort()).toEqual(["api.shop.example", "www.shop.example"]);
    expect(finiteHostNames("^(?<sub>a|b)\\.example\\.org$")?.sort()).toEqual(["a.example.org", "b.example.org"]);
    expect(finiteHostNames("(?i)^Example\\.COM$")).toEqual(["example.com"]);
  });

  test("is null for what can match open-ended input", () => {
    for (const r of [
      "^(.+)\\.example\\.com$",
      "^www\\.example\\.com",
      "example\\.com$",
      "^[a-z]+\\.example\\.com$",
      "^www.example\\.com$",
      "^a*\\.b$",
      "^(?!x)a$",
      "^a{2}$",
    ])
      expect(finiteHostNames(r)).toBeNull();
  });
});
