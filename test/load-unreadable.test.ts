/** LookingFs: the outermost missing production path is recorded once, and paths under it cost no more lookups. */
import { LookingFs } from "../src/load/unreadable.js";
import type { FsFacade } from "../src/load/fs-facade.js";

test("paths under a recorded missing directory are not walked again: the record stays the outermost path", () => {
  const asked: string[] = [];
  const here = new Set(["/", "/srv"]);
  const inner: FsFacade = {
    local: (p) => p,
    kind: (p) => {
      asked.push(p);
      return here.has(p) ? "dir" : null;
    },
    list: () => null,
    read: () => ({ error: "no such file or directory" }),
  };
  const fsys = new LookingFs(inner);
  fsys.kind("/srv/shop/app/wsgi.py");
  expect(fsys.unreadable).toEqual(["/srv/shop"]);
  const walked = asked.length;
  for (let i = 0; i < 100; i++) fsys.kind(`/srv/shop/app/module${i}.py`);
  // One lookup each (the question itself), none up the tree.
  expect(asked.length - walked).toBe(100);
  fsys.kind("/srv/blog/wsgi.py");
  expect(fsys.unreadable).toEqual(["/srv/blog", "/srv/shop"]);
});
