/**
 * Whether an uploaded file can run as a program when Apache serves it from
 * a directory: some file name a client may choose gets a script handler
 * whose module is loaded (and `ExecCGI` for CGI and FastCGI scripts), and
 * access to it is not denied.
 */
import type { ApacheDirective, ApacheSection } from "../../ast/apache.js";
import { handlerFor, optionFor, scriptHandlersSeen, scriptModulesLoaded, type ScriptKind } from "./handlers.js";
import { appliedToFile, type FileRequest } from "./per-dir.js";
import type { ApacheEntry, ApacheServer } from "./server.js";

/** File names an uploader may choose that script handlers take (mod_mime reads every extension of `a.php.jpg`). */
export const UPLOAD_SAMPLES = [
  "upload.php",
  "upload.phtml",
  "upload.phar",
  "upload.php5",
  "upload.php.jpg",
  "upload.cgi",
  "upload.pl",
  "upload.py",
  "upload.sh",
  "upload.fcgi",
];

const NEEDS_EXEC_CGI = new Set<ScriptKind>(["cgi", "fcgid", "fastcgi"]);

export interface ScriptedUpload {
  file: string;
  kind: ScriptKind;
  via: ApacheEntry<ApacheDirective>;
}

/** The first sample upload that would run as a script in a directory served under `url`, or null. */
export function scriptedUpload(server: ApacheServer, at: { vhost: ApacheSection | null; dir: string; url: string }): ScriptedUpload | null {
  if (!scriptHandlersSeen(server, at.vhost)) return null;
  const base = at.url.endsWith("/") ? at.url : at.url + "/";
  for (const file of UPLOAD_SAMPLES) {
    const req: FileRequest & { file: string } = { vhost: at.vhost, dir: at.dir, url: base + file, file };
    const h = handlerFor(server, req);
    if (h.unsure || !h.script || !h.via || scriptModulesLoaded(server, h.script) === "no") continue;
    if (NEEDS_EXEC_CGI.has(h.script)) {
      const exec = optionFor(server, req, "ExecCGI");
      if (!exec.on || exec.unsure) continue;
    }
    if (denied(server, req)) continue;
    return { file, kind: h.script, via: h.via };
  }
  return null;
}

/** Whether the last access rule that surely applies to the file refuses it (`Require all denied`, `Deny from all`). */
function denied(server: ApacheServer, req: FileRequest): boolean {
  let out = false;
  for (const a of appliedToFile(server, req, ["Require", "Deny", "Allow"])) {
    if (!a.sure) continue;
    const args = a.entry.node.args.map((x) => x.value.toLowerCase()).join(" ");
    if (a.entry.node.key === "require") out = args === "all denied";
    else if (a.entry.node.key === "deny" && args === "from all") out = true;
    else if (a.entry.node.key === "allow" && args === "from all") out = false;
  }
  return out;
}
