/** An Apache server model of a config on disk (its includes followed from its own directory), for the model's tests. */
import path from "node:path";
import { loadApacheTree, type ApacheTree } from "../../src/load/apache.js";
import { DiskFs } from "../../src/load/fs-facade.js";
import { PathMap } from "../../src/load/path-map.js";
import { ApacheServer } from "../../src/model/apache/server.js";

export function apacheServerOf(entry: string): ApacheServer {
  const tree = loadApacheTree(entry, new DiskFs(new PathMap([], path.dirname(entry))));
  if ("error" in tree) throw new Error(tree.error);
  return new ApacheServer(tree as ApacheTree);
}
